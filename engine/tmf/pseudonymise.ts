import type { Collection, Document } from 'mongodb';
import type { OutboxEvent } from '../events/outbox.js';
import { withEvents } from '../events/outbox.js';

/** Whose names go, and what replaces them. */
export interface Pseudonymisation {
  /** Parties (individuals, organizations, customers) and accounts whose references lose their names. */
  ids: string[];
  pseudonym: string;
}

const MAX_RACE_RETRIES = 10;

/**
 * The record with the `name` of every reference to one of the ids replaced by the pseudonym, at any
 * depth (relatedParty, billingAccount, a payment's account, an item's product.relatedParty…), and
 * the top-level attributes that changed. Ordo's bookkeeping (`_id`, `_ordo`) is left alone.
 */
export function pseudonymised(record: Document, p: Pseudonymisation): { next: Document; changed: string[] } {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const out = Object.fromEntries(Object.entries(object).map(([k, v]) => [k, rewrite(v)]));
    if (typeof object['id'] === 'string' && p.ids.includes(object['id']) && typeof object['name'] === 'string') out['name'] = p.pseudonym;
    return out;
  };
  const next: Document = {};
  const changed: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    next[key] = key === '_id' || key === '_ordo' ? value : rewrite(value);
    if (JSON.stringify(next[key]) !== JSON.stringify(value)) changed.push(key);
  }
  return { next, changed };
}

/** How one collection's records are pseudonymised: extra attributes to drop, and events to emit. */
export interface PseudonymiseOptions {
  /** Top-level attributes removed from every record that names one of the ids (e.g. notificationContact). */
  drop?: string[];
  events?: (next: Document, changed: string[]) => OutboxEvent[];
}

/**
 * Erasure in a collection of records that must stay (orders, payments, inventories): each record
 * referring to one of the ids, or owned by one of them (`_ordo.party`), is rewritten by
 * `pseudonymised` in a revision-checked write; answers how many changed.
 */
export async function pseudonymiseRecords(collection: Collection<Document & { _id: string }>, p: Pseudonymisation, options: PseudonymiseOptions = {}): Promise<number> {
  const refs = ['relatedParty.id', 'billingAccount.id', 'account.id', 'engagedParty.id', '_ordo.party'];
  const named = await collection.find({ $or: refs.map((r) => ({ [r]: { $in: p.ids } })) }, { projection: { _id: 1 } }).toArray();
  let changed = 0;
  for (const { _id } of named) {
    for (let attempt = 0; ; attempt++) {
      const record = await collection.findOne({ _id });
      if (!record) break;
      const { next, changed: fields } = pseudonymised(record, p);
      const dropped = (options.drop ?? []).filter((a) => a in record);
      if (fields.length === 0 && dropped.length === 0) break;
      for (const a of dropped) delete next[a];
      const set = Object.fromEntries(fields.map((f) => [f, next[f]]));
      const update = withEvents({ ...(fields.length ? { $set: set } : {}), ...(dropped.length ? { $unset: Object.fromEntries(dropped.map((a) => [a, ''])) } : {}) }, record['_ordo']?.deletedAt ? [] : (options.events?.(next, [...fields, ...dropped]) ?? []));
      const revision = record['_ordo']?.revision as number | undefined;
      const filter = revision === undefined ? { _id } : { _id, '_ordo.revision': revision };
      const result = await collection.updateOne(filter, { ...update, ...(revision === undefined ? {} : { $inc: { '_ordo.revision': 1 } }) });
      if (result.modifiedCount === 1) {
        changed++;
        break;
      }
      if (attempt >= MAX_RACE_RETRIES) throw new Error(`${collection.collectionName} ${_id} kept changing while it was pseudonymised`);
    }
  }
  return changed;
}
