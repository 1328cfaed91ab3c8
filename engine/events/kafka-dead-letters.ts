import type { Collection, Document } from 'mongodb';
import { OUTBOX_PENDING } from './outbox.js';
import type { OutboxEvent } from './tmf-event.js';
import type { WithOutbox } from './outbox-relay.js';

/** An event Kafka refused (too large, invalid), parked by the relay in its document's `_ordo.deadLetters`. */
export interface StoredDeadLetter {
  event: OutboxEvent;
  error: string;
  at: Date;
}

export interface KafkaDeadLetter extends StoredDeadLetter {
  collection: string;
  documentId: string;
}

/** Which documents' dead letters: all, one collection's, or one document's. */
export interface DeadLetterSelection {
  collection?: string | undefined;
  id?: string | undefined;
}

/** Dead letters are rare: no index, a scan that reads only the documents that have some. */
const withDeadLetters = (selection: DeadLetterSelection): Document => ({ ...(selection.id !== undefined ? { _id: selection.id } : {}), '_ordo.deadLetters.0': { $exists: true } });

const selected = (collections: Collection<WithOutbox>[], selection: DeadLetterSelection) => collections.filter((c) => selection.collection === undefined || c.collectionName === selection.collection);

const lettersOf = (doc: WithOutbox): StoredDeadLetter[] => (doc['_ordo'] as { deadLetters?: StoredDeadLetter[] }).deadLetters ?? [];

/** Every Kafka dead letter of the selected documents, in each document's order. */
export async function listKafkaDeadLetters(collections: Collection<WithOutbox>[], selection: DeadLetterSelection = {}): Promise<KafkaDeadLetter[]> {
  const found: KafkaDeadLetter[] = [];
  for (const collection of selected(collections, selection)) {
    for await (const doc of collection.find(withDeadLetters(selection), { projection: { '_ordo.deadLetters': 1 } })) {
      for (const letter of lettersOf(doc)) found.push({ collection: collection.collectionName, documentId: doc._id, ...letter });
    }
  }
  return found;
}

export interface ReplayReport {
  /** Events put back into their documents' outboxes. */
  events: number;
  documents: number;
  /** Documents whose dead letters changed between the read and the write (another replay): left alone. */
  changedMeanwhile: string[];
}

/**
 * Puts the selected dead letters back into their documents' outboxes for the relay to publish to
 * Kafka again: ahead of the events still pending there (they are older), in their order. They are
 * marked as handed to the hub already (`_ordo.fannedOut`), as they were before Kafka refused them,
 * so hub listeners do not get them twice. One update per document, which applies only if the
 * dead letters read are all still there: safe beside a running relay and another replay. An event
 * Kafka refuses again is parked again.
 */
export async function replayKafkaDeadLetters(collections: Collection<WithOutbox>[], selection: DeadLetterSelection = {}): Promise<ReplayReport> {
  const report: ReplayReport = { events: 0, documents: 0, changedMeanwhile: [] };
  for (const collection of selected(collections, selection)) {
    for await (const doc of collection.find(withDeadLetters(selection), { projection: { '_ordo.deadLetters': 1 } })) {
      const events = lettersOf(doc).map((l) => l.event);
      const ids = events.map((e) => e.body.eventId);
      if (ids.length === 0) continue; // seen again by the cursor after its replay
      const done = await collection.updateOne(
        { _id: doc._id, '_ordo.deadLetters.event.body.eventId': { $all: ids } },
        {
          $pull: { '_ordo.deadLetters': { 'event.body.eventId': { $in: ids } } },
          $push: { '_ordo.outbox': { $each: events, $position: 0 } },
          $addToSet: { '_ordo.fannedOut': { $each: ids } },
          $set: { [OUTBOX_PENDING]: true },
        } as Document,
      );
      if (done.modifiedCount === 0) {
        report.changedMeanwhile.push(`${collection.collectionName}/${doc._id}`);
        continue;
      }
      report.documents++;
      report.events += events.length;
    }
  }
  return report;
}
