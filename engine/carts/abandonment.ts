import { withEvents } from '../events/outbox.js';
import { releaseCartHolds, renewCartHolds } from '../inventory/number-holds.js';
import type { ResourceStore } from '../inventory/resource-store.js';
import type { Channel } from '../notifications/notification-channel.js';
import type { Notifications } from '../notifications/notifications.js';
import { CartSignal, CartStatus, presentCart, type ContactMedium, type ShoppingCart, type StoredCart } from './cart.js';
import type { CartCustomers } from './cart-owner.js';
import { cartChangedEvent } from './cart-events.js';
import { idleLifetimeMs, type AbandonmentTimings } from './cart-messages.js';
import type { CartStore } from './cart-store.js';

export interface AbandonmentDeps {
  carts: CartStore;
  resources: ResourceStore;
  notifications: Notifications;
  /** Where reminders may go: only addresses Ordo keeps for the cart's customer. */
  customers: Pick<CartCustomers, 'contactsOf'> | undefined;
  timings: AbandonmentTimings;
  /** The link back to a cart, `{id}` replaced by its id; empty: the cart's href. */
  link: string;
}

/**
 * Whether the cart is still idle when a timer of its process fires. Every use of the cart sends its
 * process a message that starts the wait again, so a timer that fired saw no use; a use whose
 * message is still on its way (pending) means the cart was used. How long the waits are is the
 * model's business: an analyst may change a timer there.
 */
const isIdle = (cart: StoredCart) =>
  cart.status === CartStatus.active && !cart._ordo.deletedAt && !(cart._ordo.signal?.pending && cart._ordo.signal.name === CartSignal.activity);

const addressOf = (medium: ContactMedium): { channel: Channel; to: string } | undefined => {
  const { emailAddress, phoneNumber } = medium.characteristic ?? {};
  return emailAddress ? { channel: 'email', to: emailAddress } : phoneNumber ? { channel: 'sms', to: phoneNumber } : undefined;
};

/** The addresses of these contact media, e-mail before phone. */
const addressesOf = (media: readonly ContactMedium[]) => {
  const addresses = media.map(addressOf).filter((a) => a !== undefined);
  return [...addresses.filter((a) => a.channel === 'email'), ...addresses.filter((a) => a.channel !== 'email')];
};

/**
 * Where a reminder goes: the cart's e-mail address (else its phone) when it is one Ordo keeps for
 * the customer, else the customer's own e-mail, else phone. An address only the cart names gets
 * nothing, so nobody can use carts to send mail to others.
 */
export function reminderAddress(cart: Pick<ShoppingCart, 'contactMedium'>, known: readonly ContactMedium[]): { channel: Channel; to: string } | undefined {
  const knownAddresses = addressesOf(known);
  const isKnown = (a: { to: string }) => knownAddresses.some((k) => k.to.toLowerCase() === a.to.toLowerCase());
  return addressesOf((cart.contactMedium ?? []) as ContactMedium[]).find(isKnown) ?? knownAddresses[0];
}

export type ReminderOutcome = 'sent' | 'noContact' | 'notIdle';

/**
 * Reminder `n` of an idle cart, with a link back to it, by e-mail or SMS through the notification
 * gateway; counted on the cart. A cart used, checked out or deleted since is left alone. Sent once
 * per idle spell, however often the step runs.
 */
export async function remindIdleCart(deps: AbandonmentDeps, cartId: string, n: 1 | 2, signal?: AbortSignal): Promise<ReminderOutcome> {
  const cart = await deps.carts.findStored(cartId);
  if (!cart || !isIdle(cart)) return 'notIdle';
  const spell = cart._ordo.lastActivityAt.getTime();
  if ((cart._ordo['remindedSpell'] as Record<string, number> | undefined)?.[String(n)] !== spell) {
    await deps.carts.updateAtRevision(cartId, cart._ordo.revision, { $set: { [`_ordo.remindedSpell.${n}`]: spell }, $inc: { '_ordo.reminders': 1 } });
  }
  // An anonymous cart has no customer whose address Ordo knows: it counts as abandoned, and nobody is written to.
  if (!cart._ordo.party) return 'noContact';
  // A customer's numbers are kept while the reminders go on, however long the model waits between them.
  await renewCartHolds(deps.resources, cartId, new Date(Date.now() + idleLifetimeMs(deps.timings)));
  const address = reminderAddress(cart, (await deps.customers?.contactsOf(cart._ordo.party)) ?? []);
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
    if (!isIdle(cart)) return { done: 'used' };
    const now = new Date();
    const next = { ...presentCart(cart), status: CartStatus.expired, lastUpdate: now.toISOString() };
    return { update: withEvents({ $set: { status: next.status, lastUpdate: next.lastUpdate, '_ordo.expiredAt': now } }, [cartChangedEvent(next, ['status'])]), result: 'expired' };
  }, stored);
  // Released after the write, and again by a repeated step: released numbers stay released.
  if (outcome === 'expired') await releaseCartHolds(deps.resources, cartId, 'cart expired');
  return outcome;
}
