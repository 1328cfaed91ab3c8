import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import express from 'express';
import { FaultySimulator, HttpError, listenOnLoopback } from '../simulator-support.js';
import {
  CORRELATION_DISPLAY,
  FALLOUT_CATEGORY,
  INCIDENT_PATH,
  INCIDENT_STATE,
  OAUTH_TOKEN_PATH,
  basicAuthHeader,
  checkBasicAuth,
  isOpen,
  type CreateIncidentRequest,
  type FalloutResolution,
  type Incident,
  type IncidentPatch,
  type IncidentState,
  type IncidentUrgency,
  type OAuthToken,
  type ResolutionWebhook,
  type ServiceNowErrorBody,
  type TableResult,
} from './servicenow-api.js';

export interface ServiceNowWebhookTarget {
  /** Ordo's endpoint for ResolutionWebhook. */
  url: string;
  user: string;
  password: string;
}

export interface ServiceNowSimulatorOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Basic auth for the Table API. */
  user: string;
  password: string;
  /** When set, `POST /oauth_token.do` issues bearer tokens to this client. */
  oauthClient?: { clientId: string; clientSecret: string };
  webhook?: ServiceNowWebhookTarget;
}

const TOKEN_LIFETIME_S = 1800;
const WEBHOOK_RETRIES = 3;
const WEBHOOK_RETRY_SPACING_MS = 500;
const WEBHOOK_TIMEOUT_MS = 5000;
const STATES: readonly string[] = Object.values(INCIDENT_STATE);
const URGENCIES: readonly string[] = ['1', '2', '3'] satisfies IncidentUrgency[];

const copy = <T>(value: T): T => structuredClone(value);
const errorBody = (message: string, detail: string): ServiceNowErrorBody => ({ error: { message, detail }, status: 'failure' });
/** ServiceNow's date-time format, in UTC. */
const glideNow = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

/**
 * ServiceNow's incident table over real HTTP (see servicenow-api.ts), in memory, with basic auth and OAuth client
 * credentials. `resolve()` plays the person who resolves an incident and sends Ordo the ResolutionWebhook.
 */
