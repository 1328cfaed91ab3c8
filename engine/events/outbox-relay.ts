import { randomUUID } from 'node:crypto';
import type { Collection, Document } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { EventProducer } from './kafka.js';
import { topicFor } from './kafka.js';
import type { OutboxEvent } from './outbox.js';

/** Any resource document that keeps its pending events in `_ordo.outbox`. */
type WithOutbox = Document & { _id: string };

const LEASE_MS = 30_000;

/**
 * Publishes the events queued in documents' `_ordo.outbox` to Kafka, oldest first per document,
 * then removes what was sent. At least once: a crash between send and removal sends again.
 * A lease on the document keeps two Ordo instances from relaying the same document at once.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly owner = randomUUID();

  constructor(
    private readonly collections: Collection<WithOutbox>[],
    private readonly producer: EventProducer,
    private readonly topicPrefix: string,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  run(): void {
    this.timer ??= setInterval(() => void this.drain(), this.pollMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over every collection; returns the number of events published. */
  drain(): Promise<number> {
    this.running ??= this.drainAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drainAll(): Promise<number> {
    let published = 0;
    for (const collection of this.collections) {
      try {
        for (;;) {
          const doc = await this.lease(collection);
          if (!doc) break;
          published += await this.publish(collection, doc);
        }
      } catch (err) {
        this.log.warn('event relay pass failed; will retry', { collection: collection.collectionName, error: (err as Error).message });
      }
    }
    return published;
  }

  private async lease(collection: Collection<WithOutbox>): Promise<WithOutbox | null> {
    const now = new Date();
    return collection.findOneAndUpdate(
      { '_ordo.outbox.0': { $exists: true }, $or: [{ '_ordo.outboxLeaseUntil': { $exists: false } }, { '_ordo.outboxLeaseUntil': { $lt: now } }] },
      { $set: { '_ordo.outboxLeaseUntil': new Date(now.getTime() + LEASE_MS), '_ordo.outboxLeaseOwner': this.owner } },
      { returnDocument: 'after' },
    );
  }

  private async publish(collection: Collection<WithOutbox>, doc: WithOutbox): Promise<number> {
    const events = (doc['_ordo'] as { outbox: OutboxEvent[] }).outbox;
    try {
      for (const e of events) {
        await this.producer.send(topicFor(this.topicPrefix, e.resource), [
          { key: e.key, value: JSON.stringify(e.body), headers: { eventType: e.body.eventType, eventId: e.body.eventId } },
        ]);
      }
    } catch (err) {
      await collection.updateOne({ _id: doc._id }, { $unset: { '_ordo.outboxLeaseUntil': '', '_ordo.outboxLeaseOwner': '' } }).catch(() => undefined);
      throw err;
    }
    const ids = events.map((e) => e.body.eventId);
    await collection.updateOne(
      { _id: doc._id },
      { $pull: { '_ordo.outbox': { 'body.eventId': { $in: ids } } }, $unset: { '_ordo.outboxLeaseUntil': '', '_ordo.outboxLeaseOwner': '' } } as Document,
    );
    for (const e of events) this.log.info('event published', { orderId: e.key, eventType: e.body.eventType, eventId: e.body.eventId });
    return events.length;
  }
}
