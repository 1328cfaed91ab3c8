import type { MessageSource } from '../process/message-notifier.js';
import type { StartSource } from '../process/process-starter.js';
import { signalMessages } from '../process/signal-messages.js';
import { isoDuration } from '../payments/collect-payment.js';
import { CART_CREATED_MESSAGE, type StoredCart } from './cart.js';
import type { CartStore } from './cart-store.js';

/** When an idle cart is reminded, reminded again, and expired: the timers of bpmn/abandoned-cart.bpmn. */
export interface AbandonmentTimings {
  firstReminderAfterMs: number;
  secondReminderAfterMs: number;
  expireAfterMs: number;
}

/** How long an idle cart lives with these timings, from its last use to its expiry. */
export const idleLifetimeMs = (timings: AbandonmentTimings) => timings.firstReminderAfterMs + timings.secondReminderAfterMs + timings.expireAfterMs;

/** Each cart starts bpmn/abandoned-cart.bpmn, its id the business key, with the configured timings as ISO-8601 durations. */
export const cartStarts = (carts: CartStore, timings: AbandonmentTimings): StartSource => ({
  collection: carts.collection as unknown as StartSource['collection'],
  message: CART_CREATED_MESSAGE,
  variables: (doc) => ({
    cartId: doc._id,
    firstReminderAfter: isoDuration(timings.firstReminderAfterMs),
    secondReminderAfter: isoDuration(timings.secondReminderAfterMs),
    expireAfter: isoDuration(timings.expireAfterMs),
  }),
  what: 'shopping cart',
});

/** Tells a cart's process that the cart was used (the idle wait starts again) or closed (checked out, deleted). */
export const cartMessages = (carts: CartStore): MessageSource<StoredCart> => signalMessages<StoredCart>(carts.collection as unknown as MessageSource<StoredCart>['collection'], 'shopping cart signal', 'cartId');
