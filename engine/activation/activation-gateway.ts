/** Whether the network has it switched on. */
export type ActivationStatus = 'active' | 'deactivated';

export interface SubscriberActivation {
  /** The SIM: 19 or 20 digits. */
  iccid: string;
  /** 14 or 15 digits; the network assigns one when omitted. */
  imsi?: string;
  /** Non-empty, e.g. `['voice', 'data']`. */
  services: string[];
  /** Ordo's reference: order and item. */
  orderRef: string;
}

/** A mobile subscriber as the network (HLR/HSS) has it. */
export interface Subscriber extends Required<SubscriberActivation> {
  /** 8 to 15 digits, country code first. */
  msisdn: string;
  status: ActivationStatus;
  activatedAt: string;
  deactivatedAt?: string;
}

export interface LineActivation {
  accessType: 'fibre' | 'dsl';
  bandwidthMbps: number;
  installationAddress: string;
  /** Ordo's reference: order and item. */
  orderRef: string;
}

/** A broadband line as the network has it. */
export interface Line extends LineActivation {
  lineId: string;
  status: ActivationStatus;
  activatedAt: string;
  deactivatedAt?: string;
}

/**
 * The port through which Ordo switches resources on and off in the network (an HLR/HSS and broadband provisioning
 * gateway first). A call carries an idempotency key: repeated with the same key, it is carried out once.
 */
export interface ActivationGateway {
  /** Already active on the same SIM: answers the subscriber unchanged. */
  activateSubscriber(msisdn: string, request: SubscriberActivation, idempotencyKey: string, signal?: AbortSignal): Promise<Subscriber>;
  /** Refused with status 404 when the network never had the number. */
  deactivateSubscriber(msisdn: string, idempotencyKey: string, signal?: AbortSignal): Promise<Subscriber>;
  activateLine(lineId: string, request: LineActivation, idempotencyKey: string, signal?: AbortSignal): Promise<Line>;
  /** Refused with status 404 when the network never had the line. */
  deactivateLine(lineId: string, idempotencyKey: string, signal?: AbortSignal): Promise<Line>;
}

/** The gateway refused the request (4xx other than 429): retrying it unchanged would not help. */
export class ActivationRejectedError extends Error {
  override readonly name = 'ActivationRejectedError';
  constructor(
    readonly status: number,
    /** The gateway's error code, e.g. `msisdn_in_use` (409: the number is active on another SIM). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
