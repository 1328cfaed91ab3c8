import { Refusal, refusesRequest, type RefusalKind } from '../outcomes.js';

/** The TMF630 error body every API answers failures with. */
export interface TmfErrorBody {
  code: string;
  reason: string;
  message?: string;
  status: string;
  referenceError?: string;
  '@type': 'Error';
}

/** One application error type; the HTTP error handler turns it into a TMF error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    message?: string,
    /** When to ask again, sent as Retry-After (seconds). */
    readonly retryAfterS?: number,
  ) {
    super(message ?? reason);
  }

  toBody(): TmfErrorBody {
    return { code: this.code, reason: this.reason, message: this.message, status: String(this.status), '@type': 'Error' };
  }
}

const statusOfRefusal: Record<RefusalKind, number> = { invalid: 400, forbidden: 403, notFound: 404, conflict: 409, unprocessable: 422, tooMany: 429, dependencyRefused: 502, unavailable: 503 };

/** A capability's refusal as the API answers it. */
export const refusalAnswer = (refusal: Refusal) => new ApiError(statusOfRefusal[refusal.kind], refusal.code, refusal.reason, refusal.message, refusal.retryAfterS);

/**
 * A refusal of the request itself, or an error of the client's making a route raised, as the API
 * answers it; undefined for a fault or a dependency's failure.
 */
export function clientError(err: unknown): ApiError | undefined {
  if (err instanceof Refusal) return refusesRequest(err) ? refusalAnswer(err) : undefined;
  return err instanceof ApiError && err.status < 500 ? err : undefined;
}
