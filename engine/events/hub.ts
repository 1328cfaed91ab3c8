import { PeriodicTask } from '../process/periodic-task.js';
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { callbackRefusal, callbackTarget, resolveAll } from '../security/callback-policy.js';
import { ObjectId, type Collection, type Db } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { OutboxEvent, TmfEvent } from './tmf-event.js';
import { renamedEvent, type Pseudonymisation } from '../tmf/pseudonymise.js';
import { Refusal, RefusalKind } from '../outcomes.js';

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
  /**
   * `pending` is set while deliveries wait, so idle listeners cost nothing per poll. `suspendedAt`:
   * it failed too long; its events go to dead letters until an operator replays them. `pausedAt`:
   * an operator paused it; its events queue up, nothing is tried, until it is resumed (`lastPause`
   * keeps the last pause, whose time does not count towards an event's age).
   */
  delivery: { pending?: true; failures: number; nextAttemptAt: Date; lastError?: string; leaseUntil?: Date; owner?: string; suspendedAt?: Date; pausedAt?: Date; lastPause?: { from: Date; to: Date } };
}

/**
 * What an operator sees of a listener: active, failing (backing off), paused (by an operator: its
 * events queue) or suspended (its events dead-lettered; shown over paused, as it loses events).
 */
export const listenerStatuses = ['active', 'failing', 'paused', 'suspended'] as const;
export type ListenerStatus = (typeof listenerStatuses)[number];
export const statusOf = (l: Listener): ListenerStatus => (l.delivery.suspendedAt ? 'suspended' : l.delivery.pausedAt ? 'paused' : l.delivery.failures > 0 ? 'failing' : 'active');

/** A listener as ops see it: status, backlog, dead letters and last error. */
export interface ListenerOverview {
  id: string;
  api: string;
  callback: string;
  query?: string;
  status: ListenerStatus;
  failures: number;
  lastError?: string;
  suspendedAt?: Date;
  pausedAt?: Date;
  queued: number;
  deadLetters: number;
}

/** An event a listener never took, with why; kept until `expiresAt` (a TTL index), or replayed. */
export interface DeadLetter {
  _id: string;
  listenerId: string;
  seq: ObjectId;
  body: TmfEvent;
  reason: string;
  deadAt: Date;
  expiresAt: Date;
}

export interface HubSettings {
  pollMs: number;
  timeoutMs: number;
  callbackHosts: readonly string[];
  /** Consecutive failed deliveries after which a listener is suspended. */
  maxFailures: number;
  /** A queued event older than this suspends its listener at the next failure (ms). */
  maxEventAgeMs: number;
  /** How long dead letters are kept (ms). */
  deadLetterRetentionMs: number;
  /** How callback host names resolve (tests give their own). */
  resolve?: (host: string) => Promise<string[]>;
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
const PURGE_EVERY_MS = 60_000;

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
  readonly deadLetters: Collection<DeadLetter>;
  private readonly poll: PeriodicTask<void>;
  private readonly lanes = new Set<Promise<void>>();
  /** A lane was asked for while all were open: the next to end opens one more. */
  private laneWanted = false;
  private stopping = false;
  private readonly owner = randomUUID();
  private purgedAt = 0;
  private readonly formats: Record<string, EventFormat> = {};

  constructor(
    db: Db,
    private readonly settings: HubSettings,
    private readonly log: Logger,
  ) {
    this.listeners = db.collection<Listener>('hubListener');
    this.deliveries = db.collection<Delivery>('hubDelivery');
    this.deadLetters = db.collection<DeadLetter>('hubDeadLetter');
    // The poll only opens lanes: a lane held by a listener that hangs must not hold up the next poll.
    this.poll = new PeriodicTask('hub delivery', settings.pollMs, async () => void this.dispatch(), log);
  }
  /** Other shapes listeners may ask events in, by the name a listener gives as its `format` (before the routes are served). */
  acceptFormats(formats: Readonly<Record<string, EventFormat>>): void {
    for (const [name, format] of Object.entries(formats)) {
      if (this.formats[name]) throw new Error(`event format ${name} is declared twice`);
      this.formats[name] = format;
    }
  }

