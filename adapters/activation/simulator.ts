import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import { listenAs, FaultySimulator, HttpError, type ListenOptions } from '../simulator-support.js';
import {
  ACCESS_TYPES,
  IDEMPOTENCY_HEADER,
  LINES_PATH,
  SUBSCRIBERS_PATH,
  type AccessType,
  type ActivateLineRequest,
  type ActivateSubscriberRequest,
  type ActivationErrorBody,
  type LineRecord,
  type SubscriberRecord,
} from './activation-api.js';

export interface ActivationSimulatorOptions extends ListenOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Every answer leaves this much later (ms), after the change is made; default 0. */
  latencyMs?: number;
}


/** MCC 001, MNC 01: the test network, so a simulated IMSI is never a real subscriber's. */
const TEST_PLMN = '00101';

const copy = <T>(value: T): T => structuredClone(value);

/** A network activation gateway over real HTTP (see activation-api.ts), keeping subscribers and lines in memory. */
export class ActivationSimulator extends FaultySimulator {
  private readonly subscribersByMsisdn = new Map<string, SubscriberRecord>();
  private readonly linesById = new Map<string, LineRecord>();
  private readonly keys = new Map<string, { fingerprint: string; record: SubscriberRecord | LineRecord }>();
  private readonly scriptedFailures = new Map<string, { remaining: number; status: number }>();
  private readonly uncovered = new Set<string>();
  private readonly requests: { method: string; path: string }[] = [];
  private readonly closing = new AbortController();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly options: ActivationSimulatorOptions,
  ) {
    super();
  }

  static async start(options: ActivationSimulatorOptions = {}): Promise<ActivationSimulator> {
    const app = express();
    let simulator: ActivationSimulator | undefined;
    app.use((req, res, next) => simulator!.gate(req, res, next));
    app.use(express.json());
    app.put(`${SUBSCRIBERS_PATH}/:msisdn`, (req, res) => simulator!.activateSubscriber(req, res));
    app.get(`${SUBSCRIBERS_PATH}/:msisdn`, (req, res) => simulator!.getSubscriber(req, res));
    app.delete(`${SUBSCRIBERS_PATH}/:msisdn`, (req, res) => simulator!.deactivateSubscriber(req, res));
    app.put(`${LINES_PATH}/:lineId`, (req, res) => simulator!.activateLine(req, res));
    app.get(`${LINES_PATH}/:lineId`, (req, res) => simulator!.getLine(req, res));
    app.delete(`${LINES_PATH}/:lineId`, (req, res) => simulator!.deactivateLine(req, res));
    app.use((req: express.Request, res: express.Response) => simulator!.send(res, 404, { error: 'not_found', message: `no endpoint ${req.method} ${req.path}` }));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (err instanceof HttpError) void simulator!.send(res, err.status, { error: err.code, message: err.message });
      else if (isClientError(err)) void simulator!.send(res, err.status, { error: 'invalid_request', message: err.message });
      else void simulator!.send(res, 500, { error: 'internal_error', message: (err as Error).message });
    });
    const { server, baseUrl } = await listenAs(app, options);
    simulator = new ActivationSimulator(server, baseUrl, options);
    return simulator;
  }




  /** The next `times` requests about `msisdn` (or all of them) answer `status`, network_element_unavailable, and change nothing. */
  failFor(msisdn: string, times: number | 'always', status = 500): void {
    const remaining = times === 'always' ? Infinity : times;
    if (remaining > 0) this.scriptedFailures.set(msisdn, { remaining, status });
    else this.scriptedFailures.delete(msisdn);
  }

  /** Lines to this address are refused for good (422 `no_coverage`), as where the network has no fibre. */
  refuseAddress(installationAddress: string): void {
    this.uncovered.add(installationAddress);
  }

  /** Forgets the failures of `failFor` and `refuseAddress`. */
  clearFailures(): void {
    this.scriptedFailures.clear();
    this.uncovered.clear();
  }

  /** Forgets every injected fault (down, failNext, failFor); subscribers, lines and counts stay. */
  reset(): void {
    this.faults.reset();
    this.clearFailures();
  }

  /** The network's subscribers, active and deactivated, in the order first activated. */
  subscribers(): SubscriberRecord[] {
    return [...this.subscribersByMsisdn.values()].map(copy);
  }

  subscriber(msisdn: string): SubscriberRecord | undefined {
    const record = this.subscribersByMsisdn.get(msisdn);
    return record && copy(record);
  }

  lines(): LineRecord[] {
    return [...this.linesById.values()].map(copy);
  }

  line(lineId: string): LineRecord | undefined {
    const record = this.linesById.get(lineId);
    return record && copy(record);
  }

  /** Requests received (failed ones included): all, or with one HTTP method, or under one path. */
  requestCount(method?: string, pathPrefix?: string): number {
    return this.requests.filter((r) => (!method || r.method === method.toUpperCase()) && (!pathPrefix || r.path.startsWith(pathPrefix))).length;
  }

  close(): Promise<void> {
    this.closing.abort();
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private gate(req: express.Request, res: express.Response, next: express.NextFunction): void {
    this.requests.push({ method: req.method.toUpperCase(), path: req.path });
    const fault = this.faults.next();
    if (fault) {
      void this.send(res, fault.status, { error: 'simulated_failure', message: fault.down ? 'the gateway is down' : `the simulator was told to answer ${fault.status}` });
      return;
    }
    if (this.options.apiKey !== undefined && req.get('authorization') !== `Bearer ${this.options.apiKey}`) {
      void this.send(res, 401, { error: 'unauthorized', message: 'missing or wrong API key' });
      return;
    }
    next();
  }

  private async send(res: express.Response, status: number, body: SubscriberRecord | LineRecord | ActivationErrorBody): Promise<void> {
    const latencyMs = this.options.latencyMs ?? 0;
    if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
    if (!this.closing.signal.aborted) res.status(status).json(body);
  }

  private activateSubscriber(req: express.Request, res: express.Response): Promise<void> {
    const msisdn = this.msisdnOf(req);
    const key = idempotencyKey(req);
    const request = validSubscriberRequest(req.body);
    const fingerprint = `PUT subscriber ${msisdn} ${JSON.stringify(request)}`;
    const replay = this.replay(key, fingerprint);
    if (replay) return this.send(res, 200, replay);
    const held = this.subscribersByMsisdn.get(msisdn);
    if (held?.status === 'active') {
      if (held.iccid !== request.iccid) throw new HttpError(409, 'msisdn_in_use', `${msisdn} is active on another SIM`);
      return this.answer(res, 200, key, fingerprint, held);
    }
    const record: SubscriberRecord = {
      msisdn,
      iccid: request.iccid,
      imsi: request.imsi ?? imsiFor(request.iccid),
      status: 'active',
      services: request.services,
      orderRef: request.orderRef,
      activatedAt: new Date().toISOString(),
    };
    this.subscribersByMsisdn.set(msisdn, record);
    return this.answer(res, 201, key, fingerprint, record);
  }

  private getSubscriber(req: express.Request, res: express.Response): Promise<void> {
    const msisdn = this.msisdnOf(req);
    return this.send(res, 200, found(this.subscribersByMsisdn, msisdn, 'subscriber'));
  }

  private deactivateSubscriber(req: express.Request, res: express.Response): Promise<void> {
    const msisdn = this.msisdnOf(req);
    return this.deactivate(req, res, this.subscribersByMsisdn, msisdn, 'subscriber');
  }

  private activateLine(req: express.Request, res: express.Response): Promise<void> {
    const lineId = lineIdOf(req);
    const key = idempotencyKey(req);
    const request = validLineRequest(req.body);
    if (this.uncovered.has(request.installationAddress)) throw new HttpError(422, 'no_coverage', `no fibre network at ${request.installationAddress}`);
    const fingerprint = `PUT line ${lineId} ${JSON.stringify(request)}`;
    const replay = this.replay(key, fingerprint);
    if (replay) return this.send(res, 200, replay);
    const held = this.linesById.get(lineId);
    if (held?.status === 'active') return this.answer(res, 200, key, fingerprint, held);
    const record: LineRecord = { lineId, status: 'active', ...request, activatedAt: new Date().toISOString() };
    this.linesById.set(lineId, record);
    return this.answer(res, 201, key, fingerprint, record);
  }

  private getLine(req: express.Request, res: express.Response): Promise<void> {
    return this.send(res, 200, found(this.linesById, lineIdOf(req), 'line'));
  }

  private deactivateLine(req: express.Request, res: express.Response): Promise<void> {
    return this.deactivate(req, res, this.linesById, lineIdOf(req), 'line');
  }

  private deactivate<R extends SubscriberRecord | LineRecord>(req: express.Request, res: express.Response, records: Map<string, R>, id: string, what: string): Promise<void> {
    const key = idempotencyKey(req);
    const fingerprint = `DELETE ${what} ${id}`;
    const replay = this.replay(key, fingerprint);
    if (replay) return this.send(res, 200, replay);
    const record = found(records, id, what);
    if (record.status === 'active') {
      record.status = 'deactivated';
      record.deactivatedAt = new Date().toISOString();
    }
    return this.answer(res, 200, key, fingerprint, record);
  }

  /** The stored answer to a key seen before with the same request; undefined for a new key. */
  private replay(key: string, fingerprint: string): SubscriberRecord | LineRecord | undefined {
    const known = this.keys.get(key);
    if (!known) return undefined;
    if (known.fingerprint !== fingerprint) throw new HttpError(422, 'idempotency_key_reused', `${IDEMPOTENCY_HEADER} ${key} was used for a different request`);
    return copy(known.record);
  }

  /** Remembers the answer for its key before `send` waits out the latency, so a retry arriving meanwhile gets it. */
  private answer(res: express.Response, status: number, key: string, fingerprint: string, record: SubscriberRecord | LineRecord): Promise<void> {
    this.keys.set(key, { fingerprint, record: copy(record) });
    return this.send(res, status, copy(record));
  }

  /** The request's valid msisdn, unless a failure scripted for it answers first. */
  private msisdnOf(req: express.Request): string {
    const msisdn = req.params['msisdn'] as string;
    const failure = this.scriptedFailures.get(msisdn);
    if (failure) {
      if (--failure.remaining <= 0) this.scriptedFailures.delete(msisdn);
      throw new HttpError(failure.status, 'network_element_unavailable', 'HLR did not answer');
    }
    if (!/^\d{8,15}$/.test(msisdn)) throw invalid('the msisdn must be 8 to 15 digits');
    return msisdn;
  }
}

