import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import express from 'express';
import { listenAs, FaultySimulator, HttpError, type ListenOptions } from '../simulator-support.js';
import {
  IDEMPOTENCY_HEADER,
  PAYMENTS_PATH,
  PROVIDER_METHOD_TYPES,
  SIGNATURE_HEADER,
  type CreatePaymentRequest,
  type ProviderAmount,
  type ProviderErrorBody,
  type ProviderPayment,
  type ProviderRefund,
  type ProviderWebhookEvent,
} from './provider-api.js';
import { signWebhook } from './webhook-signature.js';

export interface PaymentProviderSimulatorOptions extends ListenOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  webhookSecret: string;
  /** How long a pending payment waits before it settles on its own (ms); default 100. */
  callbackDelayMs?: number;
}

export type SettleOutcome = 'approve' | 'decline';

export interface ScriptMatch {
  token?: string;
  amountMinor?: number;
}

export interface ScriptedBehaviour {
  /** 'refuse': the request is refused as invalid (402 token_expired, as for a token expired since): no payment is made, the key stays unused. */
  outcome: 'approve' | 'decline' | 'pending' | 'refuse';
  /** Default 'card_declined'. */
  declineReason?: string;
  /** How a pending payment settles after callbackDelayMs; default 'approve'. 'none': only through `settle()`. */
  settleTo?: SettleOutcome | 'none';
  /** Sends the settlement webhook twice, with the same event id. */
  duplicateCallbacks?: boolean;
  /** Answers the creation this much later (ms). */
  delayMs?: number;
}

export interface WebhookDelivery {
  paymentId: string;
  eventId: string;
  /** The receiver's HTTP status; 0 when it did not answer. */
  status: number;
}

interface Behaviour {
  outcome: ScriptedBehaviour['outcome'];
  declineReason: string;
  settleTo: SettleOutcome | 'none';
  duplicateCallbacks: boolean;
  delayMs: number;
}

interface Charge {
  payment: ProviderPayment;
  behaviour: Behaviour;
  webhookUrl: string | undefined;
  settleTimer?: NodeJS.Timeout;
  lastEvent?: ProviderWebhookEvent;
}


const WEBHOOK_RETRIES = 3;
const WEBHOOK_RETRY_SPACING_MS = 500;
const WEBHOOK_TIMEOUT_MS = 5000;

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const copy = <T>(value: T): T => structuredClone(value);

/**
 * A payment provider over real HTTP (see provider-api.ts). Outcomes follow the method token unless scripted:
 * `decline` (reason: the text after `decline_`, else card_declined), `pending_approve`, `pending_decline`,
 * `pending_silent` (settles only through `settle()`), `duplicate_callback` (pending, then approved with the webhook sent
 * twice), `slow_<ms>` (answers that much later); anything else is approved.
 */