  /**
   * Erasure: events not yet delivered (and dead letters) about records the erasure removes go; the
   * others name the erased parties by the pseudonym. Answers how many changed.
   */
  async forget(p: Pseudonymisation): Promise<number> {
    let changed = 0;
    for (const collection of [this.deliveries, this.deadLetters] as Collection<Delivery>[]) {
      for await (const doc of collection.find({}, { projection: { _id: 1, body: 1 } })) {
        const subject = Object.values(doc.body.event ?? {})[0] as { id?: unknown } | undefined;
        if (typeof subject?.id === 'string' && (p.removed ?? []).includes(subject.id)) {
          changed += (await collection.deleteOne({ _id: doc._id })).deletedCount;
          continue;
        }
        const body = renamedEvent(doc.body as never, p);
        if (JSON.stringify(body) !== JSON.stringify(doc.body)) changed += (await collection.updateOne({ _id: doc._id }, { $set: { body: body as never } })).modifiedCount;
      }
    }
    return changed;
  }

  async ensureIndexes(): Promise<void> {
    await this.listeners.createIndex({ api: 1 });
    await this.listeners.createIndex({ 'delivery.pending': 1, 'delivery.nextAttemptAt': 1 }, { sparse: true });
    await this.deliveries.createIndex({ listenerId: 1, seq: 1 });
    await this.deadLetters.createIndex({ listenerId: 1, seq: 1 });
    await this.deadLetters.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  }

