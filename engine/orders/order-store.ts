import type { Collection, Db, Document, UpdateFilter } from 'mongodb';
import { ensureListIndexes, runListQuery, type ListQuery } from '../tmf/list-query.js';
import { productOrderListSpec } from './order-list-spec.js';
import type { OutboxEvent } from '../events/outbox.js';
import type { ProductOrder } from './product-order.js';
import type { FulfilmentUnit } from './fulfilment.js';
import type { HeldByOrder } from './order-resources.js';
import type { Freeze } from './freeze-order.js';
import { noInstanceLinks, processInstanceFields, recordProcessInstance, type InstanceLinks } from '../process/process-instance.js';
import { PARTY_FIELD, visibleToCaller } from '../security/principal.js';

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
  /** What the catalog selected at acceptance: the process run for each item (or bundle part). */
  fulfilment?: FulfilmentUnit[];
  /** sha256 of the create request, to tell a true retry from a reused Idempotency-Key. */
  requestHash: string;
  /** `<party>\0<Idempotency-Key>`; unique. */
  idempotencyKey?: string;
  /** `<party>\0<externalId>`; unique. */
  externalIdKey?: string;
  /** The party that placed it with a party-bound token: only that party (and operators) see it. */
  party?: string;
  /** Set while the process waits for the client to supply attributes (ProductOrderInformationRequiredEvent). */
  informationRequired?: InformationRequest;
  /** The latest freeze by the client (see freeze-order.ts). */
  freeze?: Freeze;
  /** What the order's units hold in the resource inventory (see order-resources.ts). */
  resources?: HeldByOrder[];
  outbox: OutboxEvent[];
  outboxPending?: true;
  fanOutPending?: true;
  deletedAt?: Date;
  outboxLeaseUntil?: Date;
}

export interface InformationRequest {
  /** Top-level attributes the client is asked to supply (the event's comma-separated `fieldPath`). */
  fieldPath: string[];
  reason?: string;
  requestedAt: Date;
  /** The job that asked: a redelivery of it asks nothing new. */
  jobKey: string;
  /** Set by the PATCH that supplied them all; the process is told (message) while `notifyPending`. */
  providedAt?: Date;
  notifyPending?: true;
}

export type StoredOrder = ProductOrder & { _id: string; _ordo: OrderMeta };

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
    await this.collection.createIndex({ '_ordo.process.status': 1, '_ordo.process.nextAttemptAt': 1 });
    await this.collection.createIndex({ '_ordo.outboxPending': 1 }, { sparse: true });
    await this.collection.createIndex({ '_ordo.fanOutPending': 1 }, { sparse: true });
    await this.collection.createIndex({ '_ordo.informationRequired.notifyPending': 1 }, { sparse: true });
    await this.collection.createIndex({ '_ordo.freeze.notifyPending': 1 }, { sparse: true });
    // Duplicate submissions are refused by the database itself, so racing retries cannot both win.
    await this.collection.createIndex({ '_ordo.idempotencyKey': 1 }, { unique: true, sparse: true });
    await this.collection.createIndex({ '_ordo.externalIdKey': 1 }, { unique: true, sparse: true });
    await this.collection.createIndex({ [PARTY_FIELD]: 1 }, { sparse: true });
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
    const result = await this.collection.deleteMany({ '_ordo.deletedAt': { $exists: true }, '_ordo.outboxPending': { $exists: false } });
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
