import { IdempotentJsonApi, type IdempotentApiOptions } from '../idempotent-json-api.js';
import type { Amount } from '../../engine/payments/money.js';
import { PaymentRefusedError, type ChargeRequest, type PaymentProvider } from '../../engine/payments/payment-provider.js';
import { PAYMENTS_PATH, type CreatePaymentRequest, type ProviderPayment, type ProviderRefund, type RefundRequest } from './provider-api.js';

export type PaymentProviderClientOptions = IdempotentApiOptions;

/**
 * Client of the payment provider API. Every retry of a call sends the same idempotency key, so a payment or refund
 * whose answer was lost is never made twice. The port's shapes are the wire's, so requests and answers pass through
 * unchanged (the compiler checks that they stay so).
 */
export class PaymentProviderClient implements PaymentProvider {
  private readonly api: IdempotentJsonApi;

  constructor(options: PaymentProviderClientOptions) {
    this.api = new IdempotentJsonApi(options, (status, code, message) => new PaymentRefusedError(status, code, message));
  }

  createPayment(request: ChargeRequest, idempotencyKey: string, signal?: AbortSignal): Promise<ProviderPayment> {
    const body: CreatePaymentRequest = request;
    return this.call<ProviderPayment>('POST', PAYMENTS_PATH, { body, idempotencyKey, signal });
  }

  getPayment(id: string, signal?: AbortSignal): Promise<ProviderPayment> {
    return this.call<ProviderPayment>('GET', `${PAYMENTS_PATH}/${encodeURIComponent(id)}`, { signal });
  }

  cancelPayment(id: string, idempotencyKey: string, signal?: AbortSignal): Promise<ProviderPayment> {
    return this.call<ProviderPayment>('POST', `${PAYMENTS_PATH}/${encodeURIComponent(id)}/cancel`, { body: {}, idempotencyKey, signal });
  }

  refundPayment(paymentId: string, idempotencyKey: string, amount?: Amount, signal?: AbortSignal): Promise<ProviderRefund> {
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
