import type { Collection, Db, Document, MongoBulkWriteError, UpdateFilter } from 'mongodb';
import { ensureOutboxIndexes } from '../events/outbox.js';
import { ensureListIndexes, runListQuery, type ListQuery } from '../tmf/list-query.js';
import type { ReadableStore } from '../tmf/read-routes.js';
import { resourceListSpec } from './resource-list-spec.js';
import { FREE, numberKey, reservationKeyPrefixOf, type Reservation, type Resource, type ResourceKind, type StoredResource } from './resource.js';
import { TMF639_BASE_PATH } from './tmf639.js';

/** Open-ended TMF documents, typed loosely for the driver and precisely at the edges (as OrderStore does). */
export type ResourceDocument = Document & { _id: string };

/** `_id` is the pool name; `slots` the number of slots handed out so far, i.e. the next free slot. */
interface PoolCounter {
  _id: string;
  slots: number;
}

const hidden = { _id: 0, _ordo: 0 } as const;

export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** MongoDB access for TMF639 resources; every state change is one single-document write. */
export class ResourceStore implements ReadableStore {
  readonly collection: Collection<ResourceDocument>;
  readonly pools: Collection<PoolCounter>;

  /**
   * `publicUrl`: the base clients reach Ordo at, for each resource's `href`; a function when it is
   * known only once the server listens.
   */
  constructor(db: Db, private readonly publicUrl: string | (() => string)) {
    this.collection = db.collection<ResourceDocument>('resource');
    this.pools = db.collection<PoolCounter>('inventoryPool');
  }

  href(id: string): string {
    const base = typeof this.publicUrl === 'function' ? this.publicUrl() : this.publicUrl;
    return `${base}${TMF639_BASE_PATH}/resource/${id}`;
  }

  async ensureIndexes(): Promise<void> {
    // The reservation's point lookups and the guarantees the database itself keeps.
    // Sparse compound: documents with neither field (ported-in numbers) are left out, on MongoDB and
    // on mongo-java-server alike; the latter ignores partialFilterExpression, so that cannot be used.
    await this.collection.createIndex({ '_ordo.pool': 1, '_ordo.slot': 1 }, { unique: true, sparse: true });
    await this.collection.createIndex({ '_ordo.reservationKey': 1 }, { unique: true, sparse: true });
    await this.collection.createIndex({ '_ordo.number': 1 }, { unique: true });
    // The filter of every revision-checked write, exactly. MongoDB would serve it from _id alone;
    // mongo-java-server (the local stack) uses only an index whose keys are the query's, and
    // without this one scans the whole collection on every write (2 s per write at 100,000).
    await this.collection.createIndex({ _id: 1, '_ordo.revision': 1 }, { unique: true });
    // The fallback seek in random order, and preferences on the number.
    await this.collection.createIndex({ '_ordo.pool': 1, resourceStatus: 1, usageState: 1, '_ordo.rand': 1 });
    await this.collection.createIndex({ '_ordo.pool': 1, resourceStatus: 1, value: 1 });
    await this.collection.createIndex({ '_ordo.pool': 1, resourceStatus: 1, serialNumber: 1 });
    await this.collection.createIndex({ '_ordo.reservation.expiresAt': 1 }, { sparse: true });
    await this.collection.createIndex({ '_ordo.reservation.customerKey': 1 }, { sparse: true });
    await ensureOutboxIndexes(this.collection);
    await ensureListIndexes(this.collection, resourceListSpec);
  }

  findById(id: string, projection?: Document): Promise<Resource | null> {
    return this.collection.findOne<Resource>({ _id: id }, { projection: projection ?? hidden });
  }

  list(query: ListQuery): Promise<{ total: number; items: Partial<Resource>[] }> {
    return runListQuery(this.collection, query, hidden);
  }

  async findStored(id: string): Promise<StoredResource | null> {
    return (await this.collection.findOne({ _id: id })) as StoredResource | null;
  }

  /** The resource an order item holds for one role (reserved or in use), by its reservation key. */
  async findHeld(reservationKey: string): Promise<StoredResource | null> {
    return (await this.collection.findOne({ '_ordo.reservationKey': reservationKey })) as StoredResource | null;
  }

