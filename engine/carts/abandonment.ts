import { withEvents } from '../events/outbox.js';
import { releaseCartHolds } from '../inventory/number-holds.js';
import type { ResourceStore } from '../inventory/resource-store.js';
import type { Channel } from '../notifications/notification-channel.js';
import type { Notifications } from '../notifications/notifications.js';
import { CartStatus, presentCart, type ShoppingCart, type StoredCart } from './cart.js';
import { cartChangedEvent } from './cart-events.js';
import type { AbandonmentTimings } from './cart-messages.js';
import type { CartStore } from './cart-store.js';

export interface AbandonmentDeps {
  carts: CartStore;
  resources: ResourceStore;
  notifications: Notifications;
  timings: AbandonmentTimings;
  /** The link back to a cart, `{id}` replaced by its id; empty: the cart's href. */
  link: string;
}

/** A timer and the activity message that would have reset it can cross: a cart this close to its deadline counts as idle. */
const TIMER_SLACK_MS = 1000;

/** How long a cart has been idle when its process reaches reminder `n` (1, 2) or, for n = 3, its expiry. */
function idleNeeded(timings: AbandonmentTimings, n: 1 | 2 | 3): number {
  return timings.firstReminderAfterMs + (n >= 2 ? timings.secondReminderAfterMs : 0) + (n === 3 ? timings.expireAfterMs : 0);
}

const isIdle = (cart: StoredCart, timings: AbandonmentTimings, n: 1 | 2 | 3, now: Date) =>
  cart.status === CartStatus.active && !cart._ordo.deletedAt && now.getTime() - cart._ordo.lastActivityAt.getTime() + TIMER_SLACK_MS >= idleNeeded(timings, n);

/** Where a reminder goes: the cart's e-mail address, else its phone (TMF ContactMedium). */
export function reminderAddress(cart: ShoppingCart): { channel: Channel; to: string } | undefined {
  const media = (cart.contactMedium ?? []) as { mediumType?: string; characteristic?: { emailAddress?: string; phoneNumber?: string } }[];
  const email = media.find((m) => m.characteristic?.emailAddress)?.characteristic?.emailAddress;
  if (email) return { channel: 'email', to: email };
  const phone = media.find((m) => m.characteristic?.phoneNumber)?.characteristic?.phoneNumber;
  return phone ? { channel: 'sms', to: phone } : undefined;
}

export type ReminderOutcome = 'sent' | 'noContact' | 'notIdle';

/**
 * Reminder `n` of an idle cart, with a link back to it, by e-mail or SMS through the notification
 * gateway; counted on the cart. A cart used, checked out or deleted since is left alone. Sent once
 * per idle spell, however often the step runs.
 */
export async function remindIdleCart(deps: AbandonmentDeps, cartId: string, n: 1 | 2, signal?: AbortSignal): Promise<ReminderOutcome> {
  const cart = await deps.carts.findStored(cartId);
  const now = new Date();
  if (!cart || !isIdle(cart, deps.timings, n, now)) return 'notIdle';
  const spell = cart._ordo.lastActivityAt.getTime();
  if ((cart._ordo['remindedSpell'] as Record<string, number> | undefined)?.[String(n)] !== spell) {
    await deps.carts.updateAtRevision(cartId, cart._ordo.revision, { $set: { [`_ordo.remindedSpell.${n}`]: spell }, $inc: { '_ordo.reminders': 1 } });
  }
  // An anonymous cart's address is unproven: Ordo writes only to a customer's cart, so no one can use carts to send mail to others.
  const address = cart._ordo.party ? reminderAddress(cart) : undefined;
  if (!address) return 'noContact';
  const link = deps.link ? deps.link.replace('{id}', encodeURIComponent(cartId)) : cart.href;
  const items = cart.cartItem.length;
  const text = n === 1
    ? `Your cart with ${items} item${items === 1 ? '' : 's'} is waiting for you: ${link}`
    : `Last reminder: your cart and any number you picked are kept only a little longer. ${link}`;
  await deps.notifications.send({ ...address, subject: n === 1 ? 'Your cart is waiting' : 'Your cart expires soon', text, recordedText: text, idempotencyKey: `shoppingCart:${cartId}:reminder:${n}:${spell}` }, signal);
  return 'sent';
}

/** How the expiry step found the cart: expired now (or before), closed (checked out, deleted, gone), or used meanwhile. */
export type ExpiryOutcome = 'expired' | 'closed' | 'used';

/**
 * The end of an idle cart: expired, its numbers back in the pool. A cart checked out, deleted or
 * gone is `closed` (its process ends even if the message saying so was lost); one used meanwhile
 * is `used` (the wait starts again).
 */
export async function expireIdleCart(deps: AbandonmentDeps, cartId: string): Promise<ExpiryOutcome> {
  const stored = (id: string) => deps.carts.findStored(id).then((cart) => cart ?? Promise.reject(new Error(`shopping cart ${id} is gone`)));
  if (!(await deps.carts.findStored(cartId))) return 'closed';
  const outcome = await deps.carts.change<ExpiryOutcome>(cartId, (cart) => {
    if (cart.status === CartStatus.expired) return { done: 'expired' };
    if (cart._ordo.deletedAt || cart.status === CartStatus.checkedOut) return { done: 'closed' };
    if (!isIdle(cart, deps.timings, 3, new Date())) return { done: 'used' };
    const now = new Date();
    const next = { ...presentCart(cart), status: CartStatus.expired, lastUpdate: now.toISOString() };
    return { update: withEvents({ $set: { status: next.status, lastUpdate: next.lastUpdate, '_ordo.expiredAt': now } }, [cartChangedEvent(next, ['status'])]), result: 'expired' };
  }, stored);
  // Released after the write, and again by a repeated step: released numbers stay released.
  if (outcome === 'expired') await releaseCartHolds(deps.resources, cartId, 'cart expired');
  return outcome;
}
