import type { Collection, Db, Document, UpdateFilter } from 'mongodb';
import { ensureOutboxIndexes, noEventsPending } from '../events/outbox.js';
import { ensureListIndexes, runListQuery, type ListQuery, type ListSpec } from './list-query.js';
import type { ReadableStore } from './read-routes.js';
import { visibleToCaller } from '../security/principal.js';

export type StoredRecord = Document & { _id: string; _ordo: { revision: number; key: string } };

const hidden = { _id: 0, _ordo: 0 } as const;
/** Deleted records stay as tombstones until their delete event is out; the API no longer shows them. */
const live = { '_ordo.deletedAt': { $exists: false } } as const;

/**
 * One collection of TMF records Ordo writes itself (payments, refunds, inventory products and services, cancel
 * requests): reads for the API, insert-once by a unique business key, revision-checked single-document writes.
 */
export class TmfRecordStore<T extends StoredRecord> implements ReadableStore {
  readonly collection: Collection<Document & { _id: string }>;

  constructor(
    db: Db,
    private readonly basePath: string,
    /** The TMF resource name: the collection, the path segment and the outbox resource. */
    readonly resource: string,
    private readonly spec: ListSpec,
    private readonly publicUrl: string | (() => string),
  ) {
    this.collection = db.collection(resource);
  }

  href(id: string): string {
    const base = typeof this.publicUrl === 'function' ? this.publicUrl() : this.publicUrl;
    return `${base}${this.basePath}/${this.resource}/${id}`;
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ '_ordo.key': 1 }, { unique: true });
    // The filter of every revision-checked write, exactly (see ResourceStore: mongo-java-server needs it).
    await this.collection.createIndex({ _id: 1, '_ordo.revision': 1 }, { unique: true });
    await this.collection.createIndex({ '_ordo.orderId': 1 });
    await ensureOutboxIndexes(this.collection);
    await ensureListIndexes(this.collection, this.spec);
  }

  findById(id: string, projection?: Document): Promise<unknown> {
    return this.collection.findOne({ _id: id, ...live, ...visibleToCaller() }, { projection: projection ?? hidden });
  }

  list(query: ListQuery): Promise<{ total: number; items: unknown[] }> {
    return runListQuery(this.collection, query, hidden, { ...live, ...visibleToCaller() });
  }

  /** The stored record unless it is deleted. */
  async findLive(id: string): Promise<T | null> {
    return (await this.collection.findOne({ _id: id, ...live })) as T | null;
  }

  /** Removes tombstones whose delete event is published. */
  async purgeDeleted(): Promise<number> {
    return (await this.collection.deleteMany({ '_ordo.deletedAt': { $exists: true }, ...noEventsPending })).deletedCount;
  }

  async findStored(id: string): Promise<T | null> {
    return (await this.collection.findOne({ _id: id })) as T | null;
  }

  async findByKey(key: string): Promise<T | null> {
    return (await this.collection.findOne({ '_ordo.key': key })) as T | null;
  }

  async findWhere(filter: Document, sort: Document = { _id: 1 }): Promise<T[]> {
    return (await this.collection.find(filter).sort(sort).toArray()) as T[];
  }

  /** Inserts `record`, or returns the one already stored under its key (a repeated job, a race). */
  async insertOnce(record: T): Promise<T> {
    try {
      await this.collection.insertOne(record);
      return record;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const existing = await this.findByKey(record._ordo.key);
      if (!existing) throw err;
      return existing;
    }
  }

  /** Applies `update` only if the record is still at `revision`; false when someone else changed it first. */
  async updateAtRevision(id: string, revision: number, update: Document): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, '_ordo.revision': revision }, { ...update, $inc: { ...(update['$inc'] as Document | undefined), '_ordo.revision': 1 } } as UpdateFilter<Document & { _id: string }>);
    return result.modifiedCount === 1;
  }
}

