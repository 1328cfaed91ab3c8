import type { Collection, Db } from 'mongodb';
import type { OutboxEvent } from '../events/tmf-event.js';

/** One event of an order's life, as the console's timeline shows it. */
export interface TimelineEntry {
  /** The event's id: an event relayed twice (at least once) is kept once. */
  _id: string;
  orderId: string;
  eventType: string;
  eventTime: string;
  /** The order's state (or the cancellation's) the event reports. */
  state?: string;
  /** AttributeValueChange: the attributes that changed. */
  fieldPath?: string;
}

/** The product order an event is about: its own events and those of its cancellation. */
function orderOf(event: OutboxEvent): { orderId: string; state?: string } | undefined {
  const payload = event.body.event?.[event.resource] as Record<string, unknown> | undefined;
  if (!payload) return undefined;
  const state = typeof payload['state'] === 'string' ? payload['state'] : undefined;
  if (event.resource === 'productOrder' && typeof payload['id'] === 'string') return { orderId: payload['id'], ...(state ? { state } : {}) };
  const order = payload['productOrder'] as { id?: unknown } | undefined;
  if (event.resource === 'cancelProductOrder' && typeof order?.id === 'string') return { orderId: order.id, ...(state ? { state } : {}) };
  return undefined;
}

/**
 * Keeps each product order's events (TMF622 product order and cancellation events) as they are
 * relayed, so the console can show how an order got where it is. It holds ids, types, times and
 * states only: nothing personal, so erasure has nothing to do here.
 */
export class OrderTimeline {
  readonly collection: Collection<TimelineEntry>;

  constructor(db: Db) {
    this.collection = db.collection<TimelineEntry>('orderTimeline');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ orderId: 1, eventTime: 1 });
  }

  /** Records the events among these that concern a product order; a repeated event is kept once. */
  async record(events: OutboxEvent[]): Promise<void> {
    const entries: TimelineEntry[] = [];
    for (const e of events) {
      const about = orderOf(e);
      if (about) entries.push({ _id: e.body.eventId, ...about, eventType: e.body.eventType, eventTime: e.body.eventTime, ...(e.body.fieldPath ? { fieldPath: e.body.fieldPath } : {}) });
    }
    if (entries.length === 0) return;
    await this.collection.bulkWrite(entries.map((entry) => ({ updateOne: { filter: { _id: entry._id }, update: { $setOnInsert: entry }, upsert: true } })), { ordered: false });
  }

  async of(orderId: string): Promise<TimelineEntry[]> {
    // The newest 1,000, oldest first.
    return (await this.collection.find({ orderId }).sort({ eventTime: -1, _id: -1 }).limit(1000).toArray()).reverse();
  }
}
