import { PeriodicTask } from '../process/periodic-task.js';
import { randomUUID } from 'node:crypto';
import type { Collection, CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, Document, MongoClient } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { EventProducer } from './kafka.js';
import { BrokerUnavailableError, EventsRefusedError, topicFor } from './kafka.js';
import { FANOUT_PENDING, OUTBOX_PENDING, type OutboxFields } from './outbox.js';
import type { OutboxEvent } from './tmf-event.js';
import { kafkaPublishErrors } from '../observability/metrics.js';

/** Any resource document that keeps its pending events in `_ordo.outbox`. */
export type WithOutbox = Document & { _id: string };

/** Longer than one producer send can take (request timeout x retries), so a lease never expires mid-send. */
const LEASE_MS = 120_000;
const MAX_BACKOFF_MS = 60_000;
/** Documents leased, fanned out, sent and cleared together: a handful of round trips for the lot. */
const BATCH = 100;
/** Lone sends that in a row find Kafka unreachable before the relay takes Kafka for out as a whole. */
const KAFKA_OUT_AFTER = 3;
/** Longer than a healthy batch takes (hub hand-off, sends, clear). */
const BATCH_TAKES_MS = 15_000;
/** How long a woken relay gathers further writes before its pass (ms). */
const WAKE_GATHER_MS = 20;

/** Documents whose events a relay pass takes: those named, or every pending one (the poll, a write naming none). */
type Due = Set<string> | 'all';

/**
 * The documents a write command queues events in (inserts, updates and findAndModify that set the
 * outbox flag, see withEvents): their _ids, 'all' when its filter names none, undefined when it queues nothing.
 */
function queuedIn(commandName: string, command: Document): Due | undefined {
  const flagged = (doc: unknown) => {
    const d = doc as Document | undefined;
    return d?.['_ordo']?.['outboxPending'] === true || d?.['$set']?.[OUTBOX_PENDING] === true;
  };
  const named = (filter: Document | undefined): string[] | 'all' => {
    const id: unknown = filter?.['_id'];
    if (typeof id === 'string') return [id];
    const listed: unknown = (id as Document | undefined)?.['$in'];
    return Array.isArray(listed) && listed.every((x) => typeof x === 'string') ? listed : 'all';
  };
  const due = (filters: (Document | undefined)[]): Due | undefined => {
    if (filters.length === 0) return undefined;
    const ids = filters.map(named);
    return ids.includes('all') ? 'all' : new Set((ids as string[][]).flat());
  };
  switch (commandName) {
    case 'insert':
      return due(((command['documents'] as Document[] | undefined) ?? []).filter(flagged).map((d) => ({ _id: d['_id'] as unknown })));
    case 'update':
      return due(((command['updates'] as { q?: Document; u?: unknown }[] | undefined) ?? []).filter((u) => flagged(u.u)).map((u) => u.q));
    case 'findAndModify':
      return flagged(command['update']) ? due([command['query'] as Document | undefined]) : undefined;
    default:
      return undefined;
  }
}

/**
 * Relays the events queued in documents' `_ordo.outbox`: first to the hub (`fanOut`, once per
 * event, whether or not Kafka is up), then to Kafka; an event leaves the outbox only after both.
 * - At least once: a crash between send and removal sends again.
 * - In order per document: its events go in one batch with one key (one partition).
 * - One document cannot hold up the others: a failed document backs off and the pass moves on;
 *   an event Kafka will never take (e.g. too large) moves to `_ordo.deadLetters` and is logged.
 * - A lease owned by this relay keeps two Ordo instances from relaying one document at once.
 * - Documents go in batches (up to BATCH): a few round trips to MongoDB for the lot, not per document.
 */
