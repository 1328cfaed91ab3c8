import { withEvents } from '../events/outbox.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import type { StateChangeResult } from './change-order-state.js';
import { orderProgressEvents } from './order-events.js';
import type { OrderStore } from './order-store.js';
import type { OrderMeta } from './order-record.js';
import type { ProductOrder } from './product-order.js';

/**
 * One retried read-modify-write of an order: `plan` returns the new order and extra fields to set,
 * or a refusal; the write happens only if nobody changed the order meanwhile, and queues the
 * events of what moved.
 */
export async function rewriteOrder(
  orders: OrderStore,
  orderId: string,
  plan: (order: ProductOrder, meta: OrderMeta) => { next: ProductOrder; set?: Record<string, unknown> } | { refused: string },
): Promise<StateChangeResult> {
  return retryOnRace(`order ${orderId}`, async () => {
    const stored = await orders.findStored(orderId);
    if (!stored) return { outcome: 'not-found' };
    const { _id, _ordo, ...rest } = stored;
    const current = rest as ProductOrder;
    const planned = plan(current, _ordo);
    if ('refused' in planned) return { outcome: 'refused', reason: planned.refused, order: current };
    const { next, set = {} } = planned;
    const statesMoved = next.state !== current.state || JSON.stringify(next.productOrderItem) !== JSON.stringify(current.productOrderItem);
    if (!statesMoved && Object.keys(set).length === 0) return { outcome: 'unchanged', order: current };
    const update = withEvents({ $set: { state: next.state, productOrderItem: next.productOrderItem, ...(next.completionDate ? { completionDate: next.completionDate } : {}), ...set } }, orderProgressEvents(current, next));
    return (await orders.updateAtRevision(orderId, _ordo.revision, update)) ? { outcome: 'changed', order: next } : LOST_RACE;
  });
}
