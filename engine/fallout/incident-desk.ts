/** What the person who settled a case wants Ordo to do with the failed step. */
export type FalloutResolution = 'retry' | 'skip' | 'fail';

/** A failed step handed to people, with what they need to settle it. */
export interface NewCase {
  /** Ordo's fallout id: one open case per id, however often it is opened. */
  falloutId: string;
  title: string;
  /** What happened, in a few sentences; the desk adds how to resolve. */
  description: string;
  orderId: string;
  itemId: string;
  failedStep: string;
  error: string;
  orderUrl: string;
  /** Where the step's process instance is seen (Cockpit). */
  processUrl?: string;
}

export interface OpenedCase {
  /** The desk's id of the case. */
  id: string;
  /** What people call it, e.g. INC0010001. */
  number: string;
}

/** A resolution the desk sent Ordo. */
export interface CaseResolution {
  falloutId: string;
  resolution: FalloutResolution;
  notes?: string;
  /** The desk's id of the case, when it said. */
  caseId?: string;
  caseNumber?: string;
}

/** A resolution request as it reached Ordo, before the desk's adapter has authenticated and read it. */
export interface ResolutionRequest {
  authorization: string | undefined;
  body: unknown;
}

/** A refusal's `detail` tells the caller what was missing; `challenge` is the WWW-Authenticate header to answer with. */
export type ResolutionReading =
  | { resolution: CaseResolution }
  | { refused: 'unauthenticated'; challenge: string; detail: string }
  | { refused: 'invalid'; detail: string };

/** The port through which Ordo hands failed steps to people (ServiceNow ITSM first) and hears how they settled them. */
export interface IncidentDesk {
  /** Opens the case for `falloutId`, or answers the one already open for it: idempotent. */
  openCase(input: NewCase, signal?: AbortSignal): Promise<OpenedCase>;
  /** A retry after a lost answer may add the note twice. */
  addWorkNote(caseId: string, text: string, signal?: AbortSignal): Promise<void>;
  /** `solved`: the item completed. */
  closeCase(caseId: string, solved: boolean, notes: string, signal?: AbortSignal): Promise<void>;
  /** Authenticates a resolution the desk posted to Ordo and reads it. */
  readResolution(request: ResolutionRequest): ResolutionReading;
}

/** The desk refused the request (4xx other than 429): retrying it unchanged would not help. */
export class IncidentDeskRejectedError extends Error {
  override readonly name = 'IncidentDeskRejectedError';
  constructor(
    readonly status: number,
    /** The desk's error detail, else its error message. */
    readonly detail: string,
    message: string,
  ) {
    super(message);
  }
}
