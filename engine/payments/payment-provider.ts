import type { Amount } from './money.js';

/**
 * The port through which Ordo takes money: a payment provider that charges a tokenised method,
 * under an idempotency key, and calls back (a webhook) when a pending charge is decided.
 */

/** The methods a shop's payment form can tokenise; stored with each payment. */
export type PaymentMethodType = 'card' | 'paypal' | 'apple_pay' | 'google_pay';

export interface ChargeRequest {
  amount: Amount;
  method: { type: PaymentMethodType; token: string };
  /** Ordo's payment id: the provider's callbacks name it. */
  reference: string;
  description?: string;
  /** Where the provider calls back when a pending charge is decided. */
  webhookUrl?: string;
  metadata?: Record<string, string>;
}

export type ChargeStatus = 'approved' | 'declined' | 'pending' | 'canceled';

/** What the provider holds for one payment. */
export interface Charge {
  /** The provider's id. */
  id: string;
  status: ChargeStatus;
  amount: Amount;
  /** Ordo's payment id, as sent. */
  reference: string;
  declineReason?: string;
  authorizationCode?: string;
}

export interface ChargeRefund {
  /** The provider's id. */
  id: string;
  status: 'succeeded' | 'failed';
}

export interface PaymentProvider {
  /** Charges once per `idempotencyKey`: the same key again answers the charge already made. */
  createPayment(request: ChargeRequest, idempotencyKey: string, signal?: AbortSignal): Promise<Charge>;
  getPayment(id: string, signal?: AbortSignal): Promise<Charge>;
  /** Cancels a pending charge; PaymentRefusedError 409 for one already decided. */
  cancelPayment(id: string, idempotencyKey: string, signal?: AbortSignal): Promise<Charge>;
  /** Refunds `amount`, or whatever is left of the charge when it is omitted; once per `idempotencyKey`. */
  refundPayment(paymentId: string, idempotencyKey: string, amount?: Amount, signal?: AbortSignal): Promise<ChargeRefund>;
}

/** The provider refused the request (4xx other than 429): retrying it unchanged would not help. */
export class PaymentRefusedError extends Error {
  override readonly name = 'PaymentRefusedError';
  constructor(
    readonly status: number,
    /** The provider's error code, e.g. `not_cancelable`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A callback the provider sent: one event (its id repeats when the provider sends it again) about one charge. */
export interface ChargeEvent {
  id: string;
  charge: Charge;
}

export type WebhookReading =
  | { ok: true; event: ChargeEvent }
  /** Not provably from the provider, or replayed too late. */
  | { ok: false; refused: 'signature'; reason: string }
  /** From the provider, but not a callback about a charge. */
  | { ok: false; refused: 'body'; reason: string; detail?: string };

/** How a provider's callback is told from a forgery and read. */
export interface PaymentWebhook {
  /** `rawBody`: the exact bytes received, before any parsing; `header`: the request's header of that name. */
  read(rawBody: Buffer, header: (name: string) => string | undefined): WebhookReading;
}
