import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import { listenAs, FaultySimulator, HttpError, type ListenOptions } from '../simulator-support.js';
import { E164_NUMBER, IDEMPOTENCY_HEADER, MESSAGES_PATH, messagePath, type CommunicationMessage, type CommunicationMessageCreate, type TmfErrorBody } from './tmf681-api.js';

export interface NotificationSimulatorOptions extends ListenOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Every answer leaves this much later (ms), after the message is recorded; default 0. */
  latencyMs?: number;
}

/** A request as the simulator received it, refused ones included. */
export interface ReceivedRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  body: unknown;
}

/** 160 GSM-7 characters times ten concatenated parts. */
const MAX_CONTENT = 1600;
const PLAUSIBLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

const copy = <T>(value: T): T => structuredClone(value);

/** A TMF681 Communication gateway over real HTTP (see tmf681-api.ts) that delivers every message at once, in memory. */
export class NotificationSimulator extends FaultySimulator {
  private readonly delivered: CommunicationMessage[] = [];
  private readonly keys = new Map<string, { fingerprint: string; message: CommunicationMessage }>();
  private readonly received: ReceivedRequest[] = [];
  private readonly closing = new AbortController();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly options: NotificationSimulatorOptions,
  ) {
    super();
  }

  static async start(options: NotificationSimulatorOptions = {}): Promise<NotificationSimulator> {
    const app = express();
    let simulator: NotificationSimulator | undefined;
    app.use(express.json());
    app.use((req, res, next) => simulator!.gate(req, res, next));
    app.post(MESSAGES_PATH, (req, res) => simulator!.create(req, res));
    app.get(MESSAGES_PATH, (req, res) => simulator!.list(req, res));
    app.get(`${MESSAGES_PATH}/:id`, (req, res) => simulator!.retrieve(req, res));
    app.use((req: express.Request, res: express.Response) => simulator!.send(res, 404, error(404, 'notFound', `no endpoint ${req.method} ${req.path}`)));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (err instanceof HttpError) void simulator!.send(res, err.status, error(err.status, err.code, err.message));
      else if (isClientError(err)) void simulator!.send(res, err.status, error(err.status, 'invalidBody', err.message));
      else void simulator!.send(res, 500, error(500, 'internalError', (err as Error).message));
    });
    const { server, baseUrl } = await listenAs(app, options);
    simulator = new NotificationSimulator(server, baseUrl, options);
    return simulator;
  }

  /** Every message delivered, in order. */
  messages(): CommunicationMessage[] {
    return this.delivered.map(copy);
  }

  /** The messages delivered to a phone number or an e-mail address, in order. */
  messagesTo(address: string): CommunicationMessage[] {
    return this.delivered.filter((m) => m.receiver.some((r) => r.phoneNumber === address || r.email === address)).map(copy);
  }

  lastMessageTo(address: string): CommunicationMessage | undefined {
    return this.messagesTo(address).at(-1);
  }

  /** Every request received, refused ones included, in order. */
  requests(): ReceivedRequest[] {
    return this.received.map(copy);
  }

  /** Forgets delivered messages, idempotency keys and requests; injected faults stay (see `up`). */
  clear(): void {
    this.delivered.length = 0;
    this.keys.clear();
    this.received.length = 0;
  }

  close(): Promise<void> {
    this.closing.abort();
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private gate(req: express.Request, res: express.Response, next: express.NextFunction): void {
    const idempotencyKey = req.get(IDEMPOTENCY_HEADER);
    this.received.push({ method: req.method.toUpperCase(), path: req.path, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}), body: copy(req.body as unknown) });
    const fault = this.faults.next();
    if (fault) {
      void this.send(res, fault.status, error(fault.status, 'serviceUnavailable', fault.down ? 'the gateway is down' : `the simulator was told to answer ${fault.status}`));
      return;
    }
    if (this.options.apiKey !== undefined && req.get('authorization') !== `Bearer ${this.options.apiKey}`) {
      void this.send(res, 401, error(401, 'unauthorized', 'missing or wrong API key'));
      return;
    }
    next();
  }

  private async send(res: express.Response, status: number, body: CommunicationMessage | CommunicationMessage[] | TmfErrorBody): Promise<void> {
    const latencyMs = this.options.latencyMs ?? 0;
    if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
    if (!this.closing.signal.aborted) res.status(status).json(body);
  }

  /** Recorded before `send` waits out the latency, so a retry arriving meanwhile gets the same message. */
  private create(req: express.Request, res: express.Response): Promise<void> {
    const request = validMessage(req.body);
    const key = req.get(IDEMPOTENCY_HEADER)?.trim();
    const fingerprint = JSON.stringify(request);
    const known = key ? this.keys.get(key) : undefined;
    if (known) {
      if (known.fingerprint !== fingerprint) throw new HttpError(409, 'idempotencyKeyReused', `${IDEMPOTENCY_HEADER} ${key} was used for another message`);
      return this.send(res, 200, copy(known.message));
    }
    const id = randomUUID();
    const message: CommunicationMessage = { ...request, id, href: `${this.baseUrl}${messagePath(id)}`, state: 'completed', sendTime: new Date().toISOString() };
    this.delivered.push(message);
    if (key) this.keys.set(key, { fingerprint, message });
    return this.send(res, 201, copy(message));
  }

  private list(req: express.Request, res: express.Response): Promise<void> {
    const phoneNumber = req.query['receiver.phoneNumber'];
    const email = req.query['receiver.email'];
    const wanted = (m: CommunicationMessage) => m.receiver.some((r) => (phoneNumber === undefined || r.phoneNumber === phoneNumber) && (email === undefined || r.email === email));
    return this.send(res, 200, this.delivered.filter(wanted).map(copy));
  }

  private retrieve(req: express.Request, res: express.Response): Promise<void> {
    const message = this.delivered.find((m) => m.id === req.params['id']);
    if (!message) throw new HttpError(404, 'notFound', `no communicationMessage ${String(req.params['id'])}`);
    return this.send(res, 200, copy(message));
  }
}