export class OutboxRelay {
  private readonly poll: PeriodicTask<number>;
  private running: Promise<number> | undefined;
  private readonly owner = randomUUID();
  /** While Kafka is unreachable the relay pauses as a whole (documents keep no backoff of their own). */
  private pausedUntil = 0;
  private outages = 0;
  /** Collections a write or the poll marked for the next pass, with the documents to look at. */
  private readonly due = new Map<Collection<WithOutbox>, Due>();
  /** The lease's end, unique to each batch, so a batch finds exactly the documents it leased. */
  private lastLeaseUntil = 0;
  /** Set when more became due during a pass: another pass follows it. */
  private again: Promise<number> | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly byName: Map<string, Collection<WithOutbox>>;
  /** Writes that queue events, by request id, until the server acknowledges them. */
  private readonly queueing = new Map<number, { collection: Collection<WithOutbox>; ids: Due }>();
  private readonly listeners = {
    commandStarted: (e: CommandStartedEvent) => this.writeStarted(e),
    // A write reported failed may still have been applied (the answer was lost): a pass costs little.
    commandSucceeded: (e: CommandSucceededEvent) => this.writeDone(e),
    commandFailed: (e: CommandFailedEvent) => this.writeDone(e),
  };
  private watched: MongoClient | undefined;

  constructor(
    private readonly collections: Collection<WithOutbox>[],
    private readonly producer: EventProducer,
    private readonly topicPrefix: string,
    pollMs: number,
    private readonly log: Logger,
    /** Hands the events to hub listeners before Kafka, so a Kafka outage does not hold them up. */
    private readonly fanOut?: (events: OutboxEvent[]) => Promise<void>,
  ) {
    this.byName = new Map(collections.map((c) => [`${c.dbName}.${c.collectionName}`, c]));
    this.poll = new PeriodicTask('event relay pass', pollMs, () => this.drain(), log);
  }

  /**
   * A write through `client` (connected with monitorCommands) that queues events in a relayed
   * collection starts a pass over that collection once the server has it. The poll is left to
   * find what other processes wrote, leases that ran out and documents backing off.
   */
  wakeOnWrites(client: MongoClient): void {
    // Without it the client reports no commands, and events would wait for the poll unnoticed.
    if (!client.options.monitorCommands) throw new Error('the relay is woken by writes only through a client connected with monitorCommands');
    this.watched = client;
    client.on('commandStarted', this.listeners.commandStarted);
    client.on('commandSucceeded', this.listeners.commandSucceeded);
    client.on('commandFailed', this.listeners.commandFailed);
  }

  /** Starts with a pass: events queued before (by this process or one that stopped) do not wait for the first poll. */
  run(): void {
    if (this.poll.started) return;
    this.poll.start();
    void this.poll.runNow();
  }

  async stop(): Promise<void> {
    await this.poll.stop();
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (this.watched) for (const [name, listener] of Object.entries(this.listeners)) this.watched.off(name as 'commandStarted', listener as never);
    this.watched = undefined;
    this.queueing.clear();
    await this.again;
    await this.running;
  }

  /** One pass over every collection; returns the number of events published. */
  drain(): Promise<number> {
    for (const collection of this.collections) this.due.set(collection, 'all');
    return this.pass();
  }

  private writeStarted(e: CommandStartedEvent): void {
    if (!this.poll.started) return;
    const collection = this.byName.get(`${e.databaseName}.${String(e.command[e.commandName])}`);
    const ids = collection && queuedIn(e.commandName, e.command);
    if (collection && ids) this.queueing.set(e.requestId, { collection, ids });
  }

  private writeDone(e: CommandSucceededEvent | CommandFailedEvent): void {
    const queued = this.queueing.get(e.requestId);
    if (!queued) return;
    this.queueing.delete(e.requestId);
    if (!this.poll.started) return;
    const before = this.due.get(queued.collection);
    this.due.set(queued.collection, before === 'all' || queued.ids === 'all' ? 'all' : new Set([...(before ?? []), ...queued.ids]));
    // Writes that land together make one pass.
    this.wakeTimer ??= setTimeout(() => {
      this.wakeTimer = undefined;
      void this.pass();
    }, WAKE_GATHER_MS);
  }

  /** A pass over the due collections; one at a time, and one more after it when more became due meanwhile. */
  private pass(): Promise<number> {
    if (!this.running) {
      this.running = this.drainDue().finally(() => (this.running = undefined));
      return this.running;
    }
    const next = () => {
      this.again = undefined;
      return this.pass();
    };
    this.again ??= this.running.then(next, next);
    return this.again;
  }

  private async drainDue(): Promise<number> {
    const due = [...this.due];
    this.due.clear();
    return this.drainAll(due);
  }

