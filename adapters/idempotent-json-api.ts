import { setTimeout as sleep } from 'node:timers/promises';
import axios, { type AxiosInstance, type Method } from 'axios';

export interface IdempotentApiOptions {
  /** e.g. https://payments.example.com (paths are added to it). */
  baseUrl: string;
  apiKey: string;
  /** Per attempt (ms). */
  timeoutMs: number;
  /** Further attempts after a network failure, a timeout, a 5xx or a 429; default 2. */
  retries?: number;
  /** Pause before the first retry (ms), doubled before each further one; default 200. */
  retryDelayMs?: number;
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
  private readonly retries: number;
  private readonly retryDelayMs: number;

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
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  /** The 2xx body, a RejectedError for a refusal, or an Error naming the call once retries are spent. */
  async call(method: Method, path: string, options: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal | undefined }): Promise<unknown> {
    const { body, idempotencyKey, signal } = options;
    const what = `${method} ${path}`;
    let last = '';
    let lastError: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.http.request<unknown>({ method, url: path, data: body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}, ...(signal ? { signal } : {}) });
        if (res.status >= 200 && res.status < 300) return res.data;
        const error = errorBody(res.data);
        const detail = `HTTP ${res.status} ${error.error}${error.message ? `: ${error.message}` : ''}`;
        if (res.status !== 429 && res.status < 500) throw this.rejected(res.status, error.error, `${what}: ${detail}`);
        last = detail;
        lastError = undefined;
      } catch (err) {
        if (err instanceof RejectedError || signal?.aborted || axios.isCancel(err)) throw err;
        if (!axios.isAxiosError(err)) throw err;
        last = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' ? `no answer within ${this.http.defaults.timeout} ms` : `${err.code ?? ''} ${err.message}`.trim();
        lastError = err;
      }
      if (attempt >= this.retries) throw new Error(`${what} failed after ${attempt + 1} attempt(s); last: ${last}`, lastError ? { cause: lastError } : undefined);
      await sleep(this.retryDelayMs * 2 ** attempt, undefined, signal ? { signal } : undefined);
    }
  }
}

function errorBody(data: unknown): { error: string; message?: string } {
  const body = (data !== null && typeof data === 'object' ? data : {}) as { error?: unknown; message?: unknown };
  return { error: typeof body.error === 'string' ? body.error : 'unknown_error', ...(typeof body.message === 'string' ? { message: body.message } : {}) };
}
