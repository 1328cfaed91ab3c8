import type { Amount } from './money.js';
import type { PaymentMethod } from './order-payment.js';

/** TMF676 payment status values (PaymentStatusExampleType) Ordo uses. */
export const PaymentStatus = {
  /** Sent to the provider, or the provider has not decided yet. */
  pending: 'pendingAuthorization',
  /** The provider took the money. */
  captured: 'captured',
  denied: 'denied',
  /** Ordo gave up waiting (or the order was cancelled) before the provider decided. */
  canceled: 'canceled',
} as const;
export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];

export const RefundStatus = { pending: 'pendingAuthorization', done: 'done', failed: 'failed' } as const;
export type RefundStatus = (typeof RefundStatus)[keyof typeof RefundStatus];

/** The unit a shopping cart's checkout payment is filed under: it pays the whole order before any unit runs; each unit's share is refunded on its own. */
export const CHECKOUT_UNIT = 'checkout';

/** What the process is told about a payment (message `payment-result`, worker outputs). */
export type PaymentOutcome = 'approved' | 'declined' | 'pending' | 'canceled' | 'notRequired';

export function outcomeOf(status: PaymentStatus): Exclude<PaymentOutcome, 'notRequired'> {
  return status === PaymentStatus.captured ? 'approved' : status === PaymentStatus.denied ? 'declined' : status === PaymentStatus.canceled ? 'canceled' : 'pending';
}

/** Why a checkout gave a payment up: the provider could not be reached, or it kept refusing the requests (other than as invalid, which declines). */
export type GiveUpCause = 'unreachable' | 'refused';

/** A TMF676 Payment as Ordo serves it. */
export interface Payment {
  id: string;
  href: string;
  correlatorId: string;
  name: string;
  description: string;
  status: PaymentStatus;
  statusDate: string;
  paymentDate?: string;
  authorizationCode?: string;
  account: { id: string; name?: string; '@referredType'?: string };
  totalAmount: { unit: string; value: number };
  paymentMethod: { '@type': string; name: string };
  paymentItem: { id: string; totalAmount: { unit: string; value: number }; item: { id: string; href: string; '@referredType': 'ProductOrderItem' } }[];
  relatedParty?: unknown[];
  channel?: unknown;
  '@type': 'Payment';
}

export interface StoredPayment extends Payment {
  _id: string;
  _ordo: {
    revision: number;
    /** The provider's idempotency key, unique: order, unit and attempt. */
    key: string;
    orderId: string;
    unitId: string;
    attempt: number;
    /** The job that created it: a redelivered job finds its own payment. */
    jobKey: string;
    amount: Amount;
    method: PaymentMethod;
    providerPaymentId?: string;
    declineReason?: string;
    /** A shopping cart's checkout payment: collected before its order exists (see carts/checkout.ts). */
    cartId?: string;
    /** Set while the process waits for a result it has not been told yet (message payment-result). */
    resultPending?: true;
    /** When it was first sent to the provider (set before the request goes out): one never sent has nothing to settle there. */
    sentAt?: Date;
    /** Set on checkout payments recorded since Ordo records `sentAt`: one without it may have been sent by an earlier version. */
    sendTracked?: true;
    /** A checkout's payment given up without the provider's word (see abandon-payment.ts), because it could not be reached or kept refusing the requests. */
    givenUp?: { at: Date; why: GiveUpCause };
    /**
     * A given-up payment that was sent, until it is settled at the provider; `nextTryAt` backs off.
     * `needsPerson`: Ordo cannot settle it (the provider refuses); no longer tried, a person settles it and removes the mark.
     */
    abandoned?: { at: Date; nextTryAt?: Date; needsPerson?: { reason: string; at: Date } };
    [field: string]: unknown;
  };
}

/** A TMF676 Refund as Ordo serves it. */
export interface Refund {
  id: string;
  href: string;
  correlatorId: string;
  name: string;
  description: string;
  status: RefundStatus;
  statusDate: string;
  refundDate?: string;
  account: Payment['account'];
  totalAmount: { unit: string; value: number };
  paymentMethod: Payment['paymentMethod'];
  payment: { id: string; href: string; '@referredType': 'Payment' };
  '@type': 'Refund';
}

export interface StoredRefund extends Refund {
  _id: string;
  _ordo: {
    revision: number;
    /** One refund per payment: `refund:<payment id>`, also the provider's idempotency key. */
    key: string;
    orderId: string;
    paymentId: string;
    amount: Amount;
    providerRefundId?: string;
    [field: string]: unknown;
  };
}
