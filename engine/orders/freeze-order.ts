import type { MessageSource } from '../process/message-notifier.js';
import type { OrderStore, StoredOrder } from './order-store.js';
import type { StateChangeResult } from './change-order-state.js';
import { rewriteOrder } from './rewrite-order.js';
import { ProductOrderState, type ProductOrderState as State } from './states.js';

/** Published (key: the freeze key) when a frozen order may go on; the process waits for it at a safe point. */
export const ORDER_UNFROZEN_MESSAGE = 'order-unfrozen';

/** `_ordo.freeze`: the order's latest freeze. */
export interface Freeze {
  /** Counts freezes: each has its own message key, so a late message of an earlier one releases nothing. */
  cycle: number;
  frozenAt: Date;
  reason?: string;
  /** The state the order returns to when unfrozen (kept up to date while it is held). */
  resumeState: State;
  unfrozenAt?: Date;
  /** Set by the unfreeze write until the process has been told. */
  notifyPending?: true;
}

const S = ProductOrderState;

export const isFrozen = (freeze: Freeze | undefined): boolean => !!freeze && !freeze.unfrozenAt;
/** The key the process waits on while frozen. */
export const freezeKey = (orderId: string, freeze: Freeze) => `${orderId}#${freeze.cycle}`;

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
    return { next: { ...order, state: S.held }, set: { '_ordo.freeze': next } };
  });
}

/** The client unfreezes it: it returns to the state it would be in, and its process is told (message order-unfrozen). */
export function unfreezeOrder(orders: OrderStore, orderId: string): Promise<StateChangeResult> {
  return rewriteOrder(orders, orderId, (order, { freeze }) => {
    if (!freeze || !isFrozen(freeze)) return { next: order };
    // Cancelled (or finished) while frozen: nothing to resume, but a waiting process is still released.
    const state = order.state === S.held ? freeze.resumeState : order.state;
    return { next: { ...order, state }, set: { '_ordo.freeze.unfrozenAt': new Date(), '_ordo.freeze.notifyPending': true } };
  });
}

/**
 * While frozen, the process may still report the order moving on (it had passed a safe point):
 * the order stays `held` and will resume in that state. Undefined when `target` is not affected.
 */
export function heldInstead(freeze: Freeze | undefined, current: State, target: State): State | undefined {
  if (!isFrozen(freeze) || current !== S.held) return undefined;
  return target === S.inProgress || target === S.pending ? target : undefined;
}

/** Finishing is allowed from a frozen order whose process has passed its last safe point. */
export const finishingFrom = (state: State): State => (state === S.held ? S.inProgress : state);

/** Tells processes that their order was unfrozen (see MessageNotifier); the unfreeze write marks the order. */
export function unfreezeMessages(orders: OrderStore): MessageSource<StoredOrder> {
  return {
    collection: orders.collection,
    pendingField: '_ordo.freeze.notifyPending',
    what: 'order unfrozen',
    messageOf: (order) => {
      const freeze = order._ordo.freeze!;
      const key = freezeKey(order._id, freeze);
      // The order's process and its items' may be held at once: each takes it.
      return { name: ORDER_UNFROZEN_MESSAGE, target: { variables: { freezeKey: key } }, all: true, variables: {}, logFields: { orderId: order._id, freezeKey: key } };
    },
    stillAsPublished: (order) => ({ '_ordo.freeze.cycle': order._ordo.freeze!.cycle }),
  };
}
