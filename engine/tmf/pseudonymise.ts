import type { Collection, Document } from 'mongodb';
import type { OutboxEvent } from '../events/outbox.js';
import { FANOUT_PENDING, OUTBOX_PENDING, withEvents } from '../events/outbox.js';
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
 * payment's account, an item's product.relatedParty…), the `drop` attributes removed, and the same
 * done to its events still waiting in `_ordo.outbox` and `_ordo.deadLetters`; and the paths that
 * changed (top-level attributes, `_ordo.outbox`, `_ordo.deadLetters`).
 */
export function pseudonymised(record: Document, p: Pseudonymisation): { next: Document; changed: string[] } {
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
  const meta = record['_ordo'] as { outbox?: OutboxEvent[]; deadLetters?: { event: OutboxEvent }[] } | undefined;
  if (meta?.outbox?.length) {
    const outbox = meta.outbox.map((e) => ({ ...e, body: renamedEvent(e.body as Document, p) }));
    if (JSON.stringify(outbox) !== JSON.stringify(meta.outbox)) {
      next['_ordo'] = { ...next['_ordo'], outbox };
      changed.push('_ordo.outbox');
    }
  }
  if (meta?.deadLetters?.length) {
    const deadLetters = meta.deadLetters.map((d) => ({ ...d, event: { ...d.event, body: renamedEvent(d.event.body as Document, p) } }));
    if (JSON.stringify(deadLetters) !== JSON.stringify(meta.deadLetters)) {
      next['_ordo'] = { ...next['_ordo'], deadLetters };
      changed.push('_ordo.deadLetters');
    }
  }
  return { next, changed };
}

/** How one collection's records are pseudonymised: events to emit for the change. */
export interface PseudonymiseOptions {
  /** `changed`: the top-level attributes that changed. */
  events?: (next: Document, changed: string[]) => OutboxEvent[];
}

const valueAt = (doc: Document, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Document | undefined)?.[k], doc);

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
      const { next, changed: paths } = pseudonymised(record, p);
      if (paths.length === 0) return false;
      const attributes = paths.filter((f) => !f.startsWith('_ordo.'));
      const events = attributes.length && !record['_ordo']?.deletedAt ? (options.events?.(next, attributes) ?? []) : [];
      const kept = paths.filter((f) => !(p.drop ?? []).includes(f));
      const set: Document = Object.fromEntries(kept.map((f) => [f, valueAt(next, f)]));
      const dropped = paths.filter((f) => (p.drop ?? []).includes(f));
      const unset = dropped.length ? { $unset: Object.fromEntries(dropped.map((a) => [a, ''])) } : {};
      // A rewritten outbox takes the new events in the same $set (a $push on it would conflict).
      const update = set['_ordo.outbox'] ? { $set: { ...set, '_ordo.outbox': [...(set['_ordo.outbox'] as OutboxEvent[]), ...events], ...(events.length ? { [OUTBOX_PENDING]: true, [FANOUT_PENDING]: true } : {}) }, ...unset } : withEvents({ ...(kept.length ? { $set: set } : {}), ...unset }, events);
      const revision = record['_ordo']?.revision as number | undefined;
      const filter = revision === undefined ? { _id } : { _id, '_ordo.revision': revision };
      const result = await collection.updateOne(filter, { ...update, ...(revision === undefined ? {} : { $inc: { '_ordo.revision': 1 } }) });
      return result.modifiedCount === 1 ? true : LOST_RACE;
    });
    if (rewritten) changed++;
  }
  return changed;
}
