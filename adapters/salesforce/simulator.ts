import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import axios from 'axios';
import express from 'express';
import { listenOnLoopback, FaultySimulator } from '../simulator-support.js';
import {
  NOTIFICATION_EVENT,
  NOTIFICATION_PATH,
  NOTIFICATION_TYPES,
  ORDO_ORDERS_PATH,
  TOKEN_PATH,
  type CreateResult,
  type OAuthErrorBody,
  type OrderNotification,
  type SalesforceErrorBody,
  type SalesforceOrder,
  type TokenResponse,
} from './salesforce-api.js';

export interface SalesforceSimulatorOptions {
  /** 0 (default): any free port. */
  port?: number;
  clientId: string;
  clientSecret: string;
  /** A token is refused this long after it was issued (ms); default 2 hours. */
  tokenLifetimeMs?: number;
  /** The bearer token the simulated CPQ presents to Ordo; default 'sf-inbound-token'. */
  inboundToken?: string;
}

/** How Ordo answered a call from the simulated CPQ. */
export interface OrdoAnswer {
  status: number;
  body: unknown;
}

const INVALID_SESSION: SalesforceErrorBody = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const ORDO_TIMEOUT_MS = 10_000;
/** The event's fields as defined in the org: Text(255), and Long Text Area for the free-form ones. */
const FIELDS: Record<keyof OrderNotification, { required: boolean; maxLength: number }> = {
  Notification_Id__c: { required: true, maxLength: 255 },
  Notification_Type__c: { required: true, maxLength: 255 },
  Salesforce_Order_Id__c: { required: true, maxLength: 255 },
  Order_Item_Id__c: { required: false, maxLength: 255 },
  Ordo_Order_Id__c: { required: true, maxLength: 255 },
  Status_Reason__c: { required: false, maxLength: 131_072 },
  Occurred_At__c: { required: true, maxLength: 255 },
  Details__c: { required: false, maxLength: 131_072 },
};
const notificationRoute = NOTIFICATION_PATH.replace(/\/+$/, '');

const copy = <T>(value: T): T => structuredClone(value);

/**
 * Salesforce over real HTTP, as far as Ordo meets it (see salesforce-api.ts): the client-credentials token endpoint
 * and the notification Platform Event, recorded for tests to read. Plays CPQ too: submits, freezes and unfreezes
 * orders at Ordo's inbound API.
 */
export class SalesforceSimulator extends FaultySimulator {
  private readonly tokens = new Map<string, number>();
  private readonly records: OrderNotification[] = [];
  private tokenRequestCount = 0;
  private notificationRequestCount = 0;
  private readonly closing = new AbortController();
  private readonly tokenLifetimeMs: number;
  private readonly inboundToken: string;

  private constructor(
    private readonly server: Server,
    /** The login URL, and the instance_url handed out with every token. */
    readonly baseUrl: string,
    private readonly options: SalesforceSimulatorOptions,
  ) {
    super();
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 2 * 60 * 60_000;
    this.inboundToken = options.inboundToken ?? 'sf-inbound-token';
  }