export class ServiceNowSimulator extends FaultySimulator {
  private readonly incidentsById = new Map<string, Incident>();
  private readonly tokens = new Map<string, number>();
  private requests: string[] = [];
  private sequence = 0;
  private delays = { remaining: 0, ms: 0 };
  private webhook: ServiceNowWebhookTarget | undefined;
  private readonly closing = new AbortController();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly options: ServiceNowSimulatorOptions,
  ) {
    super();
    this.webhook = options.webhook && { ...options.webhook };
  }

  static async start(options: ServiceNowSimulatorOptions): Promise<ServiceNowSimulator> {
    const app = express();
    let simulator: ServiceNowSimulator | undefined;
    app.use((req, res, next) => simulator!.gate(req, res, next));
    app.post(OAUTH_TOKEN_PATH, express.urlencoded({ extended: false }), (req, res) => simulator!.issueToken(req, res));
    app.use('/api', (req, res, next) => simulator!.authenticate(req, res, next));
    app.use(express.json());
    app.post(INCIDENT_PATH, (req, res) => simulator!.create(req, res));
    app.get(INCIDENT_PATH, (req, res) => simulator!.list(req, res));
    app.get(`${INCIDENT_PATH}/:sysId`, (req, res) => simulator!.reply(res, 200, { result: simulator!.incidentOf(req) }));
    app.patch(`${INCIDENT_PATH}/:sysId`, (req, res) => simulator!.patch(req, res));
    app.use((req: express.Request, res: express.Response) => void res.status(404).json(errorBody('Invalid URL', `no resource ${req.method} ${req.path}`)));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (err instanceof HttpError) res.status(err.status).json(errorBody(err.code, err.message));
      else if (isClientError(err)) res.status(err.status).json(errorBody('Invalid request', err.message));
      else res.status(500).json(errorBody('Internal error', (err as Error).message));
    });
    const { server, baseUrl } = await listenOnLoopback(app, options.port);
    simulator = new ServiceNowSimulator(server, baseUrl, options);
    return simulator;
  }

  /** Where `resolve()` sends the ResolutionWebhook; undefined: nowhere. */
  setWebhook(webhook: ServiceNowWebhookTarget | undefined): void {
    this.webhook = webhook && { ...webhook };
  }

  /**
   * Resolves the incident (by sys_id, else the open or newest one with this correlation_id) as a person would, then
   * POSTs the ResolutionWebhook; resolves with the HTTP status of the last delivery attempt (0: no answer or no webhook).
   */
  async resolve(sysIdOrCorrelationId: string, resolution: FalloutResolution, closeNotes?: string): Promise<number> {
    const incident = this.find(sysIdOrCorrelationId);
    if (!incident) throw new Error(`no incident ${sysIdOrCorrelationId}`);
    if (incident.state === INCIDENT_STATE.closed) throw new Error(`incident ${incident.number} is closed`);
    incident.state = INCIDENT_STATE.resolved;
    incident.u_resolution = resolution;
    if (closeNotes !== undefined) incident.close_notes = closeNotes;
    incident.sys_updated_on = glideNow();
    const event: ResolutionWebhook = {
      sys_id: incident.sys_id,
      number: incident.number,
      correlation_id: incident.correlation_id,
      u_resolution: resolution,
      ...(incident.close_notes !== undefined ? { close_notes: incident.close_notes } : {}),
      resolved_at: new Date().toISOString(),
    };
    return this.deliver(event);
  }

  /** Every incident, oldest first. */
  incidents(): Incident[] {
    return [...this.incidentsById.values()].map(copy);
  }

  incident(sysIdOrCorrelationId: string): Incident | undefined {
    const incident = this.find(sysIdOrCorrelationId);
    return incident && copy(incident);
  }




  /** The next `n` requests are carried out at once but answered `ms` later, as when an answer is slow or lost. */
  delayNext(n: number, ms: number): void {
    this.delays = { remaining: n, ms };
  }

  /** Every bearer token issued so far stops working, as when they expire. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Requests received (failed ones included), all or with one HTTP method. */
  requestCount(method?: string): number {
    return method ? this.requests.filter((m) => m === method.toUpperCase()).length : this.requests.length;
  }

  /** Back to as started: no incidents, tokens, failures, delays or counted requests, and up; the webhook stays. */
  reset(): void {
    this.incidentsById.clear();
    this.tokens.clear();
    this.requests = [];
    this.sequence = 0;
    this.faults.reset();
    this.delays = { remaining: 0, ms: 0 };
  }

  close(): Promise<void> {
    this.closing.abort();
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private gate(req: express.Request, res: express.Response, next: express.NextFunction): void {
    this.requests.push(req.method.toUpperCase());
    const fault = this.faults.next();
    if (fault) {
      if (fault.down) res.status(503).json(errorBody('Service Unavailable', 'the instance is down'));
      else res.status(fault.status).json(errorBody('Simulated failure', `the simulator was told to answer ${fault.status}`));
      return;
    }
    if (this.delays.remaining > 0) {
      this.delays.remaining--;
      res.locals['delayMs'] = this.delays.ms;
    }
    next();
  }

  private authenticate(req: express.Request, res: express.Response, next: express.NextFunction): void {
    const header = req.get('authorization');
    const bearer = /^bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    const expiresAt = bearer === undefined ? undefined : this.tokens.get(bearer);
    const ok = bearer === undefined ? checkBasicAuth(header, this.options.user, this.options.password) : expiresAt !== undefined && Date.now() < expiresAt;
    if (ok) next();
    else res.status(401).json(errorBody('User Not Authenticated', 'Required to provide Auth information'));
  }

  private issueToken(req: express.Request, res: express.Response): void {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (form['grant_type'] !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'only client_credentials is supported' });
      return;
    }
    const client = this.options.oauthClient;
    if (!client || form['client_id'] !== client.clientId || form['client_secret'] !== client.clientSecret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'unknown client or wrong secret' });
      return;
    }
    const token: OAuthToken = { access_token: randomBytes(24).toString('base64url'), expires_in: TOKEN_LIFETIME_S, token_type: 'Bearer' };
    this.tokens.set(token.access_token, Date.now() + TOKEN_LIFETIME_S * 1000);
    res.status(200).json(token);
  }

  private async create(req: express.Request, res: express.Response): Promise<void> {
    // Like stock ServiceNow: correlation_id is a plain field, so a second incident with it is stored too.
    const request = validNewIncident(req.body);
    const now = glideNow();
    const incident: Incident = {
      ...request,
      sys_id: randomBytes(16).toString('hex'),
      number: `INC${String(10_000 + ++this.sequence).padStart(7, '0')}`,
      state: INCIDENT_STATE.new,
      sys_created_on: now,
      sys_updated_on: now,
    };
    this.incidentsById.set(incident.sys_id, incident);
    await this.reply(res, 201, { result: incident });
  }

  private async list(req: express.Request, res: express.Response): Promise<void> {
    const query = req.query['sysparm_query'];
    if (query !== undefined && typeof query !== 'string') throw new HttpError(400, 'Invalid request', 'sysparm_query must be given once');
    const terms = (query ?? '').split('^').filter((t) => t !== '').map((term) => {
      const match = /^(\w+)=(.*)$/.exec(term);
      if (!match) throw new HttpError(400, 'Invalid request', `the simulator understands only field=value terms, not ${term}`);
      return [match[1]!, match[2]!] as const;
    });
    const found = [...this.incidentsById.values()].filter((i) => terms.every(([field, value]) => String((i as unknown as Record<string, unknown>)[field] ?? '') === value));
    await this.reply(res, 200, { result: found });
  }

  private async patch(req: express.Request, res: express.Response): Promise<void> {
    const incident = this.incidentOf(req);
    const patch = validPatch(req.body);
    const after = { ...incident, ...patch };
    // The data policy applies to the change that resolves or closes, not to a note on a resolved incident.
    const resolving = patch.state === INCIDENT_STATE.resolved || patch.state === INCIDENT_STATE.closed;
    if (resolving && (!after.close_code || !after.close_notes)) {
      throw new HttpError(400, 'Data Policy Exception', 'close_code and close_notes are mandatory to resolve or close an incident');
    }
    const { work_notes: note, ...fields } = patch;
    Object.assign(incident, fields);
    if (note !== undefined) {
      const entry = `${glideNow()} - ${this.options.user} (Work notes)\n${note}`;
      incident.work_notes = incident.work_notes ? `${entry}\n\n${incident.work_notes}` : entry;
    }
    incident.sys_updated_on = glideNow();
    await this.reply(res, 200, { result: incident });
  }

  private async reply(res: express.Response, status: number, body: TableResult<Incident | Incident[]>): Promise<void> {
    const delayMs = res.locals['delayMs'] as number | undefined;
    const snapshot = copy(body);
    if (delayMs) await sleep(delayMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
    res.status(status).json(snapshot);
  }

  private incidentOf(req: express.Request): Incident {
    const incident = this.incidentsById.get(req.params['sysId'] as string);
    if (!incident) throw new HttpError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
    return incident;
  }

  private find(sysIdOrCorrelationId: string): Incident | undefined {
    const bySysId = this.incidentsById.get(sysIdOrCorrelationId);
    if (bySysId) return bySysId;
    const matching = [...this.incidentsById.values()].filter((i) => i.correlation_id === sysIdOrCorrelationId);
    return matching.find(isOpen) ?? matching.at(-1);
  }

  /** Retried on no answer or a 5xx, as an outbound REST message with retry would be. */
  private async deliver(event: ResolutionWebhook): Promise<number> {
    const webhook = this.webhook;
    if (!webhook) return 0;
    let status = 0;
    for (let attempt = 0; attempt <= WEBHOOK_RETRIES && !this.closing.signal.aborted; attempt++) {
      if (attempt > 0) await sleep(WEBHOOK_RETRY_SPACING_MS, undefined, { signal: this.closing.signal }).catch(() => undefined);
      if (this.closing.signal.aborted) break;
      try {
        const res = await axios.post(webhook.url, event, {
          headers: { 'Content-Type': 'application/json', Authorization: basicAuthHeader(webhook.user, webhook.password) },
          timeout: WEBHOOK_TIMEOUT_MS,
          validateStatus: () => true,
          maxRedirects: 0,
          signal: this.closing.signal,
        });
        status = res.status;
      } catch {
        status = 0;
      }
      if (status > 0 && status < 500) break;
    }
    return status;
  }
}

