import { withEvents } from '../events/outbox.js';
import type { StateChangeResult } from './change-order-state.js';
import { orderProgressEvents } from './order-events.js';
import type { OrderMeta, OrderStore } from './order-store.js';
import type { ProductOrder } from './product-order.js';

const MAX_RACE_RETRIES = 20;

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
  for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
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
    if (await orders.updateAtRevision(orderId, _ordo.revision, update)) return { outcome: 'changed', order: next };
  }
  throw new Error(`order ${orderId}: gave up after ${MAX_RACE_RETRIES} concurrent updates`);
}