/** body-parser's errors (bad JSON, too large) carry their 4xx status. */
function isClientError(err: unknown): err is { status: number; message: string } {
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const invalid = (message: string) => new HttpError(400, 'invalid_request', message);

function found<R>(records: Map<string, R>, id: string, what: string): R {
  const record = records.get(id);
  if (!record) throw new HttpError(404, 'not_found', `no ${what} ${id}`);
  return record;
}

function idempotencyKey(req: express.Request): string {
  const key = req.get(IDEMPOTENCY_HEADER)?.trim();
  if (!key) throw invalid(`the ${IDEMPOTENCY_HEADER} header is required`);
  return key;
}

function lineIdOf(req: express.Request): string {
  const lineId = req.params['lineId'] as string;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(lineId)) throw invalid('the lineId must be 1 to 64 letters, digits, dots, dashes or underscores');
  return lineId;
}

/** A 15-digit IMSI in the test network, the same for the same ICCID. */
function imsiFor(iccid: string): string {
  const msin = createHash('sha256').update(iccid).digest().readBigUInt64BE() % 10_000_000_000n;
  return `${TEST_PLMN}${msin.toString().padStart(10, '0')}`;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function nonEmptyString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${name} must be a non-empty string`);
  return value;
}

function validSubscriberRequest(body: unknown): ActivateSubscriberRequest {
  const b = objectBody(body);
  const { iccid, imsi, services } = b;
  if (typeof iccid !== 'string' || !/^\d{19,20}$/.test(iccid)) throw invalid('iccid must be 19 or 20 digits');
  if (imsi !== undefined && (typeof imsi !== 'string' || !/^\d{14,15}$/.test(imsi))) throw invalid('imsi must be 14 or 15 digits');
  if (!Array.isArray(services) || services.length === 0 || services.some((s) => typeof s !== 'string' || s === '')) throw invalid('services must be a non-empty list of names');
  const orderRef = nonEmptyString(b['orderRef'], 'orderRef');
  return { iccid, ...(imsi !== undefined ? { imsi } : {}), services: services as string[], orderRef };
}

function validLineRequest(body: unknown): ActivateLineRequest {
  const b = objectBody(body);
  const { accessType, bandwidthMbps } = b;
  if (!(ACCESS_TYPES as readonly unknown[]).includes(accessType)) throw invalid(`accessType must be one of ${ACCESS_TYPES.join(', ')}`);
  if (typeof bandwidthMbps !== 'number' || !Number.isFinite(bandwidthMbps) || bandwidthMbps <= 0) throw invalid('bandwidthMbps must be a positive number');
  const installationAddress = nonEmptyString(b['installationAddress'], 'installationAddress');
  const orderRef = nonEmptyString(b['orderRef'], 'orderRef');
  return { accessType: accessType as AccessType, bandwidthMbps, installationAddress, orderRef };
}