export class PaymentProviderSimulator extends FaultySimulator {
  private readonly chargesById = new Map<string, Charge>();
  private readonly createKeys = new Map<string, { fingerprint: string; paymentId: string }>();
  private readonly refundsById = new Map<string, ProviderRefund>();
  private readonly refundKeys = new Map<string, { fingerprint: string; refundId: string }>();
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly requests: string[] = [];
  private scripts: { match: ScriptMatch; behaviour: ScriptedBehaviour }[] = [];
  private readonly closing = new AbortController();
  private readonly callbackDelayMs: number;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly options: PaymentProviderSimulatorOptions,
  ) {
    super();
    this.callbackDelayMs = options.callbackDelayMs ?? 100;
  }

  static async start(options: PaymentProviderSimulatorOptions): Promise<PaymentProviderSimulator> {
    const app = express();
    let simulator: PaymentProviderSimulator | undefined;
    app.use((req, res, next) => simulator!.gate(req, res, next));
    app.use(express.json());
    app.post(PAYMENTS_PATH, (req, res) => simulator!.create(req, res));
    app.get(`${PAYMENTS_PATH}/:id`, (req, res) => simulator!.get(req, res));
    app.post(`${PAYMENTS_PATH}/:id/cancel`, (req, res) => simulator!.cancel(req, res));
    app.post(`${PAYMENTS_PATH}/:id/refunds`, (req, res) => simulator!.refund(req, res));
    app.use((_req: express.Request, res: express.Response) => void res.status(404).json({ error: 'not_found' } satisfies ProviderErrorBody));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (err instanceof HttpError) res.status(err.status).json({ error: err.code, message: err.message } satisfies ProviderErrorBody);
      else if (isClientError(err)) res.status(err.status).json({ error: 'invalid_request', message: err.message } satisfies ProviderErrorBody);
      else res.status(500).json({ error: 'internal_error', message: (err as Error).message });
    });
    const { server, baseUrl } = await listenAs(app, options);
    simulator = new PaymentProviderSimulator(server, baseUrl, options);
    return simulator;
  }

  /** From now on, payments matching `match` (every given field) behave as told; the latest matching script wins. */
  script(match: ScriptMatch, behaviour: ScriptedBehaviour): void {
    this.scripts.unshift({ match: { ...match }, behaviour: { ...behaviour } });
  }


  /** Forgets scripts and pending failures; payments, refunds and records stay. */
  reset(): void {
    this.scripts = [];
    this.faults.reset();
  }

  /** Settles a pending payment now and sends its webhook; resolves with the HTTP status of the last delivery (0: none). */
  async settle(paymentId: string, outcome: SettleOutcome): Promise<number> {
    const charge = this.chargesById.get(paymentId);
    if (!charge) throw new Error(`no payment ${paymentId}`);
    if (charge.payment.status !== 'pending') throw new Error(`payment ${paymentId} is ${charge.payment.status}, not pending`);
    clearTimeout(charge.settleTimer);
    const payment = charge.payment;
    payment.status = outcome === 'approve' ? 'approved' : 'declined';
    if (outcome === 'approve') payment.authorizationCode = authorizationCode();
    else payment.declineReason = charge.behaviour.declineReason;
    payment.updatedAt = new Date().toISOString();
    charge.lastEvent = { id: newId('evt'), type: 'payment.updated', createdAt: payment.updatedAt, data: { payment: copy(payment) } };
    let status = await this.deliver(charge);
    if (charge.behaviour.duplicateCallbacks) status = await this.deliver(charge);
    return status;
  }

  /** Sends the payment's last webhook event again, same event id; resolves with the HTTP status (0: none). */
  resendLastWebhook(paymentId: string): Promise<number> {
    const charge = this.chargesById.get(paymentId);
    if (!charge?.lastEvent) throw new Error(`payment ${paymentId} has sent no webhook`);
    return this.deliver(charge);
  }

  /** Every payment ever created, oldest first. */
  charges(): ProviderPayment[] {
    return [...this.chargesById.values()].map((c) => copy(c.payment));
  }

  payment(id: string): ProviderPayment | undefined {
    const charge = this.chargesById.get(id);
    return charge && copy(charge.payment);
  }

  refunds(): ProviderRefund[] {
    return [...this.refundsById.values()].map(copy);
  }

  /** Every webhook delivery attempt, oldest first. */
  webhookDeliveries(): WebhookDelivery[] {
    return this.deliveries.map(copy);
  }

  /** Requests received (failed ones included), all or with one HTTP method. */
  requestCount(method?: string): number {
    return method ? this.requests.filter((m) => m === method.toUpperCase()).length : this.requests.length;
  }

  close(): Promise<void> {
    this.closing.abort();
    for (const charge of this.chargesById.values()) clearTimeout(charge.settleTimer);
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private gate(req: express.Request, res: express.Response, next: express.NextFunction): void {
    this.requests.push(req.method.toUpperCase());
    const fault = this.faults.next();
    if (fault) {
      res.status(fault.status).json({ error: 'simulated_failure', message: `the simulator was told to answer ${fault.status}` } satisfies ProviderErrorBody);
      return;
    }
    if (this.options.apiKey !== undefined && req.get('authorization') !== `Bearer ${this.options.apiKey}`) {
      res.status(401).json({ error: 'unauthorized', message: 'missing or wrong API key' } satisfies ProviderErrorBody);
      return;
    }
    next();
  }

  private async create(req: express.Request, res: express.Response): Promise<void> {
    const key = idempotencyKey(req);
    const request = validPaymentRequest(req.body);
    const fingerprint = canonicalJson(request);
    const known = this.createKeys.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint) throw new HttpError(422, 'idempotency_key_reused', `Idempotency-Key ${key} was used for a different request`);
      res.status(200).json(this.chargesById.get(known.paymentId)!.payment);
      return;
    }
    // Recorded before any wait, so a retry arriving while this answer is delayed finds the payment instead of making another.
    const behaviour = this.behaviourFor(request);
    if (behaviour.outcome === 'refuse') throw new HttpError(402, 'token_expired', `the ${request.method.type} token has expired`);
    const now = new Date().toISOString();
    const payment: ProviderPayment = {
      id: newId('pay'),
      status: behaviour.outcome === 'approve' ? 'approved' : behaviour.outcome === 'decline' ? 'declined' : 'pending',
      amount: { currency: request.amount.currency, minor: request.amount.minor },
      method: { type: request.method.type },
      reference: request.reference,
      createdAt: now,
      updatedAt: now,
      refundedMinor: 0,
    };
    if (payment.status === 'approved') payment.authorizationCode = authorizationCode();
    if (payment.status === 'declined') payment.declineReason = behaviour.declineReason;
    const charge: Charge = { payment, behaviour, webhookUrl: request.webhookUrl };
    this.chargesById.set(payment.id, charge);
    this.createKeys.set(key, { fingerprint, paymentId: payment.id });

    if (behaviour.delayMs > 0) await sleep(behaviour.delayMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
    res.status(201).json(copy(payment));
    if (payment.status === 'pending' && behaviour.settleTo !== 'none' && !this.closing.signal.aborted) {
      const outcome = behaviour.settleTo;
      charge.settleTimer = setTimeout(() => {
        if (charge.payment.status === 'pending') void this.settle(payment.id, outcome).catch(() => undefined);
      }, this.callbackDelayMs);
    }
  }

  private get(req: express.Request, res: express.Response): void {
    res.json(this.chargeOf(req).payment);
  }

  private cancel(req: express.Request, res: express.Response): void {
    const charge = this.chargeOf(req);
    const payment = charge.payment;
    if (payment.status === 'pending') {
      clearTimeout(charge.settleTimer);
      payment.status = 'canceled';
      payment.updatedAt = new Date().toISOString();
    } else if (payment.status !== 'canceled') {
      throw new HttpError(409, 'not_cancelable', `payment ${payment.id} is ${payment.status}`);
    }
    res.json(payment);
  }

  private refund(req: express.Request, res: express.Response): void {
    const key = idempotencyKey(req);
    const { payment } = this.chargeOf(req);
    const body: unknown = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body must be an object');
    const raw = (body as Record<string, unknown>)['amount'];
    const amount = raw === undefined ? undefined : validAmount(raw, 'amount');
    const fingerprint = canonicalJson({ paymentId: payment.id, amount: amount ?? null });
    const known = this.refundKeys.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint) throw new HttpError(422, 'idempotency_key_reused', `Idempotency-Key ${key} was used for a different request`);
      res.status(200).json(this.refundsById.get(known.refundId));
      return;
    }
    if (amount && amount.currency !== payment.amount.currency) throw invalid(`the payment is in ${payment.amount.currency}, not ${amount.currency}`);
    if (amount?.minor === 0) throw invalid('amount.minor must be positive');
    if (payment.status !== 'approved') throw new HttpError(409, 'not_refundable', `payment ${payment.id} is ${payment.status}`);
    const left = payment.amount.minor - payment.refundedMinor;
    const minor = amount?.minor ?? left;
    if (minor > left || minor === 0) throw new HttpError(422, 'amount_too_large', `${left} ${payment.amount.currency} minor units are left to refund`);
    const refund: ProviderRefund = { id: newId('re'), paymentId: payment.id, status: 'succeeded', amount: { currency: payment.amount.currency, minor }, createdAt: new Date().toISOString() };
    payment.refundedMinor += minor;
    payment.updatedAt = refund.createdAt;
    this.refundsById.set(refund.id, refund);
    this.refundKeys.set(key, { fingerprint, refundId: refund.id });
    res.status(201).json(refund);
  }

  private chargeOf(req: express.Request): Charge {
    const charge = this.chargesById.get(req.params['id'] as string);
    if (!charge) throw new HttpError(404, 'not_found', `no payment ${req.params['id']}`);
    return charge;
  }

  private behaviourFor(request: CreatePaymentRequest): Behaviour {
    const token = request.method.token;
    const scripted = this.scripts.find(({ match }) => (match.token === undefined || match.token === token) && (match.amountMinor === undefined || match.amountMinor === request.amount.minor));
    if (scripted) {
      const b = scripted.behaviour;
      return { outcome: b.outcome, declineReason: b.declineReason ?? 'card_declined', settleTo: b.settleTo ?? 'approve', duplicateCallbacks: b.duplicateCallbacks ?? false, delayMs: b.delayMs ?? 0 };
    }
    const delayMs = Number(/slow_(\d+)/.exec(token)?.[1] ?? 0);
    const declineReason = /decline_(.+)/.exec(token)?.[1] ?? 'card_declined';
    const behaviour: Behaviour = { outcome: 'approve', declineReason: 'card_declined', settleTo: 'none', duplicateCallbacks: false, delayMs };
    if (token.includes('duplicate_callback')) return { ...behaviour, outcome: 'pending', settleTo: 'approve', duplicateCallbacks: true };
    if (token.includes('pending_approve')) return { ...behaviour, outcome: 'pending', settleTo: 'approve' };
    if (token.includes('pending_decline')) return { ...behaviour, outcome: 'pending', settleTo: 'decline' };
    if (token.includes('pending_silent')) return { ...behaviour, outcome: 'pending' };
    if (token.includes('decline')) return { ...behaviour, outcome: 'decline', declineReason };
    return behaviour;
  }

  /** One delivery of the last event, retried on no answer or a 5xx; every attempt is recorded. */
  private async deliver(charge: Charge): Promise<number> {
    const event = charge.lastEvent;
    if (!event || !charge.webhookUrl) return 0;
    const rawBody = JSON.stringify(event);
    let status = 0;
    for (let attempt = 0; attempt <= WEBHOOK_RETRIES && !this.closing.signal.aborted; attempt++) {
      if (attempt > 0) await sleep(WEBHOOK_RETRY_SPACING_MS, undefined, { signal: this.closing.signal }).catch(() => undefined);
      if (this.closing.signal.aborted) break;
      try {
        const res = await axios.post(charge.webhookUrl, rawBody, {
          headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signWebhook(this.options.webhookSecret, rawBody, new Date()) },
          timeout: WEBHOOK_TIMEOUT_MS,
          transformRequest: [(data: unknown) => data],
          validateStatus: () => true,
          maxRedirects: 0,
          signal: this.closing.signal,
        });
        status = res.status;
      } catch {
        status = 0;
      }
      this.deliveries.push({ paymentId: charge.payment.id, eventId: event.id, status });
      if (status > 0 && status < 500) break;
    }
    return status;
  }
}