  private async drainAll(due: [Collection<WithOutbox>, Due][]): Promise<number> {
    let published = 0;
    for (const [collection, which] of due) {
      const paused = Date.now() < this.pausedUntil;
      // The hub gets events whether or not Kafka takes them: while Kafka is out, every document's; at
      // a poll, those of documents no batch can lease now (backing off, or held by an Ordo that stopped).
      if (this.fanOut && (paused || which === 'all')) {
        await this.fanOutPass(collection, this.fanOut, paused ? {} : heldTooLong()).catch((err: Error) => this.log.warn('hub fan-out pass failed; will retry', { collection: collection.collectionName, error: err.message }));
      }
      if (paused) continue;
      const visited = new Set<string>();
      try {
        for (let ids = await this.pendingIds(collection, which, visited); ids.length > 0; ids = await this.pendingIds(collection, which, visited)) {
          for (const id of ids) visited.add(id);
          const docs = await this.lease(collection, ids);
          if (docs.length > 0) published += await this.relayBatch(collection, docs);
        }
      } catch (err) {
        if (err instanceof BrokerUnavailableError) {
          this.outages++;
          this.pausedUntil = Date.now() + Math.min(10_000, 250 * 2 ** Math.min(this.outages, 6));
          if (this.outages === 1 || this.outages % 20 === 0) this.log.warn('Kafka unavailable; events wait in MongoDB', { error: err.message, attempts: this.outages });
          continue;
        }
        this.log.warn('event relay pass failed; will retry', { collection: collection.collectionName, error: (err as Error).message });
      }
    }
    return published;
  }

  /**
   * Hands every event not yet handed to the hub to it. The flag drops only if the document did not
   * change meanwhile (its revision), so an event queued during the pass is not missed.
   */
  private async fanOutPass(collection: Collection<WithOutbox>, fanOut: (events: OutboxEvent[]) => Promise<void>, among: Document): Promise<void> {
    const visited: string[] = [];
    for (let n = 0; n < 1000; n++) {
      const doc = await collection.findOne({ ...among, [FANOUT_PENDING]: true, _id: { $nin: visited } });
      if (!doc) return;
      visited.push(doc._id);
      const meta = doc['_ordo'] as { outbox?: OutboxEvent[]; fannedOut?: string[]; revision?: number };
      const fresh = (meta.outbox ?? []).filter((e) => !(meta.fannedOut ?? []).includes(e.body.eventId));
      try {
        if (fresh.length > 0) await fanOut(fresh);
      } catch (err) {
        this.log.warn('hub fan-out failed; will retry', { collection: collection.collectionName, orderId: doc._id, error: (err as Error).message });
        continue;
      }
      const ids = fresh.map((e) => e.body.eventId);
      const done = await collection.updateOne({ _id: doc._id, '_ordo.revision': meta.revision }, { $addToSet: { '_ordo.fannedOut': { $each: ids } }, $unset: { [FANOUT_PENDING]: '' } } as Document);
      if (done.modifiedCount === 0 && ids.length > 0) await collection.updateOne({ _id: doc._id }, { $addToSet: { '_ordo.fannedOut': { $each: ids } } } as Document);
    }
  }

  /** The next (up to BATCH) documents of the pass to look at: pending ones not seen yet, or the next of those named. */
  private async pendingIds(collection: Collection<WithOutbox>, which: Due, visited: Set<string>): Promise<string[]> {
    if (which !== 'all') return [...which].filter((id) => !visited.has(id)).slice(0, BATCH);
    const found = await collection.find({ ...leasable(), _id: { $nin: [...visited] } }, { projection: { _id: 1 }, limit: BATCH }).toArray();
    return found.map((d) => d._id);
  }

  /**
   * Leases those of `ids` that are pending and that no relay holds. The lease's end is this
   * batch's own, by which it reads back exactly what it got (not what another relay holds).
   */
  private async lease(collection: Collection<WithOutbox>, ids: string[]): Promise<WithOutbox[]> {
    this.lastLeaseUntil = Math.max(Date.now() + LEASE_MS, this.lastLeaseUntil + 1);
    const until = new Date(this.lastLeaseUntil);
    const lease = { $set: { '_ordo.outboxLeaseUntil': until, '_ordo.outboxLeaseOwner': this.owner } };
    if (ids.length === 1) {
      const doc = await collection.findOneAndUpdate({ ...leasable(), _id: ids[0]! }, lease, { returnDocument: 'after' });
      return doc ? [doc] : [];
    }
    await collection.updateMany({ ...leasable(), _id: { $in: ids } }, lease);
    return collection.find({ _id: { $in: ids }, '_ordo.outboxLeaseOwner': this.owner, '_ordo.outboxLeaseUntil': until }).toArray();
  }

