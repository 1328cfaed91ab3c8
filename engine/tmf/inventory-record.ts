import type { Db } from 'mongodb';
import { queuedEvents, withEvents } from '../events/outbox.js';
import { tmfEvent, type OutboxEvent } from '../events/tmf-event.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import type { ListSpec } from './list-query.js';
import { TmfRecordStore, type StoredRecord } from './tmf-record-store.js';

/** What Ordo writes of an inventory entry (TMF637 product, TMF638 service) besides the TMF attributes. */
export interface InventoryLinks {
  orderId?: string;
  unitId?: string;
  serviceOrderId?: string;
  /** The party owning the order it came from: only that party (and operators) see it. */
  party?: string;
}

/** What an inventory list may filter and sort on: identity, state, name, its own references, and when it started and ended. */
export function inventoryListSpec(stateField: string, references: string[], [startField, endField]: [string, string]): ListSpec {
  return {
    filterable: { id: 'string', [stateField]: 'string', name: 'string', ...Object.fromEntries(references.map((r) => [r, 'string' as const])), [startField]: 'date', [endField]: 'date' },
    sortable: [startField, endField, stateField, 'name'],
    defaultSort: `-${startField}`,
    defaultLimit: 100,
    maxLimit: 1000,
    alwaysReturned: ['id', 'href'],
  };
}

/**
 * One TMF inventory (products or services): an entry is recorded once by its id, with its create
 * event in the same insert, and moves on (e.g. to terminated) with a state change event in the
 * same write. Both are repeatable without effect.
 */
export class InventoryRecords<T extends { id: string; href: string }> {
  readonly store: TmfRecordStore<T & StoredRecord>;

  constructor(
    db: Db,
    basePath: string,
    private readonly resource: string,
    private readonly typeName: string,
    private readonly stateField: string,
    spec: ListSpec,
    publicUrl: () => string,
  ) {
    this.store = new TmfRecordStore(db, basePath, resource, spec, publicUrl);
  }

  get collection() {
    return this.store.collection;
  }

  href(id: string): string {
    return this.store.href(id);
  }

  ensureIndexes(): Promise<void> {
    return this.store.ensureIndexes();
  }

  async findStored(id: string): Promise<(T & StoredRecord) | null> {
    return this.store.findStored(id);
  }

  private event(what: 'Create' | 'StateChange', entry: T, why?: string): OutboxEvent {
    const event = tmfEvent(this.resource, `${this.typeName}${what}Event`, entry.id, { ...entry });
    if (why) event.body.description = why;
    return event;
  }

  /** Inserts the entry unless one with its id exists; answers the stored one. */
  async recordOnce(entry: T, links: InventoryLinks): Promise<T> {
    const stored = { ...entry, _id: entry.id, _ordo: { revision: 0, key: `${this.resource}:${entry.id}`, ...links, ...queuedEvents([this.event('Create', entry)]) } } as unknown as T & StoredRecord;
    const kept = await this.store.insertOnce(stored);
    const { _id, _ordo, ...visible } = kept;
    return visible as unknown as T;
  }

  /** Sets the entry's state (and the given attributes); null when unknown. */
  async moveTo(id: string, state: string, attributes: Record<string, unknown>, why: string): Promise<T | null> {
    return retryOnRace(`${this.resource} ${id}`, async () => {
      const stored = await this.store.findStored(id);
      if (!stored) return null;
      const { _id, _ordo, ...rest } = stored;
      const current = rest as unknown as T & Record<string, unknown>;
      if (current[this.stateField] === state) return current;
      const next = { ...current, [this.stateField]: state, ...attributes } as T;
      return (await this.store.updateAtRevision(id, _ordo.revision, withEvents({ $set: { [this.stateField]: state, ...attributes } }, [this.event('StateChange', next, why)]))) ? next : LOST_RACE;
    });
  }
}