/** body-parser's errors (bad JSON, too large) carry their 4xx status. */
function isClientError(err: unknown): err is { status: number; message: string } {
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const invalid = (detail: string) => new HttpError(400, 'Invalid request', detail);

function fieldsOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function validNewIncident(body: unknown): CreateIncidentRequest {
  const b = fieldsOf(body);
  const required = ['short_description', 'description', 'correlation_id', 'u_order_id', 'u_failed_step', 'u_error', 'u_order_url'] as const;
  for (const field of required) if (typeof b[field] !== 'string' || b[field] === '') throw invalid(`${field} must be a non-empty string`);
  for (const field of ['u_order_item_id', 'u_process_url'] as const) if (b[field] !== undefined && typeof b[field] !== 'string') throw invalid(`${field} must be a string`);
  if (!URGENCIES.includes(b['urgency'] as string)) throw invalid(`urgency must be one of ${URGENCIES.join(', ')}`);
  if (b['category'] !== FALLOUT_CATEGORY) throw invalid(`category must be ${FALLOUT_CATEGORY}`);
  if (b['correlation_display'] !== CORRELATION_DISPLAY) throw invalid(`correlation_display must be ${CORRELATION_DISPLAY}`);
  const request: CreateIncidentRequest = {
    short_description: b['short_description'] as string,
    description: b['description'] as string,
    category: FALLOUT_CATEGORY,
    urgency: b['urgency'] as IncidentUrgency,
    correlation_id: b['correlation_id'] as string,
    correlation_display: CORRELATION_DISPLAY,
    u_order_id: b['u_order_id'] as string,
    u_failed_step: b['u_failed_step'] as string,
    u_error: b['u_error'] as string,
    u_order_url: b['u_order_url'] as string,
  };
  if (b['u_order_item_id'] !== undefined) request.u_order_item_id = b['u_order_item_id'] as string;
  if (b['u_process_url'] !== undefined) request.u_process_url = b['u_process_url'] as string;
  return request;
}

/** Fields the Table API would not let Ordo write (sys_id, number, …) or that the table lacks are ignored, as ServiceNow does. */
function validPatch(body: unknown): IncidentPatch {
  const b = fieldsOf(body);
  const patch: IncidentPatch = {};
  if (b['state'] !== undefined) {
    if (!STATES.includes(b['state'] as string)) throw invalid(`state must be one of ${STATES.join(', ')}`);
    patch.state = b['state'] as IncidentState;
  }
  if (b['urgency'] !== undefined) {
    if (!URGENCIES.includes(b['urgency'] as string)) throw invalid(`urgency must be one of ${URGENCIES.join(', ')}`);
    patch.urgency = b['urgency'] as IncidentUrgency;
  }
  for (const field of ['close_code', 'close_notes', 'work_notes'] as const) {
    if (b[field] === undefined) continue;
    if (typeof b[field] !== 'string') throw invalid(`${field} must be a string`);
    patch[field] = b[field];
  }
  if (patch.work_notes === '') delete patch.work_notes;
  return patch;
}