  /**
   * Relays a batch of leased documents together: their new events to the hub in one call (recorded
   * at once, so a crash does not hand them over again), then their events to Kafka in a few sends
   * (each well under Kafka's request limit; each document's events in order under its key), and one
   * bulk write that clears what went out. The documents of a send Kafka refused or failed go on
   * alone (publish: dead letters, back-off); one the hub failed waits for the next pass.
   */
  private async relayBatch(collection: Collection<WithOutbox>, docs: WithOutbox[]): Promise<number> {
    const leasedAt = Date.now();
    const until = metaOf(docs[0]!).outboxLeaseUntil;
    // Gives back what this batch still holds (not a document a lone publish set backing off).
    const release = (held: WithOutbox[]) => collection.updateMany({ _id: { $in: held.map((d) => d._id) }, '_ordo.outboxLeaseOwner': this.owner, '_ordo.outboxLeaseUntil': until }, { $unset: { '_ordo.outboxLeaseUntil': '', '_ordo.outboxLeaseOwner': '' } }).catch(() => undefined);
    const handed = this.fanOut ? await this.handToHub(collection, docs, this.fanOut, leasedAt + LEASE_MS / 2) : docs;
    if (handed.length < docs.length) await release(docs.filter((d) => !handed.includes(d)));
    const groups = sendGroups(handed);
    const sent = await Promise.allSettled(groups.map((group) => this.sendAll(group.flatMap(outboxOf))));
    const out = groups.filter((_, i) => sent[i]!.status === 'fulfilled').flat();
    // A group Kafka failed may have reached some partitions: its documents go again, alone (at least once).
    const failed = groups.filter((_, i) => sent[i]!.status === 'rejected').flat();
    if (out.length > 0) {
      // One write for the batch: what went out leaves each outbox; an outbox left empty drops its flags
      // (an event queued meanwhile keeps them, and its write wakes the next pass).
      await collection.bulkWrite([
        ...out.map((doc) => {
          const ids = outboxOf(doc).map((e) => e.body.eventId);
          return { updateOne: { filter: { _id: doc._id, '_ordo.outboxLeaseOwner': this.owner }, update: { $pull: { '_ordo.outbox': { 'body.eventId': { $in: ids } }, '_ordo.fannedOut': { $in: ids } }, $unset: { '_ordo.outboxLeaseUntil': '', '_ordo.outboxLeaseOwner': '', '_ordo.outboxFailures': '' } } as Document } };
        }),
        ...out.map((doc) => ({ updateOne: { filter: emptied(doc._id), update: { $unset: { [OUTBOX_PENDING]: '', [FANOUT_PENDING]: '' } } as Document } })),
      ]);
      this.outages = 0;
      for (const e of out.flatMap(outboxOf)) this.log.info('event published', { orderId: e.key, eventType: e.body.eventType, eventId: e.body.eventId });
    }
    let published = out.reduce((n, doc) => n + outboxOf(doc).length, 0);
    // Alone, each document's failure is its own: one whose partition is out is given back and the
    // others go on, until several in a row find Kafka out (then the relay pauses as a whole).
    let outInARow = 0;
    let kafkaOut: unknown;
    for (const [i, doc] of failed.entries()) {
      // Lone sends can be slow (one event at a time when refused): stop well before the lease ends.
      if (Date.now() - leasedAt > LEASE_MS / 2) {
        await release(failed.slice(i));
        break;
      }
      try {
        published += await this.publish(collection, doc);
        outInARow = 0;
      } catch (err) {
        if (!(err instanceof BrokerUnavailableError) || ++outInARow >= KAFKA_OUT_AFTER) {
          await release(failed.slice(i + 1));
          throw err;
        }
        kafkaOut = err;
      }
    }
    // The last ones found Kafka out: the relay pauses before it tries again.
    if (outInARow > 0) throw kafkaOut;
    return published;
  }

