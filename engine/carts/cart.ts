import type { Document } from 'mongodb';
import type { OutboxFields } from '../events/outbox.js';
import type { ProcessStartRecord } from '../process/process-starter.js';
import type { CreateIdentity } from '../tmf/idempotent-create.js';
import type { Amount } from '../payments/money.js';
import type { PaymentMethod } from '../payments/order-payment.js';

/**
 * Where a cart is in its life (Ordo's extension of TMF663, which gives a cart no state): filled
 * while `active`, paid and turned into an order while `checkingOut`, then `checkedOut`; or
 * `expired` when it stayed idle past its last reminder.
 */
export const CartStatus = { active: 'active', checkingOut: 'checkingOut', checkedOut: 'checkedOut', expired: 'expired' } as const;
export type CartStatus = (typeof CartStatus)[keyof typeof CartStatus];

/** What a cart tells its abandoned-cart process (bpmn/abandoned-cart.bpmn waits for one of these): it was used, or it is closed (checked out or deleted). */
export const CartSignal = { activity: 'cart-activity', closed: 'cart-closed' } as const;
export type CartSignal = (typeof CartSignal)[keyof typeof CartSignal];

/** The process every cart runs, started by message `cart-created` (business key: the cart id). */
export const ABANDONED_CART_PROCESS_ID = 'abandoned-cart';
export const CART_CREATED_MESSAGE = 'cart-created';

export type CartItem = Record<string, unknown> & { id: string; quantity?: number; status?: string; cartItem?: CartItem[]; unavailable?: { code: string; reason: string } };

/** A TMF ContactMedium, as far as reminders read it. */
export type ContactMedium = { mediumType?: string; characteristic?: { emailAddress?: string; phoneNumber?: string } };

/** A TMF663 ShoppingCart as Ordo serves it. */
export interface ShoppingCart {
  id: string;
  href: string;
  cartItem: CartItem[];
  cartTotalPrice: Record<string, unknown>[];
  contactMedium?: Record<string, unknown>[];
  relatedParty?: { id: string; role?: string; '@referredType'?: string; name?: string; href?: string }[];
  validFor?: { startDateTime?: string; endDateTime?: string };
  status: CartStatus;
  /** The order the checkout created. */
  productOrder?: { id: string; href: string; '@referredType': 'ProductOrder' };
  /** Why the last checkout did not go through (a declined payment); the cart stays as it was. */
  checkoutFailure?: { reason: string; paymentId?: string; at: string };
  creationDate: string;
  lastUpdate: string;
  '@type': string;
  [field: string]: unknown;
}

/** One checkout attempt: its order id and payment key are fixed before anything is charged, so repeating it repeats nothing. */
export interface CheckoutAttempt {
  attempt: number;
  orderId: string;
  startedAt: Date;
  /** When the sweep next carries it on, if nothing else has (backing off). */
  nextCheckAt: Date;
  method?: PaymentMethod;
  amount?: Amount;
  paymentId?: string;
  billingAccount?: { id: string };
  externalId?: string;
}

export interface StoredCart extends ShoppingCart {
  _id: string;
  _ordo: CreateIdentity & ProcessStartRecord & OutboxFields & {
    revision: number;
    /** The party that owns the cart; absent while it is anonymous. */
    party?: string;
    lastActivityAt: Date;
    /** The id the next item sent without one gets: above every numbered item the cart has had. */
    nextItemId?: number;
    /** Reminders sent since the cart was created. */
    reminders: number;
    checkout?: CheckoutAttempt;
    checkoutAttempts: number;
    /** The message the cart's process is owed (see cart-messages.ts). */
    signal?: { name: CartSignal; at: Date; pending?: true };
    deletedAt?: Date;
    [field: string]: unknown;
  };
}

export type CartDocument = Document & { _id: string };

/** The cart as clients see it: without Ordo's bookkeeping. */
export function presentCart(stored: StoredCart): ShoppingCart {
  const { _id, _ordo, ...cart } = stored;
  return cart;
}

/** Every item at any depth. */
export function allItems(items: readonly CartItem[]): CartItem[] {
  return items.flatMap((item) => [item, ...allItems(Array.isArray(item.cartItem) ? item.cartItem : [])]);
}
