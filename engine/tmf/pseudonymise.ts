import type { Collection, Document } from 'mongodb';
import type { OutboxFields } from '../events/outbox.js';
import type { OutboxEvent, TmfEvent } from '../events/tmf-event.js';
import { rewrittenEvents, withEvents } from '../events/outbox.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';

/** Whose names go, and what replaces them. */
export interface Pseudonymisation {
  /** Parties (individuals, organizations, customers) and accounts whose references lose their names. */
  ids: string[];
  pseudonym: string;
  /** Of those, the records the erasure removes: events about them still waiting somewhere are dropped. */
  removed?: string[];
  /** Attributes dropped wherever a record or an event payload names one of the ids (e.g. notificationContact). */
  drop?: string[];
}

/** The value with the `name` of every reference to one of the ids replaced by the pseudonym, at any depth. */
export function renamed(value: unknown, p: Pseudonymisation): unknown {
  if (Array.isArray(value)) return value.map((v) => renamed(v, p));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(object).map(([k, v]) => [k, renamed(v, p)]));
  if (typeof object['id'] === 'string' && p.ids.includes(object['id']) && typeof object['name'] === 'string') out['name'] = p.pseudonym;
  return out;
}

/** A TMF event's body with its payload renamed and the `drop` attributes removed from it. */
export function renamedEvent(body: Document, p: Pseudonymisation): Document {
  const event = Object.fromEntries(Object.entries((body['event'] ?? {}) as Record<string, unknown>).map(([resource, payload]) => {
    const next = renamed(payload, p) as Record<string, unknown>;
    for (const a of p.drop ?? []) delete next[a];
    return [resource, next];
  }));
  return { ...body, event };
}

/**
 * The record with every reference to one of the ids renamed (relatedParty, billingAccount, a
 * payment's account, an item's product.relatedParty…) and the `drop` attributes removed, with the
 * top-level attributes that changed; and the same done to its events still waiting (`waiting`: the
 * $set entries of the outbox, see rewrittenEvents).
 */
export function pseudonymised(record: Document, p: Pseudonymisation): { next: Document; changed: string[]; waiting: Record<string, unknown> } {
  const next: Document = {};
  const changed: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === '_id' || key === '_ordo') {
      next[key] = value;
      continue;
    }
    if ((p.drop ?? []).includes(key)) {
      changed.push(key);
      continue;
    }
    next[key] = renamed(value, p);
    if (JSON.stringify(next[key]) !== JSON.stringify(value)) changed.push(key);
  }
  const waiting = rewrittenEvents(record['_ordo'] as Partial<OutboxFields> | undefined, (body) => renamedEvent(body as unknown as Document, p) as unknown as TmfEvent);
  return { next, changed, waiting };
}

/** How one collection's records are pseudonymised: events to emit for the change. */
export interface PseudonymiseOptions {
  /** `changed`: the top-level attributes that changed. */
  events?: (next: Document, changed: string[]) => OutboxEvent[];
}

/**
 * Erasure in a collection of records that must stay (orders, payments, inventories, accounts):
 * each record referring to one of the ids, or owned by one of them (`_ordo.party`), is rewritten
 * by `pseudonymised` in a revision-checked write; answers how many changed.
 */
export async function pseudonymiseRecords(collection: Collection<Document & { _id: string }>, p: Pseudonymisation, options: PseudonymiseOptions = {}): Promise<number> {
  const refs = ['relatedParty.id', 'billingAccount.id', 'account.id', 'engagedParty.id', '_ordo.party'];
  const named = await collection.find({ $or: refs.map((r) => ({ [r]: { $in: p.ids } })) }, { projection: { _id: 1 } }).toArray();
  let changed = 0;
  for (const { _id } of named) {
    const rewritten = await retryOnRace(`${collection.collectionName} ${_id}`, async () => {
      const record = await collection.findOne({ _id });
      if (!record) return false;
      const { next, changed: attributes, waiting } = pseudonymised(record, p);
      if (attributes.length === 0 && Object.keys(waiting).length === 0) return false;
      const events = attributes.length && !record['_ordo']?.deletedAt ? (options.events?.(next, attributes) ?? []) : [];
      const kept = attributes.filter((f) => !(p.drop ?? []).includes(f));
      const set: Document = { ...Object.fromEntries(kept.map((f) => [f, next[f]])), ...waiting };
      const dropped = attributes.filter((f) => (p.drop ?? []).includes(f));
      const unset = dropped.length ? { $unset: Object.fromEntries(dropped.map((a) => [a, ''])) } : {};
      const update = withEvents({ ...(Object.keys(set).length ? { $set: set } : {}), ...unset }, events);
      const revision = record['_ordo']?.revision as number | undefined;
      const filter = revision === undefined ? { _id } : { _id, '_ordo.revision': revision };
      const result = await collection.updateOne(filter, { ...update, ...(revision === undefined ? {} : { $inc: { '_ordo.revision': 1 } }) });
      return result.modifiedCount === 1 ? true : LOST_RACE;
    });
    if (rewritten) changed++;
  }
  return changed;
}