  /**
   * Hands the batch's new events to the hub and records that it has them. If the hub fails the
   * batch, each document is tried alone, so one whose events the hub cannot take holds up no other.
   * Returns the documents whose events the hub has.
   */
  private async handToHub(collection: Collection<WithOutbox>, docs: WithOutbox[], fanOut: (events: OutboxEvent[]) => Promise<void>, deadline: number): Promise<WithOutbox[]> {
    const fresh = (doc: WithOutbox) => outboxOf(doc).filter((e) => !(metaOf(doc).fannedOut ?? []).includes(e.body.eventId));
    const withFresh = docs.filter((doc) => fresh(doc).length > 0);
    if (withFresh.length === 0) return docs;
    const refused: WithOutbox[] = [];
    try {
      await fanOut(withFresh.flatMap(fresh));
    } catch (err) {
      this.log.warn('hub fan-out of a batch failed; trying its documents one by one', { collection: collection.collectionName, documents: withFresh.length, error: (err as Error).message });
      for (const doc of withFresh) {
        // Past the deadline the rest wait for the next pass, well before their lease runs out.
        if (Date.now() > deadline) {
          refused.push(doc);
          continue;
        }
        await fanOut(fresh(doc)).catch((one: Error) => {
          refused.push(doc);
          this.log.warn('hub fan-out failed; will retry', { collection: collection.collectionName, orderId: doc._id, error: one.message });
        });
      }
    }
    const handed = withFresh.filter((doc) => !refused.includes(doc));
    if (handed.length > 0) {
      await collection.bulkWrite(handed.map((doc) => ({ updateOne: { filter: { _id: doc._id }, update: { $addToSet: { '_ordo.fannedOut': { $each: fresh(doc).map((e) => e.body.eventId) } } } as Document } })), { ordered: false });
    }
    for (const doc of handed) metaOf(doc).fannedOut = outboxOf(doc).map((e) => e.body.eventId);
    return docs.filter((doc) => !refused.includes(doc));
  }

  /** Events to Kafka, each topic's in one send (each document's in order, under its key). */
  private async sendAll(events: OutboxEvent[]): Promise<void> {
    for (const [topic, batch] of byTopic(events, this.topicPrefix)) await this.send(topic, batch);
  }

  private send(topic: string, events: OutboxEvent[]): Promise<unknown> {
    return this.producer.send(topic, events.map((e) => ({ key: e.key, value: JSON.stringify(e.body), headers: { eventType: e.body.eventType, eventId: e.body.eventId } })));
  }