function authorizationCode(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

/** body-parser's errors (bad JSON, too large) carry their 4xx status. */
function isClientError(err: unknown): err is { status: number; message: string } {
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const invalid = (message: string) => new HttpError(400, 'invalid_request', message);

function idempotencyKey(req: express.Request): string {
  const key = req.get(IDEMPOTENCY_HEADER)?.trim();
  if (!key) throw invalid(`the ${IDEMPOTENCY_HEADER} header is required`);
  return key;
}

function validAmount(value: unknown, where: string): ProviderAmount {
  if (typeof value !== 'object' || value === null) throw invalid(`${where} must be an object`);
  const { currency, minor } = value as Record<string, unknown>;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw invalid(`${where}.currency must be three upper-case letters`);
  if (typeof minor !== 'number' || !Number.isSafeInteger(minor) || minor < 0) throw invalid(`${where}.minor must be a non-negative integer`);
  return { currency, minor };
}

function validPaymentRequest(body: unknown): CreatePaymentRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const amount = validAmount(b['amount'], 'amount');
  const method = b['method'] as Record<string, unknown> | undefined;
  if (typeof method !== 'object' || method === null) throw invalid('method must be an object');
  if (!(PROVIDER_METHOD_TYPES as readonly unknown[]).includes(method['type'])) throw invalid(`method.type must be one of ${PROVIDER_METHOD_TYPES.join(', ')}`);
  if (typeof method['token'] !== 'string' || method['token'] === '') throw invalid('method.token must be a non-empty string');
  if (typeof b['reference'] !== 'string' || b['reference'] === '') throw invalid('reference must be a non-empty string');
  if (b['description'] !== undefined && typeof b['description'] !== 'string') throw invalid('description must be a string');
  if (b['webhookUrl'] !== undefined && !isHttpUrl(b['webhookUrl'])) throw invalid('webhookUrl must be an http(s) URL');
  const metadata = b['metadata'];
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || Object.values(metadata).some((v) => typeof v !== 'string'))) {
    throw invalid('metadata must map names to strings');
  }
  return {
    amount,
    method: { type: method['type'] as CreatePaymentRequest['method']['type'], token: method['token'] },
    reference: b['reference'],
    ...(b['description'] !== undefined ? { description: b['description'] as string } : {}),
    ...(b['webhookUrl'] !== undefined ? { webhookUrl: b['webhookUrl'] as string } : {}),
    ...(metadata !== undefined ? { metadata: metadata as Record<string, string> } : {}),
  };
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** JSON with object keys sorted, so two equal requests compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