  static async start(options: SalesforceSimulatorOptions): Promise<SalesforceSimulator> {
    const app = express();
    let simulator: SalesforceSimulator | undefined;
    app.use((req, res, next) => simulator!.gate(req, res, next));
    app.post(TOKEN_PATH, express.urlencoded({ extended: false }), (req, res) => simulator!.token(req, res));
    app.post(notificationRoute, (req, res, next) => simulator!.authorize(req, res, next), express.json(), (req, res) => simulator!.publish(req, res));
    app.use((_req: express.Request, res: express.Response) => void res.status(404).json([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] satisfies SalesforceErrorBody));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) res.status(400).json([{ message: (err as Error).message, errorCode: 'JSON_PARSER_ERROR' }] satisfies SalesforceErrorBody);
      else res.status(500).json([{ message: (err as Error).message, errorCode: 'UNKNOWN_EXCEPTION' }] satisfies SalesforceErrorBody);
    });
    const { server, baseUrl } = await listenOnLoopback(app, options.port);
    simulator = new SalesforceSimulator(server, baseUrl, options);
    return simulator;
  }




  /** Every token issued so far is refused from now on. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** Requests to the token endpoint, failed ones included. */
  tokenRequests(): number {
    return this.tokenRequestCount;
  }

  /** Requests to the notification endpoint, failed and refused ones included. */
  notificationRequests(): number {
    return this.notificationRequestCount;
  }

  /** Every notification accepted, duplicates included, in arrival order. */
  received(): OrderNotification[] {
    return this.records.map(copy);
  }

  /** The notifications about one Salesforce order as its subscriber sees them: each Notification_Id__c once, first arrival. */
  notificationsFor(salesforceOrderId: string): OrderNotification[] {
    const seen = new Set<string>();
    return this.records.filter((n) => n.Salesforce_Order_Id__c === salesforceOrderId && !seen.has(n.Notification_Id__c) && seen.add(n.Notification_Id__c)).map(copy);
  }

  /** Forgets pending failures and the down state; tokens and records stay. */
  reset(): void {
    this.faults.reset();
  }

  /** Submit Order Request, as CPQ's integration layer sends it. */
  submitOrder(ordoBaseUrl: string, order: SalesforceOrder): Promise<OrdoAnswer> {
    return this.callOrdo(ordoBaseUrl, ORDO_ORDERS_PATH, order);
  }

  freezeOrder(ordoBaseUrl: string, salesforceOrderId: string): Promise<OrdoAnswer> {
    return this.callOrdo(ordoBaseUrl, `${ORDO_ORDERS_PATH}/${encodeURIComponent(salesforceOrderId)}/freeze`, {});
  }

  unfreezeOrder(ordoBaseUrl: string, salesforceOrderId: string): Promise<OrdoAnswer> {
    return this.callOrdo(ordoBaseUrl, `${ORDO_ORDERS_PATH}/${encodeURIComponent(salesforceOrderId)}/unfreeze`, {});
  }

  close(): Promise<void> {
    this.closing.abort();
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private gate(req: express.Request, res: express.Response, next: express.NextFunction): void {
    const isToken = req.path === TOKEN_PATH;
    if (isToken) this.tokenRequestCount++;
    else if (req.path.replace(/\/+$/, '') === notificationRoute) this.notificationRequestCount++;
    const fault = this.faults.next();
    if (!fault) return next();
    const { status } = fault;
    const message = fault.down ? 'the simulator is down' : `the simulator was told to answer ${status}`;
    const code = status === 429 ? 'REQUEST_LIMIT_EXCEEDED' : status >= 500 ? 'SERVER_UNAVAILABLE' : 'SIMULATED_FAILURE';
    if (isToken) res.status(status).json({ error: code.toLowerCase(), error_description: message } satisfies OAuthErrorBody);
    else res.status(status).json([{ message, errorCode: code }] satisfies SalesforceErrorBody);
  }

  private token(req: express.Request, res: express.Response): void {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const refuse = (error: string, description: string) => void res.status(400).json({ error, error_description: description } satisfies OAuthErrorBody);
    if (form['grant_type'] !== 'client_credentials') return refuse('unsupported_grant_type', 'grant type not supported');
    if (form['client_id'] !== this.options.clientId || form['client_secret'] !== this.options.clientSecret) return refuse('invalid_client', 'invalid client credentials');
    const issuedAt = Date.now();
    const accessToken = `00D${alphanumeric(15)}!${randomBytes(48).toString('base64url')}`;
    this.tokens.set(accessToken, issuedAt);
    res.json({ access_token: accessToken, instance_url: this.baseUrl, token_type: 'Bearer', issued_at: String(issuedAt), scope: 'api' } satisfies TokenResponse);
  }

  private authorize(req: express.Request, res: express.Response, next: express.NextFunction): void {
    const token = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const issuedAt = token === undefined ? undefined : this.tokens.get(token);
    if (issuedAt === undefined || Date.now() - issuedAt >= this.tokenLifetimeMs) {
      res.status(401).json(INVALID_SESSION);
      return;
    }
    next();
  }

  private publish(req: express.Request, res: express.Response): void {
    const errors = notificationErrors(req.body);
    if (errors.length > 0) {
      res.status(400).json(errors);
      return;
    }
    this.records.push(copy(req.body as OrderNotification));
    res.status(201).json({ id: `e00${alphanumeric(15)}`, success: true, errors: [] } satisfies CreateResult);
  }

  private async callOrdo(ordoBaseUrl: string, path: string, body: unknown): Promise<OrdoAnswer> {
    const res = await axios.post<unknown>(`${ordoBaseUrl.replace(/\/+$/, '')}${path}`, body, {
      headers: { Authorization: `Bearer ${this.inboundToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      timeout: ORDO_TIMEOUT_MS,
      validateStatus: () => true,
      maxRedirects: 0,
      signal: this.closing.signal,
    });
    return { status: res.status, body: res.data };
  }
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alphanumeric(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/** What Salesforce would refuse in a published event, in its error format; empty when it is fine. */
function notificationErrors(body: unknown): SalesforceErrorBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [{ message: 'The request body must be one JSON object', errorCode: 'JSON_PARSER_ERROR' }];
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((name) => !Object.hasOwn(FIELDS, name));
  if (unknown.length > 0) return unknown.map((name) => ({ message: `No such column '${name}' on sobject of type ${NOTIFICATION_EVENT}`, errorCode: 'INVALID_FIELD', fields: [name] }));
  const fields = Object.entries(FIELDS) as [keyof OrderNotification, { required: boolean; maxLength: number }][];
  const missing = fields.filter(([name, field]) => field.required && (record[name] === undefined || record[name] === null || record[name] === '')).map(([name]) => name);
  if (missing.length > 0) return [{ message: `Required fields are missing: [${missing.join(', ')}]`, errorCode: 'REQUIRED_FIELD_MISSING', fields: missing }];
  const errors: SalesforceErrorBody = [];
  for (const [name, field] of fields) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') errors.push({ message: `${name}: value not of required type: ${JSON.stringify(value)}`, errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: [name] });
    else if (value.length > field.maxLength) errors.push({ message: `${name}: data value too large (max length=${field.maxLength})`, errorCode: 'STRING_TOO_LONG', fields: [name] });
  }
  const type = record['Notification_Type__c'];
  if (typeof type === 'string' && !(NOTIFICATION_TYPES as readonly string[]).includes(type)) errors.push({ message: `Notification_Type__c: bad value for restricted picklist field: ${type}`, errorCode: 'INVALID_FIELD', fields: ['Notification_Type__c'] });
  const at = record['Occurred_At__c'];
  if (typeof at === 'string' && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at) || Number.isNaN(Date.parse(at)))) errors.push({ message: `Occurred_At__c: not a valid ISO 8601 date and time: ${at}`, errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: ['Occurred_At__c'] });
  return errors;
}
