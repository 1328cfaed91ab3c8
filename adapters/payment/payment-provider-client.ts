import { IdempotentJsonApi, RejectedError, type IdempotentApiOptions } from '../idempotent-json-api.js';
import { PAYMENTS_PATH, type CreatePaymentRequest, type ProviderAmount, type ProviderPayment, type ProviderRefund, type RefundRequest } from './provider-api.js';

export type PaymentProviderClientOptions = IdempotentApiOptions;

/** The provider refused the request with a 4xx: retrying it unchanged would not help. */
export class ProviderRejectedError extends RejectedError {
  override readonly name = 'ProviderRejectedError';
}

/**
 * Client of the payment provider API. Every retry of a call sends the same idempotency key, so a payment or refund
 * whose answer was lost is never made twice.
 */
export class PaymentProviderClient {
  private readonly api: IdempotentJsonApi;

  constructor(options: PaymentProviderClientOptions) {
    this.api = new IdempotentJsonApi(options, (status, code, message) => new ProviderRejectedError(status, code, message));
  }

  createPayment(request: CreatePaymentRequest, idempotencyKey: string, signal?: AbortSignal): Promise<ProviderPayment> {
    return this.call<ProviderPayment>('POST', PAYMENTS_PATH, { body: request, idempotencyKey, signal });
  }

  getPayment(id: string, signal?: AbortSignal): Promise<ProviderPayment> {
    return this.call<ProviderPayment>('GET', `${PAYMENTS_PATH}/${encodeURIComponent(id)}`, { signal });
  }

  cancelPayment(id: string, idempotencyKey: string, signal?: AbortSignal): Promise<ProviderPayment> {
    return this.call<ProviderPayment>('POST', `${PAYMENTS_PATH}/${encodeURIComponent(id)}/cancel`, { body: {}, idempotencyKey, signal });
  }

  /** Refunds `amount`, or whatever is left of the payment when it is omitted. */
  refundPayment(paymentId: string, idempotencyKey: string, amount?: ProviderAmount, signal?: AbortSignal): Promise<ProviderRefund> {
    const body: RefundRequest = amount ? { amount } : {};
    return this.call<ProviderRefund>('POST', `${PAYMENTS_PATH}/${encodeURIComponent(paymentId)}/refunds`, { body, idempotencyKey, signal });
  }

  private async call<T>(method: 'GET' | 'POST', path: string, options: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal | undefined }): Promise<T> {
    return answer<T>(`${method} ${path}`, await this.api.call(method, path, options));
  }
}

function answer<T>(what: string, data: unknown): T {
  if (data === null || typeof data !== 'object' || typeof (data as { id?: unknown }).id !== 'string') throw new Error(`${what}: the provider's answer is not a resource with an id`);
  return data as T;
}
