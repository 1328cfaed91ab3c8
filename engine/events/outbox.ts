import type { Collection, Document } from 'mongodb';
import type { OutboxEvent, TmfEvent } from './tmf-event.js';

/**
 * A resource document's part of `_ordo` that holds its events until they are out: this module and
 * the relay (outbox-relay.ts, kafka-dead-letters.ts) are the only code that names these fields.
 */
export interface OutboxFields {
  outbox: OutboxEvent[];
  /** Set (and indexed) while the document has events to publish; the relay looks only at these. */
  outboxPending?: true;
  /** Set (and indexed) while the document has events not yet handed to the hub. */
  fanOutPending?: true;
  /** Ids of queued events the hub has had already. */
  fannedOut?: string[];
  outboxLeaseUntil?: Date;
  outboxLeaseOwner?: string;
  outboxFailures?: number;
  /** Events Kafka refused for good (see kafka-dead-letters.ts). */
  deadLetters?: { event: OutboxEvent; error: string; at: Date }[];
}

export const OUTBOX_PENDING = '_ordo.outboxPending';
export const FANOUT_PENDING = '_ordo.fanOutPending';
const OUTBOX = '_ordo.outbox';

/** The outbox of a document being inserted with `events`: they are published like those of any later write. */
export function queuedEvents(events: OutboxEvent[]): Pick<OutboxFields, 'outbox' | 'outboxPending' | 'fanOutPending'> {
  return { outbox: events, outboxPending: true, fanOutPending: true };
}

/** The indexes the relay finds a collection's pending documents by. */
export async function ensureOutboxIndexes<T extends Document>(collection: Collection<T>): Promise<void> {
  await collection.createIndex({ [OUTBOX_PENDING]: 1 }, { sparse: true });
  await collection.createIndex({ [FANOUT_PENDING]: 1 }, { sparse: true });
}

/** Filter: documents with no event left to publish (a tombstone may go only then). */
export const noEventsPending: Document = { [OUTBOX_PENDING]: { $exists: false } };

/**
 * Adds "queue these events" to a single-document update, so the change and its events are one write.
 * An update that rewrites the whole outbox (see rewrittenEvents) takes them at its end in the same $set.
 */
export function withEvents(update: Record<string, Record<string, unknown> | undefined>, events: OutboxEvent[]): Record<string, unknown> {
  if (events.length === 0) return update;
  const rewritten = update['$set']?.[OUTBOX] as OutboxEvent[] | undefined;
  if (rewritten) return { ...update, $set: { ...update['$set'], [OUTBOX]: [...rewritten, ...events], [OUTBOX_PENDING]: true, [FANOUT_PENDING]: true } };
  return {
    ...update,
    $push: { ...update['$push'], [OUTBOX]: { $each: events } },
    $set: { ...update['$set'], [OUTBOX_PENDING]: true, [FANOUT_PENDING]: true },
  };
}

/** $set entries that drop every event still waiting and queue `events` alone in their place (the hub has had none of them). */
export function replacingEvents(events: OutboxEvent[]): Record<string, unknown> {
  return { [OUTBOX]: events, '_ordo.fannedOut': [], [OUTBOX_PENDING]: true, [FANOUT_PENDING]: true };
}

/**
 * The events still waiting in a document (queued, and parked as dead letters) with each body
 * rewritten: the $set entries of those that changed, none when nothing did.
 */
export function rewrittenEvents(meta: Partial<OutboxFields> | undefined, rewrite: (body: TmfEvent) => TmfEvent): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const outbox = meta?.outbox?.map((e) => ({ ...e, body: rewrite(e.body) }));
  if (outbox?.length && JSON.stringify(outbox) !== JSON.stringify(meta?.outbox)) set[OUTBOX] = outbox;
  const deadLetters = meta?.deadLetters?.map((d) => ({ ...d, event: { ...d.event, body: rewrite(d.event.body) } }));
  if (deadLetters?.length && JSON.stringify(deadLetters) !== JSON.stringify(meta?.deadLetters)) set['_ordo.deadLetters'] = deadLetters;
  return set;
}