/** body-parser's errors (bad JSON, too large) carry their 4xx status. */
function isClientError(err: unknown): err is { status: number; message: string } {
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const error = (status: number, code: string, reason: string): TmfErrorBody => ({ '@type': 'Error', code, reason, status: String(status) });

const invalid = (reason: string) => new HttpError(400, 'invalidBody', reason);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validation messages never quote the content: it may hold a one-time password. */
function validMessage(body: unknown): CommunicationMessageCreate {
  if (!isObject(body)) throw invalid('the body must be a CommunicationMessage_Create object');
  const { messageType, content, subject, receiver, sender } = body;
  if (messageType !== 'SMS' && messageType !== 'email') throw invalid('messageType must be SMS or email');
  if (typeof content !== 'string' || content.trim() === '' || [...content].length > MAX_CONTENT) throw invalid(`content must be 1 to ${MAX_CONTENT} characters`);
  if (subject !== undefined && typeof subject !== 'string') throw invalid('subject must be a string');
  if (!isObject(sender)) throw invalid('sender is required');
  if (!Array.isArray(receiver) || receiver.length !== 1 || !isObject(receiver[0])) throw invalid('receiver must hold exactly one receiver');
  const { phoneNumber, email } = receiver[0];
  if (messageType === 'SMS' && !(typeof phoneNumber === 'string' && E164_NUMBER.test(phoneNumber))) throw invalid('an SMS receiver needs an E.164 phoneNumber, e.g. +41790000001');
  if (messageType === 'email' && !(typeof email === 'string' && PLAUSIBLE_EMAIL.test(email))) throw invalid('an email receiver needs an e-mail address');
  return body as unknown as CommunicationMessageCreate;
}
