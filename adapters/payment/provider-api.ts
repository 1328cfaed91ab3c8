/**
 * The wire format of the payment provider's HTTP API, shared by the client and the simulator.
 *
 * - `POST /v1/payments` (Idempotency-Key required): CreatePaymentRequest → 201 ProviderPayment; the same key and body
 *   again → 200 with the stored payment; the same key with another body → 422 `idempotency_key_reused`.
 * - `GET /v1/payments/:id` → 200 ProviderPayment, or 404 `not_found`.
 * - `POST /v1/payments/:id/cancel` → 200 ProviderPayment (pending or already canceled), or 409 `not_cancelable`.
 * - `POST /v1/payments/:id/refunds` (Idempotency-Key required), body `{ amount?: ProviderAmount }` (default: what is
 *   left) → 201 ProviderRefund; the same key again → 200 with it; 409 `not_refundable`; 422 `amount_too_large`.
 * - When a pending payment settles, the provider POSTs a ProviderWebhookEvent to the payment's `webhookUrl`, signed in
 *   the `Payment-Signature` header (see webhook-signature.ts).
 *
 * Every request carries `Authorization: Bearer <apiKey>`; errors answer ProviderErrorBody.
 */

export const PROVIDER_METHOD_TYPES = ['card', 'paypal', 'apple_pay', 'google_pay'] as const;
export type ProviderMethodType = (typeof PROVIDER_METHOD_TYPES)[number];

/** Money in integer minor units (cents), never a float. */
export interface ProviderAmount {
  /** ISO 4217, upper case: `EUR`. */
  currency: string;
  minor: number;
}

export interface CreatePaymentRequest {
  amount: ProviderAmount;
  method: { type: ProviderMethodType; token: string };
  /** The merchant's own reference, e.g. the order id. */
  reference: string;
  description?: string;
  webhookUrl?: string;
  metadata?: Record<string, string>;
}

export type ProviderPaymentStatus = 'approved' | 'declined' | 'pending' | 'canceled';

export interface ProviderPayment {
  id: string;
  status: ProviderPaymentStatus;
  amount: ProviderAmount;
  method: { type: ProviderMethodType };
  reference: string;
  declineReason?: string;
  authorizationCode?: string;
  createdAt: string;
  updatedAt: string;
  refundedMinor: number;
}

export interface RefundRequest {
  amount?: ProviderAmount;
}

export interface ProviderRefund {
  id: string;
  paymentId: string;
  status: 'succeeded' | 'failed';
  amount: ProviderAmount;
  createdAt: string;
}

export interface ProviderWebhookEvent {
  id: string;
  type: 'payment.updated';
  createdAt: string;
  data: { payment: ProviderPayment };
}

export interface ProviderErrorBody {
  error: string;
  message?: string;
}

export const PAYMENTS_PATH = '/v1/payments';
export const SIGNATURE_HEADER = 'Payment-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
