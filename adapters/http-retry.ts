import axios from 'axios';
import pRetry from 'p-retry';

/** How an adapter repeats a call whose attempt failed in a way that may go away. */
export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  /** Pause before the first retry (ms). */
  delayMs: number;
  /** Each further pause is the one before times this; default 2 (doubling), 1 keeps the pause. */
  factor?: number;
}

/** The retry options of an adapter client, as its callers set them. */
export interface RetryOptions {
  /** Further attempts after a network failure, a timeout, a 5xx or a 429; default 2. */
  retries?: number;
  /** Pause before the first retry (ms), doubled before each further one; default 200. */
  retryDelayMs?: number;
}

/** The policy from a client's options; an adapter whose defaults differ from the usual (2 retries, 200 ms, doubling) passes its own. */
export function retryPolicy(options: RetryOptions, defaults: RetryPolicy = { retries: 2, delayMs: 200 }): RetryPolicy {
  return { ...defaults, retries: options.retries ?? defaults.retries, delayMs: options.retryDelayMs ?? defaults.delayMs };
}

/** One attempt's failure that may go away when the call is repeated: no answer, a timeout, a 5xx or a 429. */
export class RetryableFailure extends Error {}

/** Thrown once every attempt has failed; the message names the call, the attempts and the last failure. */
export class RetriesSpentError extends Error {
  constructor(
    what: string,
    readonly attempts: number,
    readonly last: RetryableFailure,
  ) {
    super(`${what} failed after ${attempts} attempt(s); last: ${last.message}`);
  }
}

/** An answer worth asking again for: the server failed (5xx) or asked the client to slow down (429). */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/**
 * The answer to one axios request (any status), or why there was none. The caller's abort rejects with its reason and
 * a cancel as it is: neither is retried. A refused, reset or timed-out request rejects with a RetryableFailure, named
 * by `what` if given, that does not carry the axios error: it holds the request, credentials included.
 * Anything else rejects unchanged.
 */
export function answerOf<T>(request: Promise<T>, options: { timeoutMs: number | undefined; signal?: AbortSignal | undefined; what?: string }): Promise<T> {
  return request.catch((err: unknown) => {
    if (options.signal?.aborted) throw options.signal.reason;
    if (axios.isCancel(err) || !axios.isAxiosError(err)) throw err;
    const why = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' ? `no answer within ${options.timeoutMs} ms` : `${err.code ?? ''} ${err.message}`.trim();
    throw new RetryableFailure(options.what ? `${options.what}: ${why}` : why);
  });
}

/**
 * Runs `attempt` until it returns, throws something other than a RetryableFailure (thrown as it is), or the retries
 * are spent (a RetriesSpentError). An abort of `signal` ends the wait for the next attempt with the abort's reason.
 */
export async function withRetries<T>(what: string, policy: RetryPolicy, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  let attempts = 0;
  // p-retry checks the signal after a successful attempt too: an answer that arrived is still the answer.
  let answered: { value: T } | undefined;
  try {
    return await pRetry(
      async (attemptNumber) => {
        attempts = attemptNumber;
        const value = await attempt();
        answered = { value };
        return value;
      },
      {
        retries: policy.retries,
        minTimeout: policy.delayMs,
        factor: policy.factor ?? 2,
        shouldRetry: ({ error }) => error instanceof RetryableFailure,
        ...(signal ? { signal } : {}),
      },
    );
  } catch (err) {
    if (answered) return answered.value;
    if (err instanceof RetryableFailure) throw new RetriesSpentError(what, attempts, err);
    throw err;
  }
}