  async register(api: string, input: { callback: string; query?: string; format?: string }): Promise<Listener> {
    if (input.format !== undefined && !this.formats[input.format]) throw new Error(`no event format ${input.format}`);
    let url: URL;
    try {
      url = new URL(input.callback);
    } catch {
      throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid callback', `callback must be an absolute http(s) URL, not '${input.callback}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid callback', 'callback must use http or https');
    const refusal = await callbackRefusal(url.toString(), this.settings.callbackHosts, this.settings.resolve ?? resolveAll);
    if (refusal) throw new Refusal(RefusalKind.unprocessable, 'CALLBACK_NOT_ALLOWED', 'Callback address not allowed', refusal);
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
    await this.deadLetters.deleteMany({ listenerId: id });
    return true;
  }

  /**
   * Queues every event for every listener of `api` whose query matches it. Idempotent (one delivery
   * per listener and event), so the relay may call it again after a crash.
   */
  async enqueue(api: string, events: OutboxEvent[]): Promise<void> {
    const listeners = await this.listeners.find({ api }).toArray();
    const deliveries: Delivery[] = [];
    const suspended = new Set(listeners.filter((l) => l.delivery.suspendedAt).map((l) => l._id));
    for (const e of events) {
      const shaped = new Map<string | undefined, TmfEvent>();
      for (const l of listeners) {
        if (!shaped.has(l.format)) shaped.set(l.format, l.format ? (this.formats[l.format] as EventFormat)(e.body) : e.body);
        const body = shaped.get(l.format) as TmfEvent;
        if (matchesQuery(l.query, body)) deliveries.push({ _id: `${l._id}:${e.body.eventId}`, listenerId: l._id, seq: new ObjectId(), body });
      }
    }
    // A suspended listener's events wait in its dead letters (they expire), not in an endless queue.
    const parked = deliveries.filter((d) => suspended.has(d.listenerId));
    await insertOnce(this.deadLetters, parked.map((d) => this.deadLetter(d, 'listener suspended')));
    // A listener replayed since it was read here takes them back, so none is stranded (one read for all).
    if (parked.length > 0) {
      const replayed = await this.listeners.find({ _id: { $in: [...new Set(parked.map((d) => d.listenerId))] }, 'delivery.suspendedAt': { $exists: false } }, { projection: { _id: 1 } }).toArray();
      for (const { _id } of replayed) await this.requeueDeadLetters(_id);
    }
    const queued = deliveries.filter((d) => !suspended.has(d.listenerId));
    if (queued.length === 0) return;
    await insertOnce(this.deliveries, queued);
    // A listener suspended meanwhile keeps these queued (not delivered) until its replay, which keeps their order.
    await this.listeners.updateMany({ _id: { $in: [...new Set(queued.map((d) => d.listenerId))] } }, { $set: { 'delivery.pending': true } });
    // Delivered now rather than at the next poll, which is left to retries and other instances' events.
    if (this.poll.started) void this.dispatch();
  }

  run(): void {
    this.poll.start();
  }

  /** Lanes finish the listener in hand and take no other; what is left waits in MongoDB. */
  async stop(): Promise<void> {
    await this.poll.stop();
    this.stopping = true;
    await Promise.allSettled([...this.lanes]);
    this.stopping = false;
  }

  /**
   * Opens a delivery lane; each serves due listeners, one leased listener at a time, until none is
   * due, and a lane that found one opens the next (up to CONCURRENCY), so an idle hub asks MongoDB
   * once per poll rather than once per lane. Lanes outlive the call that started them, so a listener
   * that hangs until its timeout holds one lane, not the others nor the next calls. Resolves when
   * the lanes opened from here end.
   */
  dispatch(): Promise<void> {
    if (Date.now() - this.purgedAt > PURGE_EVERY_MS) {
      this.purgedAt = Date.now();
      void this.purgeExpired().catch((err: Error) => this.log.warn('expired hub dead letters could not be removed; will retry', { error: err.message }));
    }
    const group = new LaneGroup();
    this.openLane(group);
    return group.ended;
  }

  private openLane(group: LaneGroup): void {
    if (this.stopping) return;
    if (this.lanes.size >= CONCURRENCY) {
      // The lanes open may all have looked for work before this call's deliveries were queued.
      this.laneWanted = true;
      return;
    }
    const lane: Promise<void> = this.lane(() => this.openLane(group))
      .catch((err: Error) => void this.log.warn('hub delivery lane failed; will retry', { error: err.message }))
      .finally(() => {
        this.lanes.delete(lane);
        if (this.laneWanted) {
          this.laneWanted = false;
          this.openLane(group);
        }
        group.left();
      });
    this.lanes.add(lane);
    group.joined();
  }

  private async lane(foundWork: () => void): Promise<void> {
    // A listener served in this lane waits for the other due listeners before it is served again.
    const served: string[] = [];
    while (!this.stopping) {
      let listener = await this.leaseDue(served);
      if (!listener && served.length > 0) {
        served.length = 0;
        listener = await this.leaseDue(served);
      }
      if (!listener) return;
      foundWork();
      served.push(listener._id);
      await this.deliverTo(listener);
    }
  }

  private async leaseDue(visited: string[]): Promise<Listener | null> {
    const now = new Date();
    return this.listeners.findOneAndUpdate(
      { _id: { $nin: visited }, 'delivery.pending': true, 'delivery.suspendedAt': { $exists: false }, 'delivery.pausedAt': { $exists: false }, 'delivery.nextAttemptAt': { $lte: now }, $or: [{ 'delivery.leaseUntil': { $exists: false } }, { 'delivery.leaseUntil': { $lt: now } }] },
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
        const target = await callbackTarget(listener.callback, this.settings.callbackHosts, this.settings.resolve ?? resolveAll);
        if ('refusal' in target) throw new Error(`callback refused: ${target.refusal}`);
        const res = await axios.post(listener.callback, d.body, {
          timeout: this.settings.timeoutMs,
          maxRedirects: 0,
          validateStatus: () => true,
          headers: { 'content-type': 'application/json' },
          // The connection goes to the addresses just checked, not to whatever the name resolves to next,
          // and never through a proxy from the environment (which would resolve the name itself).
          lookup: async () => [target.addresses],
          proxy: false,
        });
        if (res.status < 200 || res.status >= 300) throw new Error(`listener answered HTTP ${res.status}`);
      } catch (err) {
        await this.failed(listener, d, (err as Error).message);
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

  private deadLetter(d: Delivery, reason: string): DeadLetter {
    const now = new Date();
    return { ...d, reason, deadAt: now, expiresAt: new Date(now.getTime() + this.settings.deadLetterRetentionMs) };
  }

  /**
   * A delivery failed: the listener backs off, or, once it has failed `maxFailures` times in a row
   * or its oldest event is older than `maxEventAgeMs`, is suspended and its queue moves to dead letters.
   */
  private async failed(listener: Listener, d: Delivery, error: string): Promise<void> {
    const mine = { _id: listener._id, 'delivery.owner': this.owner };
    const release = { 'delivery.leaseUntil': '', 'delivery.owner': '' } as const;
    // Paused while this batch was on its way: the failure does not count, the backlog waits for the resume.
    const now = await this.listeners.findOne({ _id: listener._id }, { projection: { delivery: 1 } });
    if (now?.delivery.pausedAt) {
      await this.listeners.updateOne(mine, { $set: { 'delivery.lastError': error }, $unset: release });
      return;
    }
    const failures = listener.delivery.failures + 1;
    // The last pause does not count towards an event's age (the part of it after the event was queued).
    const queuedAt = d.seq.getTimestamp().getTime();
    const pause = now?.delivery.lastPause;
    const paused = pause ? Math.max(0, pause.to.getTime() - Math.max(pause.from.getTime(), queuedAt)) : 0;
    const ageMs = Date.now() - queuedAt - paused;
    if (failures >= this.settings.maxFailures || ageMs > this.settings.maxEventAgeMs) {
      const reason = `${failures >= this.settings.maxFailures ? `${failures} failed deliveries in a row` : `undelivered for ${Math.round(ageMs / 60_000)} min`}; last: ${error}`;
      await this.listeners.updateOne(mine, { $set: { 'delivery.failures': failures, 'delivery.lastError': error, 'delivery.suspendedAt': new Date() }, $unset: { ...release, 'delivery.pending': '' } });
      const moved = await this.parkQueue(listener._id, reason);
      this.log.error('hub listener suspended; its events are kept as dead letters', { listenerId: listener._id, callback: listener.callback, deadLetters: moved, reason });
      return;
    }
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures - 1, 12));
    await this.listeners.updateOne(mine, { $set: { 'delivery.failures': failures, 'delivery.nextAttemptAt': new Date(Date.now() + backoff), 'delivery.lastError': error }, $unset: release });
    this.log.warn('hub delivery failed; listener backs off', { listenerId: listener._id, eventId: d.body.eventId, attempt: failures, retryInMs: backoff, error });
  }

  /** Moves a listener's whole queue to its dead letters (written before removed: nothing is lost in between). */
  private async parkQueue(listenerId: string, reason: string): Promise<number> {
    let moved = 0;
    for (;;) {
      const batch = await this.deliveries.find({ listenerId }).sort({ seq: 1 }).limit(500).toArray();
      if (batch.length === 0) return moved;
      await insertOnce(this.deadLetters, batch.map((d) => this.deadLetter(d, reason)));
      await this.deliveries.deleteMany({ _id: { $in: batch.map((d) => d._id) } });
      moved += batch.length;
    }
  }

  /**
   * Ops: a listener's dead letters go back into its queue, in their first order, and it is active
   * again (failures reset). Answers how many events were queued again; undefined for no such listener.
   */
  async replay(listenerId: string): Promise<number | undefined> {
    const listener = await this.listeners.findOne({ _id: listenerId });
    if (!listener) return undefined;
    await this.listeners.updateOne({ _id: listenerId }, { $set: { 'delivery.failures': 0, 'delivery.nextAttemptAt': new Date(0) }, $unset: { 'delivery.suspendedAt': '', 'delivery.lastError': '' } });
    return this.requeueDeadLetters(listenerId);
  }

  /**
   * Moves a listener's dead letters back into its queue, oldest first, with new sequence numbers (in
   * the same order, behind nothing older): their age counts from now, not from when they first failed.
   */
  private async requeueDeadLetters(listenerId: string): Promise<number> {
    // Events queued while it was suspended are newer than its dead letters: they go behind them.
    const queuedMeanwhile = (await this.deliveries.find({ listenerId }, { projection: { _id: 1 } }).sort({ seq: 1 }).toArray()).map((d) => d._id);
    let requeued = 0;
    for (;;) {
      const batch = await this.deadLetters.find({ listenerId }).sort({ seq: 1 }).limit(500).toArray();
      if (batch.length === 0) break;
      await insertOnce(this.deliveries, batch.map(({ _id, body }) => ({ _id, listenerId, seq: new ObjectId(), body })));
      await this.deadLetters.deleteMany({ _id: { $in: batch.map((d) => d._id) } });
      requeued += batch.length;
    }
    if (requeued > 0) for (const _id of queuedMeanwhile) await this.deliveries.updateOne({ _id }, { $set: { seq: new ObjectId() } });
    if ((await this.deliveries.countDocuments({ listenerId }, { limit: 1 })) > 0) await this.listeners.updateOne({ _id: listenerId }, { $set: { 'delivery.pending': true } });
    return requeued;
  }

  /**
   * Ops: no more delivery attempts to a listener until it is resumed; its events keep queueing (none
   * is dead-lettered meanwhile). A batch already in hand finishes. Pausing a paused listener keeps
   * its first pause time. Answers its overview; undefined for no such listener.
   */
  async pause(listenerId: string): Promise<ListenerOverview | undefined> {
    await this.listeners.updateOne({ _id: listenerId, 'delivery.pausedAt': { $exists: false } }, { $set: { 'delivery.pausedAt': new Date() } });
    return this.overviewOf(listenerId);
  }

  /** Ops: a paused listener gets its backlog, in order, from the next poll. Answers its overview; undefined for no such listener. */
  async resume(listenerId: string): Promise<ListenerOverview | undefined> {
    const pausedAt = (await this.listeners.findOne({ _id: listenerId }, { projection: { delivery: 1 } }))?.delivery.pausedAt;
    // Only the pause read here ends (a second resume at once finds it gone and changes nothing).
    if (pausedAt) await this.listeners.updateOne({ _id: listenerId, 'delivery.pausedAt': pausedAt }, { $set: { 'delivery.lastPause': { from: pausedAt, to: new Date() }, 'delivery.nextAttemptAt': new Date(0) }, $unset: { 'delivery.pausedAt': '' } });
    return this.overviewOf(listenerId);
  }

  /** Ops: every listener with its status, queue and dead letters. */
  async overview(): Promise<ListenerOverview[]> {
    const listeners = await this.listeners.find().sort({ createdAt: 1 }).toArray();
    return Promise.all(listeners.map((l) => this.describe(l)));
  }

  private async overviewOf(listenerId: string): Promise<ListenerOverview | undefined> {
    const listener = await this.listeners.findOne({ _id: listenerId });
    return listener ? this.describe(listener) : undefined;
  }

  private async describe(l: Listener): Promise<ListenerOverview> {
    return {
      ...subscriptionView(l),
      api: l.api,
      status: statusOf(l),
      failures: l.delivery.failures,
      ...(l.delivery.lastError ? { lastError: l.delivery.lastError } : {}),
      ...(l.delivery.suspendedAt ? { suspendedAt: l.delivery.suspendedAt } : {}),
      ...(l.delivery.pausedAt ? { pausedAt: l.delivery.pausedAt } : {}),
      queued: await this.deliveries.countDocuments({ listenerId: l._id }),
      deadLetters: await this.deadLetters.countDocuments({ listenerId: l._id }),
    };
  }

  /** Dead letters past their time, for servers without TTL indexes (the local MongoDB-wire server). */
  async purgeExpired(): Promise<number> {
    return (await this.deadLetters.deleteMany({ expiresAt: { $lt: new Date() } })).deletedCount;
  }
}

/** Inserts documents, each once: ones already there (an earlier attempt) are fine, anything else fails. */
async function insertOnce<T extends { _id: string }>(collection: Collection<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (!((err as { code?: number }).code === 11000 || (list.length > 0 && list.every((w) => w.code === 11000)))) throw err;
  }
}

/** The lanes opened from one dispatch, however many open one another: `ended` resolves when none is left (at once if none opened). */
class LaneGroup {
  private open = 0;
  private end!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.end = resolve));

  constructor() {
    queueMicrotask(() => this.open === 0 && this.end());
  }

  joined(): void {
    this.open++;
  }

  left(): void {
    if (--this.open === 0) this.end();
  }
}
