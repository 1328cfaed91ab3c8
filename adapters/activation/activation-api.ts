/**
 * The wire format of the network activation gateway (HLR/HSS and broadband provisioning), shared by the client and the
 * simulator.
 *
 * - `PUT /v1/subscribers/:msisdn` (Idempotency-Key required): ActivateSubscriberRequest → 201 SubscriberRecord when
 *   activated; the same key and request again → 200 with the same record; already active on the same SIM → 200 with
 *   the record unchanged; active on another SIM → 409 `msisdn_in_use`. Without an imsi the gateway assigns one.
 * - `GET /v1/subscribers/:msisdn` → 200 SubscriberRecord, or 404 `not_found`.
 * - `DELETE /v1/subscribers/:msisdn` (Idempotency-Key required) → 200 SubscriberRecord, status `deactivated`, again
 *   and again; 404 `not_found` when the network never had it.
 * - `PUT /v1/lines/:lineId`, `GET /v1/lines/:lineId` and `DELETE /v1/lines/:lineId`: the same for broadband lines,
 *   with ActivateLineRequest and LineRecord; a line already active answers 200 with the record unchanged.
 *
 * A key used again for a different request → 422 `idempotency_key_reused`; an invalid request → 400
 * `invalid_request`; a network element that does not answer → 5xx `network_element_unavailable`. Requests carry
 * `Authorization: Bearer <apiKey>` (401 `unauthorized`); errors answer ActivationErrorBody.
 */

export interface ActivateSubscriberRequest {
  /** The SIM: 19 or 20 digits. */
  iccid: string;
  /** 14 or 15 digits; assigned by the network when omitted. */
  imsi?: string;
  /** Non-empty, e.g. `['voice', 'data']`. */
  services: string[];
  /** The caller's reference, e.g. order and item. */
  orderRef: string;
}

export type ActivationStatus = 'active' | 'deactivated';

export interface SubscriberRecord {
  /** 8 to 15 digits, country code first. */
  msisdn: string;
  iccid: string;
  imsi: string;
  status: ActivationStatus;
  services: string[];
  orderRef: string;
  activatedAt: string;
  deactivatedAt?: string;
}

export const ACCESS_TYPES = ['fibre', 'dsl'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export interface ActivateLineRequest {
  accessType: AccessType;
  bandwidthMbps: number;
  installationAddress: string;
  orderRef: string;
}

export interface LineRecord extends ActivateLineRequest {
  lineId: string;
  status: ActivationStatus;
  activatedAt: string;
  deactivatedAt?: string;
}

export interface ActivationErrorBody {
  error: string;
  message?: string;
}

export const SUBSCRIBERS_PATH = '/v1/subscribers';
export const LINES_PATH = '/v1/lines';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export const subscriberPath = (msisdn: string) => `${SUBSCRIBERS_PATH}/${encodeURIComponent(msisdn)}`;
export const linePath = (lineId: string) => `${LINES_PATH}/${encodeURIComponent(lineId)}`;
