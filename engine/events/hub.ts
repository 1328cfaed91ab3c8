import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { callbackRefusal } from '../security/callback-policy.js';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import type { OutboxEvent, TmfEvent } from './outbox.js';

/** A listener registered through a TMF API's `hub` resource (TMF630 / TMF688 EventSubscription). */
export interface Listener {
  _id: string;
  id: string;
  /** Which API's events it gets, e.g. `productOrderingManagement`. */
  api: string;
  callback: string;
  query?: string;
  /** The API version whose event shape it gets (absent: the shape events are stored in). */
  format?: string;
  createdAt: Date;
  /** `pending` is set while deliveries wait, so idle listeners cost nothing per poll. */
  delivery: { pending?: true; failures: number; nextAttemptAt: Date; lastError?: string; leaseUntil?: Date; owner?: string };
}

interface Delivery {
  _id: string;
  listenerId: string;
  /** Delivery order per listener. */
  seq: ObjectId;
  body: TmfEvent;
}

const MAX_BACKOFF_MS = 5 * 60_000;
const LEASE_MS = 120_000;
/** Listeners served at once, so a slow or unreachable one delays no other. */
const CONCURRENCY = 8;

/** The subscription as the API answers it. */
export const subscriptionView = (l: Listener) => ({ id: l.id, callback: l.callback, ...(l.query !== undefined ? { query: l.query } : {}) });

/** Rewrites a stored event into the shape of another version of its API (e.g. TMF622 v5). */
export type EventFormat = (event: TmfEvent) => TmfEvent;

/**
 * Does an event match a listener's query? The query is TMF630-style `a=b&c=d,e`: `eventType` names
 * event types; any other key is a dotted path into the event (e.g. `event.productOrder.state`).
 * Every term must match; an empty query matches everything.
 */
export function matchesQuery(query: string | undefined, event: TmfEvent): boolean {
  if (!query) return true;
  for (const [key, value] of new URLSearchParams(query)) {
    const wanted = value.split(',');
    const actual = key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), event);
    const values = Array.isArray(actual) ? actual.map(String) : actual === undefined ? [] : [String(actual)];
    if (!values.some((v) => wanted.includes(v))) return false;
  }
  return true;
}

/** Listener registrations and the durable delivery of events to them. */
export class Hub {
  readonly listeners: Collection<Listener>;
  readonly deliveries: Collection<Delivery>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly owner = randomUUID();

  constructor(
    db: Db,
    private readonly settings: { pollMs: number; timeoutMs: number; callbackHosts: readonly string[] },
    private readonly log: Logger,
    private readonly formats: Record<string, EventFormat> = {},
  ) {
    this.listeners = db.collection<Listener>('hubListener');
    this.deliveries = db.collection<Delivery>('hubDelivery');
  }

  async ensureIndexes(): Promise<void> {
    await this.listeners.createIndex({ api: 1 });
    await this.listeners.createIndex({ 'delivery.pending': 1, 'delivery.nextAttemptAt': 1 }, { sparse: true });
    await this.deliveries.createIndex({ listenerId: 1, seq: 1 });
  }

