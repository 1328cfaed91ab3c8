import { withEvents } from '../events/outbox.js';
import type { OutboxEvent } from '../events/tmf-event.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { canMoveOrder, terminalItemStates, terminalOrderStates, type ProductOrderItemState, type ProductOrderState } from './states.js';
import { orderProgressEvents } from './order-events.js';
import type { OrderStore } from './order-store.js';
import type { OrderMeta } from './order-record.js';
import type { ProductOrder } from './product-order.js';
import { heldInstead, resumeStateFields } from './freeze-record.js';

export interface StateChange {
  state: ProductOrderState;
  /** New state for every item that is not already terminal, or per item id. */
  itemState?: ProductOrderItemState | Record<string, ProductOrderItemState>;
  processInstanceKey?: string;
  /**
   * More to write in the same update, decided from the order as it will be: extra fields and events,
   * or undefined when the stored order already has them (so repeating the change stays a no-op).
   */
  also?: (next: ProductOrder, meta: OrderMeta) => { set: Record<string, unknown>; events: OutboxEvent[] } | undefined;
}

export type StateChangeResult =
  | { outcome: 'changed' | 'unchanged'; order: ProductOrder }
  | { outcome: 'not-found' }
  | { outcome: 'refused'; order: ProductOrder; reason: string };

/**
 * Moves an order (and its items) to a new state, and queues its events in the same document write
 * (a state change event only when the order's state changes). Repeating a change already made is a no-op, so a redelivered job is harmless.
 */
export async function changeOrderState(store: OrderStore, orderId: string, change: StateChange): Promise<StateChangeResult> {
  return retryOnRace(`order ${orderId}`, async () => {
    const stored = await store.findStored(orderId);
    if (!stored) return { outcome: 'not-found' };
    const { _id, _ordo, ...rest } = stored;
    const current = rest as ProductOrder;
    // A frozen order stays held; it will resume in the state the process reports meanwhile.
    const resume = heldInstead(_ordo.freeze, current.state, change.state);
    if (!resume && !canMoveOrder(current.state, change.state)) {
      return { outcome: 'refused', order: current, reason: `order ${orderId} cannot move from ${current.state} to ${change.state}` };
    }
    const next = applyChange(current, resume ? { ...change, state: current.state } : change);
    const keyToRecord = change.processInstanceKey && !_ordo.process.processInstanceKey ? change.processInstanceKey : undefined;
    const extra = change.also?.(next, _ordo);
    if (sameStates(current, next) && !keyToRecord && !extra && resume === _ordo.freeze?.resumeState) return { outcome: 'unchanged', order: current };

    const set: Record<string, unknown> = { state: next.state, productOrderItem: next.productOrderItem, ...(resume ? resumeStateFields(resume) : {}), ...extra?.set };
    if (next.completionDate) set['completionDate'] = next.completionDate;
    if (keyToRecord) Object.assign(set, store.processInstanceFields(keyToRecord));
    const changedStates = !sameStates(current, next);
    const update = withEvents({ $set: set }, [...orderProgressEvents(current, next), ...(extra?.events ?? [])]);
    const won = await store.updateAtRevision(orderId, _ordo.revision, update);
    return won ? { outcome: changedStates || extra ? 'changed' : 'unchanged', order: next } : LOST_RACE;
  });
}

function applyChange(order: ProductOrder, change: StateChange): ProductOrder {
  const items = order.productOrderItem.map((item) => {
    const target = typeof change.itemState === 'string' ? change.itemState : change.itemState?.[item.id];
    if (!target || terminalItemStates.includes(item.state)) return item;
    return { ...item, state: target };
  });
  const finished = terminalOrderStates.includes(change.state) && !terminalOrderStates.includes(order.state);
  return {
    ...order,
    state: change.state,
    productOrderItem: items,
    ...(finished ? { completionDate: new Date().toISOString() } : {}),
  };
}

function sameStates(a: ProductOrder, b: ProductOrder): boolean {
  return a.state === b.state && a.productOrderItem.every((item, i) => item.state === b.productOrderItem[i]?.state);
}