  /**
   * Everything `orderId` holds, through an anchored prefix of the unique reservation key: an index
   * range on MongoDB, no further index to keep up on every write.
   */
  async findHeldBy(orderId: string): Promise<StoredResource[]> {
    const prefix = reservationKeyPrefixOf(orderId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return (await this.collection.find({ '_ordo.reservationKey': { $regex: `^${prefix}` } }).toArray()) as StoredResource[];
  }

  /** Who holds what among the cart holds counted against `customerKey`. */
  async holdsCountedAgainst(customerKey: string): Promise<Pick<Reservation, 'orderId' | 'itemId'>[]> {
    const found = await this.collection.find({ '_ordo.reservation.customerKey': customerKey }, { projection: { _id: 0, '_ordo.reservation.orderId': 1, '_ordo.reservation.itemId': 1 } }).toArray();
    return found.map((d) => (d['_ordo'] as { reservation: Pick<Reservation, 'orderId' | 'itemId'> }).reservation);
  }

  async findByNumber(kind: ResourceKind, number: string): Promise<StoredResource | null> {
    return (await this.collection.findOne({ '_ordo.number': numberKey(kind, number) })) as StoredResource | null;
  }

  /** Which of `numberKeys` are already stored. */
  async existingNumbers(numberKeys: string[]): Promise<Set<string>> {
    const found = await this.collection.find({ '_ordo.number': { $in: numberKeys } }, { projection: { _id: 0, '_ordo.number': 1 } }).toArray();
    return new Set(found.map((d) => (d['_ordo'] as { number: string }).number));
  }

  /** The resource in `slot` of `pool`, whatever its state: a point lookup through the unique (pool, slot) index. */
  async atSlot(pool: string, slot: number): Promise<StoredResource | null> {
    return (await this.collection.findOne({ '_ordo.pool': pool, '_ordo.slot': slot })) as StoredResource | null;
  }

  /**
   * The first free resource of `pool` matching `conditions` whose `rand` is at or after `from`
   * (`after`) or before it (`before`), in `rand` order: an index seek on MongoDB.
   */
  async firstFreeByRand(pool: string, conditions: Document, from: number, side: 'after' | 'before'): Promise<StoredResource | null> {
    const [found] = await this.freeByRand(pool, conditions, from, side, 1);
    return found ?? null;
  }

  /** Like firstFreeByRand, the first `limit` of them. */
  freeByRand(pool: string, conditions: Document, from: number, side: 'after' | 'before', limit: number): Promise<StoredResource[]> {
    return this.freeInRandRange(pool, conditions, side === 'after' ? [from, 1] : [0, from], limit);
  }

  /**
   * The first `limit` free resources of `pool` matching `conditions` whose `rand` is in [from, to),
   * in `rand` order: an index range on MongoDB, which gives up after `maxTimeMS` when given.
   */
  async freeInRandRange(pool: string, conditions: Document, [from, to]: readonly [number, number], limit: number, maxTimeMS?: number): Promise<StoredResource[]> {
    const query = { '_ordo.pool': pool, ...FREE, ...conditions, '_ordo.rand': { $gte: from, $lt: to } };
    return (await this.collection.find(query, maxTimeMS ? { maxTimeMS } : {}).sort({ '_ordo.rand': 1 }).limit(limit).toArray()) as StoredResource[];
  }

  /** Slots handed out so far in `pool`: every slot below is taken by a resource (or lost to a failed load). */
  async slotCount(pool: string): Promise<number> {
    return (await this.pools.findOne({ _id: pool }))?.slots ?? 0;
  }

  /** Reserves `count` consecutive slots of `pool` and returns the first; concurrent callers get disjoint ranges. */
  async allocateSlots(pool: string, count: number): Promise<number> {
    const counter = await this.pools.findOneAndUpdate({ _id: pool }, { $inc: { slots: count } }, { upsert: true, returnDocument: 'after' });
    if (!counter) throw new Error(`inventoryPool ${pool} was not returned`);
    return counter.slots - count;
  }

  async insert(resource: StoredResource): Promise<void> {
    await this.collection.insertOne(resource as ResourceDocument);
  }

  /** Inserts all it can; returns the indexes (into `resources`) refused as duplicates. */
  async insertAll(resources: StoredResource[]): Promise<number[]> {
    try {
      await this.collection.insertMany(resources as ResourceDocument[], { ordered: false });
      return [];
    } catch (err) {
      const writeErrors = (err as MongoBulkWriteError).writeErrors;
      const errors = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (errors.length === 0 || errors.some((e) => e.code !== 11000)) throw err;
      return errors.map((e) => e.index);
    }
  }

  /** Applies `update` only if the resource is still at `revision`; false when someone else changed it first. */
  async updateAtRevision(id: string, revision: number, update: Document): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, '_ordo.revision': revision }, { ...update, $inc: { ...(update['$inc'] as Document | undefined), '_ordo.revision': 1 } } as UpdateFilter<ResourceDocument>);
    return result.modifiedCount === 1;
  }

  /** Reservations due to expire by `now`, oldest first, at most `limit`. */
  async expiringBy(now: Date, limit: number): Promise<StoredResource[]> {
    return (await this.collection.find({ '_ordo.reservation.expiresAt': { $lte: now } }).sort({ '_ordo.reservation.expiresAt': 1 }).limit(limit).toArray()) as StoredResource[];
  }
}