  async register(api: string, input: { callback: string; query?: string; format?: string }): Promise<Listener> {
    if (input.format !== undefined && !this.formats[input.format]) throw new Error(`no event format ${input.format}`);
    let url: URL;
    try {
      url = new URL(input.callback);
    } catch {
      throw new ApiError(400, 'INVALID_BODY', 'Invalid callback', `callback must be an absolute http(s) URL, not '${input.callback}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError(400, 'INVALID_BODY', 'Invalid callback', 'callback must use http or https');
    const refusal = await callbackRefusal(url.toString(), this.settings.callbackHosts);
    if (refusal) throw new ApiError(422, 'CALLBACK_NOT_ALLOWED', 'Callback address not allowed', refusal);
    const id = randomUUID();
    const listener: Listener = {
      _id: id,
      id,
      api,
      callback: url.toString(),
      ...(input.query !== undefined ? { query: input.query } : {}),
      ...(input.format !== undefined ? { format: input.format } : {}),
      createdAt: new Date(),
      delivery: { failures: 0, nextAttemptAt: new Date(0) },
    };
    await this.listeners.insertOne(listener);
    return listener;
  }

  /** Removes a listener registered through the same API version (`format`). */
  async unregister(api: string, id: string, format?: string): Promise<boolean> {
    const removed = await this.listeners.deleteOne({ _id: id, api, format: format ?? { $exists: false } });
    if (removed.deletedCount === 0) return false;
    await this.deliveries.deleteMany({ listenerId: id });
    return true;
  }

  /**
   * Queues every event for every listener of `api` whose query matches it. Idempotent (one delivery
   * per listener and event), so the relay may call it again after a crash.
   */
  async enqueue(api: string, events: OutboxEvent[]): Promise<void> {
    const listeners = await this.listeners.find({ api }).toArray();
    const deliveries: Delivery[] = [];
    for (const e of events) {
      const shaped = new Map<string | undefined, TmfEvent>();
      for (const l of listeners) {
        if (!shaped.has(l.format)) shaped.set(l.format, l.format ? (this.formats[l.format] as EventFormat)(e.body) : e.body);
        const body = shaped.get(l.format) as TmfEvent;
        if (matchesQuery(l.query, body)) deliveries.push({ _id: `${l._id}:${e.body.eventId}`, listenerId: l._id, seq: new ObjectId(), body });
      }
    }
    if (deliveries.length === 0) return;
    try {
      await this.deliveries.insertMany(deliveries, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
      const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      // Already queued by an earlier attempt: fine. Anything else is a real failure.
      if (!((err as { code?: number }).code === 11000 || (list.length > 0 && list.every((w) => w.code === 11000)))) throw err;
    }
    await this.listeners.updateMany({ _id: { $in: [...new Set(deliveries.map((d) => d.listenerId))] } }, { $set: { 'delivery.pending': true } });
  }

  run(): void {
    this.timer ??= setInterval(() => void this.dispatch(), this.settings.pollMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: every listener that is due gets its queued events, in order, until one fails. */
  dispatch(): Promise<void> {
    this.running ??= this.dispatchAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async dispatchAll(): Promise<void> {
    const visited: string[] = [];
    const lane = async () => {
      for (let listener = await this.leaseDue(visited); listener; listener = await this.leaseDue(visited)) {
        visited.push(listener._id);
        await this.deliverTo(listener);
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: CONCURRENCY }, lane));
    for (const r of lanes) if (r.status === 'rejected') this.log.warn('hub dispatch pass failed; will retry', { error: (r.reason as Error).message });
  }

  private async leaseDue(visited: string[]): Promise<Listener | null> {
    const now = new Date();
    return this.listeners.findOneAndUpdate(
      { _id: { $nin: visited }, 'delivery.pending': true, 'delivery.nextAttemptAt': { $lte: now }, $or: [{ 'delivery.leaseUntil': { $exists: false } }, { 'delivery.leaseUntil': { $lt: now } }] },
      { $set: { 'delivery.leaseUntil': new Date(now.getTime() + LEASE_MS), 'delivery.owner': this.owner } },
      { returnDocument: 'after' },
    );
  }

  private async deliverTo(listener: Listener): Promise<void> {
    const mine = { _id: listener._id, 'delivery.owner': this.owner };
    // A batch fits in the lease even if every call runs to its timeout.
    const batch = Math.max(1, Math.floor((LEASE_MS / 2) / this.settings.timeoutMs));
    const queued = await this.deliveries.find({ listenerId: listener._id }).sort({ seq: 1 }).limit(batch).toArray();
    for (const d of queued) {
      try {
        const refusal = await callbackRefusal(listener.callback, this.settings.callbackHosts);
        if (refusal) throw new Error(`callback refused: ${refusal}`);
        const res = await axios.post(listener.callback, d.body, { timeout: this.settings.timeoutMs, maxRedirects: 0, validateStatus: () => true, headers: { 'content-type': 'application/json' } });
        if (res.status < 200 || res.status >= 300) throw new Error(`listener answered HTTP ${res.status}`);
      } catch (err) {
        const failures = listener.delivery.failures + 1;
        const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures - 1, 12));
        await this.listeners.updateOne(mine, {
          $set: { 'delivery.failures': failures, 'delivery.nextAttemptAt': new Date(Date.now() + backoff), 'delivery.lastError': (err as Error).message },
          $unset: { 'delivery.leaseUntil': '', 'delivery.owner': '' },
        });
        this.log.warn('hub delivery failed; listener backs off', { listenerId: listener._id, eventId: d.body.eventId, attempt: failures, retryInMs: backoff, error: (err as Error).message });
        return;
      }
      await this.deliveries.deleteOne({ _id: d._id });
      this.log.info('hub event delivered', { listenerId: listener._id, eventType: d.body.eventType, eventId: d.body.eventId });
    }
    // Clear `pending` first, then look again: an event queued meanwhile sets it back, none is stranded.
    await this.listeners.updateOne(mine, {
      $set: { 'delivery.failures': 0, 'delivery.nextAttemptAt': new Date(0) },
      $unset: { 'delivery.leaseUntil': '', 'delivery.owner': '', 'delivery.lastError': '', ...(queued.length < batch ? { 'delivery.pending': '' } : {}) },
    });
    if (queued.length < batch && (await this.deliveries.countDocuments({ listenerId: listener._id }, { limit: 1 })) > 0) {
      await this.listeners.updateOne({ _id: listener._id }, { $set: { 'delivery.pending': true } });
    }
  }
}
