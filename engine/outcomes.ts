/**
 * Business outcomes: what a step ends with that is not a technical failure, and that the BPMN
 * models route by its code (a BPMN error caught by a boundary event). Every code here is caught
 * somewhere in bpmn/ (a test checks it); engine code may raise them, the worker runtime reports them.
 */
export const BpmnErrorCode = {
  /** The order moved on meanwhile (cancelled, finished): the step's change no longer applies. */
  orderStateConflict: 'ORDER_STATE_CONFLICT',
  /** The item's characteristics do not make a valid product (the catalog's rules). */
  productConfigurationInvalid: 'PRODUCT_CONFIGURATION_INVALID',
  /** No number or SIM card left in the pool the item asks for. */
  noResourceAvailable: 'NO_RESOURCE_AVAILABLE',
  /** The payment provider declined the charge. */
  paymentDeclined: 'PAYMENT_DECLINED',
  /** A step failed past its retries and people settle it (a fallout case). */
  fallout: 'FALLOUT',
  /** The network refuses a resource order item for good. */
  resourceItemRejected: 'RESOURCE_ITEM_REJECTED',
  /** Sign-up: the e-mail address or phone number already belongs to a customer. */
  alreadyRegistered: 'ALREADY_REGISTERED',
  /** Sign-up: the code could not be delivered to the address given. */
  undeliverable: 'UNDELIVERABLE',
  /** Sign-up: the identity provider refused the user. */
  identityRejected: 'IDENTITY_REJECTED',
} as const;
export type BpmnErrorCode = (typeof BpmnErrorCode)[keyof typeof BpmnErrorCode];

/** A business outcome the BPMN model routes by `code` (a BPMN error), not a technical failure. */
export class BusinessError extends Error {
  constructor(
    readonly code: BpmnErrorCode | (string & {}),
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The kinds of "no" a capability gives to a request it will not carry out. The HTTP layer maps
 * each to a status (engine/http/errors.ts); workers and other callers decide by the kind.
 */
export const RefusalKind = {
  /** The request is malformed or breaks a rule of its schema. */
  invalid: 'invalid',
  /** Well-formed, but it names something that does not exist or cannot be used. */
  unprocessable: 'unprocessable',
  /** What the request is addressed to does not exist. */
  notFound: 'notFound',
  /** The state of things forbids it now: finished already, another change came first. */
  conflict: 'conflict',
  /** The caller may not ask this, whoever they are signed in as. */
  forbidden: 'forbidden',
  /** The caller asked too often, or too soon again; `retryAfterS` says when it may ask again. */
  tooMany: 'tooMany',
  /** A system Ordo depends on (catalog, identity provider) is down or missing; may say when to try again (`retryAfterS`). */
  unavailable: 'unavailable',
  /** A system Ordo depends on answered, but refused what Ordo asked of it. */
  dependencyRefused: 'dependencyRefused',
} as const;
export type RefusalKind = (typeof RefusalKind)[keyof typeof RefusalKind];

/** A capability refuses a request, saying why: `code` for machines, `reason` and the message for people. */
export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    readonly reason: string,
    message?: string,
    /** When asking again may succeed (seconds). */
    readonly retryAfterS?: number,
  ) {
    super(message ?? reason);
  }
}

/** Kinds that say a system Ordo depends on failed the request, not that the request itself is refused. */
const dependencyFailures: readonly RefusalKind[] = [RefusalKind.unavailable, RefusalKind.dependencyRefused];

/** Whether `err` refuses the request as it stands (its content, its target, its caller), rather than a system Ordo depends on failing it. */
export const refusesRequest = (err: unknown): err is Refusal => err instanceof Refusal && !dependencyFailures.includes(err.kind);

/** The refusal for an id that names nothing of its kind. */
export const notFound = (what: string, id: string) => new Refusal(RefusalKind.notFound, 'NOT_FOUND', `${what} not found`, `No ${what} with id ${id}`);
