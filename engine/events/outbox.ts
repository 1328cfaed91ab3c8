import { randomUUID } from 'node:crypto';
import type { Collection, Document } from 'mongodb';

/**
 * A TMF event waiting in its resource's document to be published. It is written in the same
 * single-document update as the state change it reports, so neither can exist without the other.
 */
export interface OutboxEvent {
  /** Resource family, e.g. `productOrder`: selects the Kafka topic and the hub. */
  resource: string;
  /** Kafka message key: events of one resource keep their order on one partition. */
  key: string;
  body: TmfEvent;
}

export interface TmfEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  /** Spelled as TMF v4 spells it; v5 listeners get `timeOccurred`. */
  timeOcurred?: string;
  timeOccurred?: string;
  correlationId?: string;
  /** AttributeValueChange events: the attributes that changed, comma-separated. */
  fieldPath?: string;
  domain?: string;
  title?: string;
  description?: string;
  event: Record<string, unknown>;
  '@type'?: string;
}

export function tmfEvent(resource: string, eventType: string, key: string, payload: Record<string, unknown>, correlationId?: string, fieldPath?: string): OutboxEvent {
  const now = new Date().toISOString();
  return {
    resource,
    key,
    body: {
      eventId: randomUUID(),
      eventTime: now,
      eventType,
      timeOcurred: now,
      ...(correlationId ? { correlationId } : {}),
      ...(fieldPath ? { fieldPath } : {}),
      event: { [resource]: payload },
      '@type': eventType,
    },
  };
}

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
