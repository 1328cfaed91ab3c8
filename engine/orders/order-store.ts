import type { Collection, Db, Document, UpdateFilter } from 'mongodb';
import { ensureListIndexes, runListQuery, type ListQuery } from '../tmf/list-query.js';
import { productOrderListSpec } from './order-list-spec.js';
import { ensureOutboxIndexes, noEventsPending } from '../events/outbox.js';
import { ensureStartIndexes } from '../process/process-starter.js';
import { ensureCreateKeyIndexes } from '../tmf/idempotent-create.js';
import { PROVIDED_NOTIFY_PENDING } from './information-request.js';
import { UNFREEZE_NOTIFY_PENDING } from './freeze-record.js';
import type { ProductOrder } from './product-order.js';
import type { StoredOrder } from './order-record.js';
import { noInstanceLinks, processInstanceFields, recordProcessInstance, type InstanceLinks } from '../process/process-instance.js';
import { PARTY_FIELD, visibleToCaller } from '../security/principal.js';

/**
 * How the driver sees the collection: TMF resources carry open-ended fields, which the driver's
 * typed filters cannot express, so documents are typed loosely here and precisely at the edges.
 */
export type OrderDocument = Document & { _id: string };

const hidden = { _id: 0, _ordo: 0 } as const;
/** Deleted orders stay (as tombstones) until their delete event is published, invisible to the API. */
const live = { '_ordo.deletedAt': { $exists: false } } as const;

/** MongoDB access for product orders; every state change is one single-document write. */
export class OrderStore {
  readonly collection: Collection<OrderDocument>;

  /** `links`: where each order's process instance is seen (Cockpit), for the link the order carries. */
  constructor(db: Db, private readonly links: InstanceLinks = noInstanceLinks) {
    this.collection = db.collection<OrderDocument>('productOrder');
  }

  /** The process instance fields of an order, to add to a state change's write (see process-instance.ts). */
  processInstanceFields(key: string): Record<string, string> {
    return processInstanceFields(this.links, key);
  }

  /** Records the order's process instance if the starter has not (a job makes sure); later calls change nothing. */
  recordProcessInstance(orderId: string, key: string): Promise<void> {
    return recordProcessInstance(this.collection, this.links, orderId, key);
  }

  async ensureIndexes(): Promise<void> {
    await ensureStartIndexes(this.collection);
    await ensureOutboxIndexes(this.collection);
    // The notifiers find the orders whose process is owed a message by these.
    await this.collection.createIndex({ [PROVIDED_NOTIFY_PENDING]: 1 }, { sparse: true });
    await this.collection.createIndex({ [UNFREEZE_NOTIFY_PENDING]: 1 }, { sparse: true });
    await ensureCreateKeyIndexes(this.collection);
    await this.collection.createIndex({ [PARTY_FIELD]: 1 }, { sparse: true });
    // The purge finds the tombstones by it; the local server also counts live orders from it alone.
    await this.collection.createIndex({ '_ordo.deletedAt': 1 }, { sparse: true });
    // Every change is a revision-checked write on (_id, revision); a MongoDB-wire server that only
    // uses indexes whose keys match the query exactly (the local test server) needs this one to
    // find the order without a scan. Real MongoDB would use _id either way.
    await this.collection.createIndex({ _id: 1, '_ordo.revision': 1 }, { unique: true });
    await ensureListIndexes(this.collection, productOrderListSpec);
    await this.collection.createIndex({ orderDate: -1, _id: 1 });
    // Ops look for orders in a state older than some age (`ordo orders find --state --older-than`).
    await this.collection.createIndex({ state: 1, orderDate: -1 });
  }

  async insert(order: StoredOrder): Promise<void> {
    await this.collection.insertOne(order as OrderDocument);
  }

  async findById(id: string, projection?: Document): Promise<ProductOrder | null> {
    return this.collection.findOne<ProductOrder>({ _id: id, ...live, ...visibleToCaller() }, { projection: projection ?? hidden });
  }

  /** Any stored order, deleted ones (tombstones) included. */
  async findStoredBy(filter: Document): Promise<StoredOrder | null> {
    return (await this.collection.findOne(filter)) as StoredOrder | null;
  }

  async findStored(id: string): Promise<StoredOrder | null> {
    return (await this.collection.findOne({ _id: id, ...live, ...visibleToCaller() })) as StoredOrder | null;
  }

  /** Removes tombstones whose delete event has been published; returns how many. */
  async purgeDeleted(): Promise<number> {
    const result = await this.collection.deleteMany({ '_ordo.deletedAt': { $exists: true }, ...noEventsPending });
    return result.deletedCount;
  }

  /** Live orders matching `filter`, newest first, every party's (for ops, not the API). */
  newestFirst(filter: Document, limit: number, projection: Document): Promise<Partial<ProductOrder>[]> {
    return this.collection.find<Partial<ProductOrder>>({ ...filter, ...live }, { projection }).sort({ orderDate: -1, _id: 1 }).limit(limit).toArray();
  }

  list(query: ListQuery): Promise<{ total: number; items: Partial<ProductOrder>[] }> {
    return runListQuery(this.collection, query, hidden, { ...live, ...visibleToCaller() });
  }

  /** Gives an order placed without a party (an operator's) its customer's party, once, if it is still as validated (`revision`). */
  async adoptParty(orderId: string, party: string, revision: number): Promise<void> {
    await this.collection.updateOne({ _id: orderId, '_ordo.revision': revision, [PARTY_FIELD]: { $exists: false } }, { $set: { [PARTY_FIELD]: party } });
  }

  /** Applies `update` only if the document is still at `revision`; false when someone else won. */
  async updateAtRevision(id: string, revision: number, update: Document): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, '_ordo.revision': revision }, { ...update, $inc: { ...(update['$inc'] as Document | undefined), '_ordo.revision': 1 } } as UpdateFilter<OrderDocument>);
    return result.modifiedCount === 1;
  }
}
