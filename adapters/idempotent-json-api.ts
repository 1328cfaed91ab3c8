import axios, { type AxiosInstance, type Method } from 'axios';
import { answerOf, isRetryableStatus, RetryableFailure, retryPolicy, withRetries, type RetryOptions, type RetryPolicy } from './http-retry.js';

export interface IdempotentApiOptions extends RetryOptions {
  /** e.g. https://payments.example.com (paths are added to it). */
  baseUrl: string;
  apiKey: string;
  /** Per attempt (ms). */
  timeoutMs: number;
}

/** A 4xx answer (other than 429) whose body names an `error` code: retrying it unchanged would not help. */
export class RejectedError extends Error {
  constructor(
    readonly status: number,
    /** The API's `error` code, e.g. `msisdn_in_use`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A JSON API with bearer-key auth whose writes carry an `Idempotency-Key`. Every retry of a call
 * sends the same key, so a request whose answer was lost is not carried out twice.
 */
export class IdempotentJsonApi {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;

  constructor(
    options: IdempotentApiOptions,
    /** Makes the client's own error type for a refusal. */
    private readonly rejected: (status: number, code: string, message: string) => RejectedError,
  ) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      headers: { Accept: 'application/json', Authorization: `Bearer ${options.apiKey}` },
      validateStatus: () => true,
      maxRedirects: 0,
    });
    this.retry = retryPolicy(options);
  }

  /** The 2xx body, a RejectedError for a refusal, or an Error naming the call once retries are spent. */
  async call(method: Method, path: string, options: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal | undefined }): Promise<unknown> {
    const { body, idempotencyKey, signal } = options;
    const what = `${method} ${path}`;
    return withRetries(
      what,
      this.retry,
      async () => {
        const request = this.http.request<unknown>({ method, url: path, data: body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}, ...(signal ? { signal } : {}) });
        const res = await answerOf(request, { timeoutMs: this.http.defaults.timeout, signal });
        if (res.status >= 200 && res.status < 300) return res.data;
        const error = errorBody(res.data);
        const detail = `HTTP ${res.status} ${error.error}${error.message ? `: ${error.message}` : ''}`;
        if (!isRetryableStatus(res.status)) throw this.rejected(res.status, error.error, `${what}: ${detail}`);
        throw new RetryableFailure(detail);
      },
      signal,
    );
  }
}

function errorBody(data: unknown): { error: string; message?: string } {
  const body = (data !== null && typeof data === 'object' ? data : {}) as { error?: unknown; message?: unknown };
  return { error: typeof body.error === 'string' ? body.error : 'unknown_error', ...(typeof body.message === 'string' ? { message: body.message } : {}) };
}
