import type { MessageSource } from '../process/message-notifier.js';
import type { OrderStore } from './order-store.js';
import type { StoredOrder } from './order-record.js';
import type { StateChangeResult } from './change-order-state.js';
import { rewriteOrder } from './rewrite-order.js';
import { ProductOrderState } from './states.js';
import { freezeFields, freezeKey, isFrozen, sameFreeze, UNFREEZE_NOTIFY_PENDING, unfreezeFields, type Freeze } from './freeze-record.js';

/** Published (key: the freeze key) when a frozen order may go on; the process waits for it at a safe point. */
export const ORDER_UNFROZEN_MESSAGE = 'order-unfrozen';

const S = ProductOrderState;

/**
 * The client freezes the order: it is `held` at once, and its process stops at its next safe point
 * (a `hold-if-frozen` task) until unfrozen. Freezing a frozen order changes nothing; a finished or
 * cancelling order cannot be frozen.
 */
export function freezeOrder(orders: OrderStore, orderId: string, reason?: string): Promise<StateChangeResult> {
  return rewriteOrder(orders, orderId, (order, { freeze }) => {
    if (isFrozen(freeze)) return { next: order };
    if (![S.acknowledged, S.pending, S.inProgress].includes(order.state as never)) return { refused: `a ${order.state} order cannot be frozen` };
    const next: Freeze = { cycle: (freeze?.cycle ?? 0) + 1, frozenAt: new Date(), resumeState: order.state === S.pending ? S.pending : S.inProgress, ...(reason ? { reason } : {}) };
    return { next: { ...order, state: S.held }, set: freezeFields(next) };
  });
}

/** The client unfreezes it: it returns to the state it would be in, and its process is told (message order-unfrozen). */
export function unfreezeOrder(orders: OrderStore, orderId: string): Promise<StateChangeResult> {
  return rewriteOrder(orders, orderId, (order, { freeze }) => {
    if (!freeze || !isFrozen(freeze)) return { next: order };
    // Cancelled (or finished) while frozen: nothing to resume, but a waiting process is still released.
    const state = order.state === S.held ? freeze.resumeState : order.state;
    return { next: { ...order, state }, set: unfreezeFields() };
  });
}

/** Tells processes that their order was unfrozen (see MessageNotifier); the unfreeze write marks the order. */
export function unfreezeMessages(orders: OrderStore): MessageSource<StoredOrder> {
  return {
    collection: orders.collection,
    pendingField: UNFREEZE_NOTIFY_PENDING,
    what: 'order unfrozen',
    messageOf: (order) => {
      const freeze = order._ordo.freeze!;
      const key = freezeKey(order._id, freeze);
      // The order's process and its items' may be held at once: each takes it.
      return { name: ORDER_UNFROZEN_MESSAGE, target: { variables: { freezeKey: key } }, all: true, variables: {}, logFields: { orderId: order._id, freezeKey: key } };
    },
    stillAsPublished: (order) => sameFreeze(order._ordo.freeze!),
  };
}
