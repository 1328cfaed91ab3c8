import type { Collection, Db, Document, Filter, UpdateFilter } from 'mongodb';
import type { OutboxEvent } from '../events/outbox.js';
import type { ProductOrder } from './product-order.js';

export type ProcessStartStatus = 'pending' | 'started';

/** Ordo's bookkeeping, kept beside the TMF resource in the same document. */
export interface OrderMeta {
  revision: number;
  process: {
    bpmnProcessId: string;
    status: ProcessStartStatus;
    attempts: number;
    nextAttemptAt: Date;
    startedAt?: Date;
    lastError?: string;
    processInstanceKey?: string;
  };
  traceContext: Record<string, string>;
  outbox: OutboxEvent[];
  outboxPending?: true;
  outboxLeaseUntil?: Date;
}

export type StoredOrder = ProductOrder & { _id: string; _ordo: OrderMeta };

/**
 * How the driver sees the collection: TMF resources carry open-ended fields, which the driver's
 * typed filters cannot express, so documents are typed loosely here and precisely at the edges.
 */
export type OrderDocument = Document & { _id: string };

const hidden = { _id: 0, _ordo: 0 } as const;

/** MongoDB access for product orders; every state change is one single-document write. */
export class OrderStore {
  readonly collection: Collection<OrderDocument>;

  constructor(db: Db) {
    this.collection = db.collection<OrderDocument>('productOrder');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ '_ordo.process.status': 1, '_ordo.process.nextAttemptAt': 1 });
    await this.collection.createIndex({ '_ordo.outboxPending': 1 }, { sparse: true });
    await this.collection.createIndex({ orderDate: -1 });
    await this.collection.createIndex({ state: 1 });
    await this.collection.createIndex({ externalId: 1 });
  }

  async insert(order: StoredOrder): Promise<void> {
    await this.collection.insertOne(order as OrderDocument);
  }

  async findById(id: string): Promise<ProductOrder | null> {
    return this.collection.findOne<ProductOrder>({ _id: id }, { projection: hidden });
  }

  async findStored(id: string): Promise<StoredOrder | null> {
    return (await this.collection.findOne({ _id: id })) as StoredOrder | null;
  }

  async list(query: { offset: number; limit: number; filter?: Filter<OrderDocument> }): Promise<{ total: number; items: ProductOrder[] }> {
    const filter = query.filter ?? {};
    const [total, items] = await Promise.all([
      this.collection.countDocuments(filter),
      this.collection.find<ProductOrder>(filter, { projection: hidden }).sort({ orderDate: -1, _id: 1 }).skip(query.offset).limit(query.limit).toArray(),
    ]);
    return { total, items };
  }

  /** Applies `update` only if the document is still at `revision`; false when someone else won. */
  async updateAtRevision(id: string, revision: number, update: Document): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, '_ordo.revision': revision }, { ...update, $inc: { ...(update['$inc'] as Document | undefined), '_ordo.revision': 1 } } as UpdateFilter<OrderDocument>);
    return result.modifiedCount === 1;
  }
}