  private async publish(collection: Collection<WithOutbox>, doc: WithOutbox): Promise<number> {
    const meta = doc['_ordo'] as { outbox?: OutboxEvent[]; outboxFailures?: number; fannedOut?: string[] };
    const mine = { _id: doc._id, '_ordo.outboxLeaseOwner': this.owner };
    const release = { '_ordo.outboxLeaseUntil': '', '_ordo.outboxLeaseOwner': '' };
    // Only events the hub already has may leave the outbox; the others wait for the next pass.
    const events = this.fanOut ? (meta.outbox ?? []).filter((e) => (meta.fannedOut ?? []).includes(e.body.eventId)) : (meta.outbox ?? []);
    if (events.length === 0) {
      await collection.updateOne(mine, { $unset: release });
      return 0;
    }
    const refused: { event: OutboxEvent; error: string }[] = [];
    try {
      for (const [topic, batch] of byTopic(events, this.topicPrefix)) {
        try {
          await this.send(topic, batch);
        } catch (err) {
          if (!(err instanceof EventsRefusedError)) throw err;
          // Kafka refuses something in the batch outright (too large, invalid): one by one, so only
          // what it refuses is parked and the rest of the document's events flow.
          for (const event of batch) {
            await this.send(topic, [event]).catch((one: Error) => {
              if (!(one instanceof EventsRefusedError)) throw one;
              refused.push({ event, error: one.message });
            });
          }
        }
      }
    } catch (err) {
      kafkaPublishErrors.inc();
      if (err instanceof BrokerUnavailableError) {
        await collection.updateOne(mine, { $unset: release }).catch(() => undefined);
        throw err;
      }
      const failures = (meta.outboxFailures ?? 0) + 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures - 1, 6));
      await collection.updateOne(mine, { $set: { '_ordo.outboxLeaseUntil': new Date(Date.now() + backoff), '_ordo.outboxFailures': failures } }).catch(() => undefined);
      this.log.warn('event publish failed; document backs off', { orderId: doc._id, attempt: failures, retryInMs: backoff, error: (err as Error).message });
      return 0;
    }
    if (refused.length > 0) {
      kafkaPublishErrors.inc(refused.length);
      this.log.error('events refused by Kafka; moved to dead letters', { orderId: doc._id, eventIds: refused.map((r) => r.event.body.eventId), error: refused[0]!.error });
    }
    // One write: what went out leaves the outbox, what Kafka refused moves to the dead letters.
    const ids = events.map((e) => e.body.eventId);
    await collection.updateOne(mine, {
      $pull: { '_ordo.outbox': { 'body.eventId': { $in: ids } }, '_ordo.fannedOut': { $in: ids } },
      ...(refused.length > 0 ? { $push: { '_ordo.deadLetters': { $each: refused.map((r) => ({ event: r.event, error: r.error, at: new Date() })) } } } : {}),
      $unset: { ...release, '_ordo.outboxFailures': '' },
    } as Document);
    await this.clearPendingIfEmpty(collection, doc._id);
    this.outages = 0;
    const parked = new Set(refused.map((r) => r.event.body.eventId));
    for (const e of events) if (!parked.has(e.body.eventId)) this.log.info('event published', { orderId: e.key, eventType: e.body.eventType, eventId: e.body.eventId });
    return events.length - refused.length;
  }

  /** Age of the oldest event waiting to be published (s); 0 when none waits. */
  async oldestPendingAgeSeconds(): Promise<number> {
    let oldest = Infinity;
    for (const collection of this.collections) {
      for await (const doc of collection.find({ [OUTBOX_PENDING]: true }, { projection: { '_ordo.outbox.body.eventTime': 1 } })) {
        for (const e of (doc['_ordo'] as { outbox?: OutboxEvent[] }).outbox ?? []) oldest = Math.min(oldest, Date.parse(e.body.eventTime));
      }
    }
    return Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0;
  }

  /** The pending flags (indexed) drop only once the outbox is empty; an event pushed meanwhile sets them again. */
  private async clearPendingIfEmpty(collection: Collection<WithOutbox>, id: string): Promise<void> {
    await collection.updateOne(emptied(id), { $unset: { [OUTBOX_PENDING]: '', [FANOUT_PENDING]: '' } });
  }
}

const metaOf = (doc: WithOutbox) => doc['_ordo'] as Partial<OutboxFields>;
const outboxOf = (doc: WithOutbox) => metaOf(doc).outbox ?? [];
/** Filter: the document, once its outbox is empty. */
const emptied = (id: string): Document => ({ _id: id, '_ordo.outbox': { $size: 0 } });

/**
 * Filter: documents a relay has held longer than a batch takes: backing off after a failure, or
 * leased by an Ordo that stopped. A live relay's batch is not among them (its hub hand-off is its own).
 */
function heldTooLong(): Document {
  const now = Date.now();
  return { '_ordo.outboxLeaseUntil': { $gt: new Date(now), $lt: new Date(now + LEASE_MS - BATCH_TAKES_MS) } };
}

/** A pending document no relay holds (its lease, if any, ran out). */
function leasable(): Document {
  return { [OUTBOX_PENDING]: true, $or: [{ '_ordo.outboxLeaseUntil': { $exists: false } }, { '_ordo.outboxLeaseUntil': { $lt: new Date() } }] };
}

/** What one send to Kafka carries at most (bytes of event bodies): well under the broker's default 1 MB a request. */
const MAX_SEND_BYTES = 256 * 1024;

/** The documents in groups whose events fit one send each (a document is never split). */
function sendGroups(docs: WithOutbox[]): WithOutbox[][] {
  const groups: WithOutbox[][] = [];
  let bytes = Infinity;
  for (const doc of docs) {
    const size = outboxOf(doc).reduce((n, e) => n + JSON.stringify(e.body).length, 0);
    if (bytes + size > MAX_SEND_BYTES) {
      groups.push([]);
      bytes = 0;
    }
    groups.at(-1)!.push(doc);
    bytes += size;
  }
  return groups;
}

function byTopic(events: OutboxEvent[], prefix: string): Map<string, OutboxEvent[]> {
  const groups = new Map<string, OutboxEvent[]>();
  for (const e of events) {
    const topic = topicFor(prefix, e.resource);
    groups.set(topic, [...(groups.get(topic) ?? []), e]);
  }
  return groups;
}
