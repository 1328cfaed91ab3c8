import { setTimeout as sleep } from 'node:timers/promises';
import axios, { type AxiosInstance, type Method } from 'axios';
import { IDEMPOTENCY_HEADER, PAYMENTS_PATH, type CreatePaymentRequest, type ProviderAmount, type ProviderErrorBody, type ProviderPayment, type ProviderRefund, type RefundRequest } from './provider-api.js';

export interface PaymentProviderClientOptions {
  /** e.g. https://payments.example.com (the client adds /v1/...). */
  baseUrl: string;
  apiKey: string;
  /** Per attempt (ms). */
  timeoutMs: number;
  /** Further attempts after a network failure, a timeout, a 5xx or a 429; default 2. */
  retries?: number;
  /** Pause before the first retry (ms), doubled before each further one; default 200. */
  retryDelayMs?: number;
}

/** The provider refused the request with a 4xx: retrying it unchanged would not help. */
export class ProviderRejectedError extends Error {
  override readonly name = 'ProviderRejectedError';

  constructor(
    readonly status: number,
    /** The provider's `error` code, e.g. `idempotency_key_reused`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Client of the payment provider API. Every retry of a call sends the same idempotency key, so a payment or refund
 * whose answer was lost is never made twice.
 */
export class PaymentProviderClient {
  private readonly http: AxiosInstance;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(options: PaymentProviderClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      headers: { Accept: 'application/json', Authorization: `Bearer ${options.apiKey}` },
      validateStatus: () => true,
      maxRedirects: 0,
    });
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 200;
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

  private async call<T>(method: Method, path: string, options: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal | undefined }): Promise<T> {
    const { body, idempotencyKey, signal } = options;
    const what = `${method} ${path}`;
    let last = '';
    let lastError: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.http.request<unknown>({
          method,
          url: path,
          data: body,
          headers: idempotencyKey ? { [IDEMPOTENCY_HEADER]: idempotencyKey } : {},
          ...(signal ? { signal } : {}),
        });
        if (res.status >= 200 && res.status < 300) return answer<T>(what, res.data);
        if (res.status !== 429 && res.status < 500) {
          const error = errorBody(res.data);
          throw new ProviderRejectedError(res.status, error.error, `${what}: HTTP ${res.status} ${error.error}${error.message ? `: ${error.message}` : ''}`);
        }
        last = `HTTP ${res.status}`;
        lastError = undefined;
      } catch (err) {
        if (err instanceof ProviderRejectedError || signal?.aborted || axios.isCancel(err)) throw err;
        if (!axios.isAxiosError(err)) throw err;
        last = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' ? `no answer within ${this.http.defaults.timeout} ms` : `${err.code ?? ''} ${err.message}`.trim();
        lastError = err;
      }
      if (attempt >= this.retries) throw new Error(`${what} failed after ${attempt + 1} attempt(s); last: ${last}`, lastError ? { cause: lastError } : undefined);
      await sleep(this.retryDelayMs * 2 ** attempt, undefined, signal ? { signal } : undefined);
    }
  }
}

function answer<T>(what: string, data: unknown): T {
  if (data === null || typeof data !== 'object' || typeof (data as { id?: unknown }).id !== 'string') throw new Error(`${what}: the provider's answer is not a resource with an id`);
  return data as T;
}

function errorBody(data: unknown): ProviderErrorBody {
  const body = (data !== null && typeof data === 'object' ? data : {}) as Partial<Record<keyof ProviderErrorBody, unknown>>;
  return { error: typeof body.error === 'string' ? body.error : 'unknown_error', ...(typeof body.message === 'string' ? { message: body.message } : {}) };
}
