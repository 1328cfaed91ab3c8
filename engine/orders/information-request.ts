/**
 * `_ordo.informationRequired`: what the order's process asked the client for. Asking is one write
 * with the order going `pending` and its InformationRequired event, and answering one write with the
 * PATCH that supplies it, so the request stays in the order's document; this module alone names its
 * fields (order-information.ts asks and tells the process).
 */
export interface InformationRequest {
  /** Top-level attributes the client is asked to supply (the event's comma-separated `fieldPath`). */
  fieldPath: string[];
  reason?: string;
  requestedAt: Date;
  /** The job that asked: a redelivery of it asks nothing new. */
  jobKey: string;
  /** Set by the PATCH that supplied them all; the process is told (message) while `notifyPending`. */
  providedAt?: Date;
  notifyPending?: true;
}

/** The part of `_ordo` this module owns. */
export interface InformationRecord {
  /** Set while the process waits for the client to supply attributes (ProductOrderInformationRequiredEvent). */
  informationRequired?: InformationRequest;
}

/** The request the client has not answered yet, if any. */
export const openRequest = (meta: InformationRecord): InformationRequest | undefined => (meta.informationRequired && !meta.informationRequired.providedAt ? meta.informationRequired : undefined);

/** $set entries of a new request (replacing any earlier one). */
export const requestFields = (request: InformationRequest): Record<string, unknown> => ({ '_ordo.informationRequired': request });

/** $set entries of the answer: the process is told while `notifyPending`. */
export const providedFields = (): Record<string, unknown> => ({ '_ordo.informationRequired.providedAt': new Date(), '_ordo.informationRequired.notifyPending': true });

/** Where the notifier finds answered requests to tell the process about (see MessageNotifier). */
export const PROVIDED_NOTIFY_PENDING = '_ordo.informationRequired.notifyPending';

/** Filter: the request is still the one the message was published for. */
export const sameRequest = (request: InformationRequest): Record<string, unknown> => ({ '_ordo.informationRequired.requestedAt': request.requestedAt });
