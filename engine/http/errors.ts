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
  ) {
    super(message ?? reason);
  }

  toBody(): TmfErrorBody {
    return { code: this.code, reason: this.reason, message: this.message, status: String(this.status), '@type': 'Error' };
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`, `No ${what} with id ${id}`);
