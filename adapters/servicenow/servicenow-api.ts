import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The part of ServiceNow's Table API that Ordo uses to open cases for order fallout that needs people, shared by the
 * client and the simulator.
 *
 * - `POST /api/now/table/incident` CreateIncidentRequest → 201 `{ result: Incident }`. Stock ServiceNow stores a second
 *   incident with the same correlation_id (it is a plain field): the client looks it up before creating.
 * - `GET /api/now/table/incident/:sys_id` → `{ result: Incident }`, or 404.
 * - `GET /api/now/table/incident?sysparm_query=correlation_id=<id>` → `{ result: Incident[] }` (terms `field=value`,
 *   joined by `^`).
 * - `PATCH /api/now/table/incident/:sys_id` IncidentPatch → `{ result: Incident }`; `work_notes` appends a note, state
 *   Resolved or Closed needs close_code and close_notes.
 * - `POST /oauth_token.do`, form `grant_type=client_credentials&client_id&client_secret` → OAuthToken.
 * - When a person resolves an incident, ServiceNow POSTs a ResolutionWebhook to Ordo with
 *   `Authorization: Basic base64(user:password)` of a webhook user known to both sides.
 *
 * Table requests carry `Authorization: Basic …` or `Bearer <access_token>`; errors answer ServiceNowErrorBody.
 * `sys_created_on`/`sys_updated_on` are ServiceNow's `YYYY-MM-DD HH:mm:ss` in UTC; `resolved_at` is ISO 8601.
 */

export const INCIDENT_PATH = '/api/now/table/incident';
export const OAUTH_TOKEN_PATH = '/oauth_token.do';

export const INCIDENT_STATE = { new: '1', inProgress: '2', resolved: '6', closed: '7' } as const;
export type IncidentState = (typeof INCIDENT_STATE)[keyof typeof INCIDENT_STATE];
export type IncidentUrgency = '1' | '2' | '3';
/** What the person who resolved the incident wants Ordo to do with the failed step. */
export type FalloutResolution = 'retry' | 'skip' | 'fail';

export const FALLOUT_CATEGORY = 'order_fallout';
export const CORRELATION_DISPLAY = 'Ordo';

export interface NewIncident {
  short_description: string;
  description: string;
  urgency: IncidentUrgency;
  /** Ordo's fallout id. */
  correlation_id: string;
  u_order_id: string;
  u_order_item_id?: string;
  u_failed_step: string;
  u_error: string;
  u_order_url: string;
  u_process_url?: string;
}

export interface CreateIncidentRequest extends NewIncident {
  category: typeof FALLOUT_CATEGORY;
  correlation_display: typeof CORRELATION_DISPLAY;
}

export interface Incident extends CreateIncidentRequest {
  sys_id: string;
  /** INC0010001, INC0010002, … */
  number: string;
  state: IncidentState;
  close_code?: string;
  close_notes?: string;
  u_resolution?: FalloutResolution;
  /** The journal, newest note first. */
  work_notes?: string;
  sys_created_on: string;
  sys_updated_on: string;
}

export interface IncidentPatch {
  state?: IncidentState;
  urgency?: IncidentUrgency;
  close_code?: string;
  close_notes?: string;
  work_notes?: string;
}

export interface TableResult<T> {
  result: T;
}

export interface OAuthToken {
  access_token: string;
  /** Seconds. */
  expires_in: number;
  token_type: 'Bearer';
}

export interface ServiceNowErrorBody {
  error: { message: string; detail?: string };
  status: 'failure';
}

export interface ResolutionWebhook {
  sys_id: string;
  number: string;
  correlation_id: string;
  u_resolution: FalloutResolution;
  close_notes?: string;
  resolved_at: string;
}

export function isOpen(incident: Pick<Incident, 'state'>): boolean {
  return incident.state === INCIDENT_STATE.new || incident.state === INCIDENT_STATE.inProgress;
}

export function basicAuthHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Whether `header` is `Basic` with exactly these credentials; takes as long whichever part differs. */
export function checkBasicAuth(header: string | undefined, user: string, password: string): boolean {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  // Hashing first gives both sides the same length, which timingSafeEqual needs.
  const digest = (value: Buffer) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(Buffer.from(match[1]!, 'base64')), digest(Buffer.from(`${user}:${password}`, 'utf8')));
}
