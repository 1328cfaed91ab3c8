import { placeOrder, type PlaceOrderDeps } from '../orders/place-order.js';
import { freezeOrder, unfreezeOrder } from '../orders/freeze-order.js';
import type { StateChangeResult } from '../orders/change-order-state.js';
import type { ProductOrder } from '../orders/product-order.js';
import { createdWithExternalId } from '../tmf/idempotent-create.js';
import type { CpqOrder } from './cpq-system.js';

/** The party the CPQ's orders are placed as: the scope of their externalId and idempotency. */
const CPQ_PARTY = 'salesforce';

export interface CpqOrderDeps extends PlaceOrderDeps {
  /** After an unfreeze: tell the waiting process. */
  unfrozen: (orderId: string) => void;
}

export interface SubmittedCpqOrder {
  order: ProductOrder;
  /** True when the CPQ resubmitted an order and got the first one back. */
  replayed: boolean;
  /** No customer yet: the order waits (pending) for it. */
  provisional: boolean;
}

/** Submit Order Request: places the order; what placing it refuses escapes as its Refusal. */
export async function submitCpqOrder(submitted: CpqOrder, deps: PlaceOrderDeps): Promise<SubmittedCpqOrder> {
  const { order, replayed } = await placeOrder({ body: submitted.productOrder, party: CPQ_PARTY, idempotencyKey: submitted.cpqOrderId }, deps);
  const provisional = !Array.isArray(order['relatedParty']) || order['relatedParty'].length === 0;
  return { order, replayed, provisional };
}

/** `unknown`: the CPQ never submitted an order with that id. */
export type CpqOrderChange = { outcome: 'unknown' } | ({ orderId: string } & StateChangeResult);

async function changeCpqOrder(cpqOrderId: string, deps: Pick<CpqOrderDeps, 'orders'>, change: (orderId: string) => Promise<StateChangeResult>): Promise<CpqOrderChange> {
  const stored = await deps.orders.findStoredBy(createdWithExternalId(CPQ_PARTY, cpqOrderId));
  if (!stored) return { outcome: 'unknown' };
  return { orderId: stored.id, ...(await change(stored.id)) };
}

/** Freeze Order Request: the order is held at once, its process stops at its next safe point. */
export const freezeCpqOrder = (cpqOrderId: string, reason: string, deps: Pick<CpqOrderDeps, 'orders'>) => changeCpqOrder(cpqOrderId, deps, (id) => freezeOrder(deps.orders, id, reason));

/** Unfreeze Order Request: the order returns to where it was, and its process is released. */
export const unfreezeCpqOrder = (cpqOrderId: string, deps: Pick<CpqOrderDeps, 'orders' | 'unfrozen'>) =>
  changeCpqOrder(cpqOrderId, deps, async (id) => {
    const result = await unfreezeOrder(deps.orders, id);
    if (result.outcome === 'changed') deps.unfrozen(id);
    return result;
  });
