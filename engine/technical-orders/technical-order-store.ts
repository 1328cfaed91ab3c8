import type { Collection, Db, Document, UpdateFilter } from 'mongodb';
import { ensureOutboxIndexes } from '../events/outbox.js';
import { ensureStartIndexes } from '../process/process-starter.js';
import { ensureCreateKeyIndexes } from '../tmf/idempotent-create.js';
import { ensureListIndexes, runListQuery, type ListQuery } from '../tmf/list-query.js';
import type { ReadableStore } from '../tmf/read-routes.js';
import type { TechnicalOrderKind } from './order-kinds.js';
import { noInstanceLinks, processInstanceFields, recordProcessInstance, type InstanceLinks } from '../process/process-instance.js';
import type { StoredTechnicalOrder, TechnicalOrder } from './technical-order.js';
import { technicalOrderListSpec } from './technical-order-list-spec.js';
import { PARTY_FIELD, visibleToCaller } from '../security/principal.js';

const hidden = { _id: 0, _ordo: 0 } as const;

/** MongoDB access for one kind of technical order; every change is one revision-checked single-document write. */
export class TechnicalOrderStore implements ReadableStore {
  readonly collection: Collection<Document & { _id: string }>;

  constructor(
    db: Db,
    readonly kind: TechnicalOrderKind,
    private readonly publicUrl: () => string,
    /** Where each order's process instance is seen (Cockpit), for the link the order carries. */
    private readonly links: InstanceLinks = noInstanceLinks,
  ) {
    this.collection = db.collection(kind.resource);
  }

  href(id: string): string {
    return `${this.publicUrl()}${this.kind.basePath}/${this.kind.resource}/${id}`;
  }

  async ensureIndexes(): Promise<void> {
    await ensureStartIndexes(this.collection);
    await ensureOutboxIndexes(this.collection);
    await this.collection.createIndex({ '_ordo.finishNotifyPending': 1 }, { sparse: true });
    await this.collection.createIndex({ '_ordo.cancelPending': 1 }, { sparse: true });
    await ensureCreateKeyIndexes(this.collection);
    await this.collection.createIndex({ _id: 1, '_ordo.revision': 1 }, { unique: true });
    await this.collection.createIndex({ '_ordo.parent.id': 1 });
    await this.collection.createIndex({ '_ordo.root.orderId': 1 });
    await this.collection.createIndex({ [PARTY_FIELD]: 1 }, { sparse: true });
    await ensureListIndexes(this.collection, technicalOrderListSpec(this.kind));
  }

  /** Records the order's process instance (key, and link to Cockpit) if the starter has not. */
  recordProcessInstance(id: string, key: string): Promise<void> {
    return recordProcessInstance(this.collection, this.links, id, key);
  }

  /** The process instance fields of an order, to add to a state change's write (see process-instance.ts). */
  processInstanceFields(key: string): Record<string, string> {
    return processInstanceFields(this.links, key);
  }

  async insert(order: StoredTechnicalOrder): Promise<void> {
    await this.collection.insertOne(order);
  }

  findById(id: string, projection?: Document): Promise<TechnicalOrder | null> {
    return this.collection.findOne<TechnicalOrder>({ _id: id, ...visibleToCaller() }, { projection: projection ?? hidden });
  }

  async findStored(id: string): Promise<StoredTechnicalOrder | null> {
    return (await this.collection.findOne({ _id: id, ...visibleToCaller() })) as StoredTechnicalOrder | null;
  }

  async findStoredBy(filter: Document): Promise<StoredTechnicalOrder | null> {
    return (await this.collection.findOne(filter)) as StoredTechnicalOrder | null;
  }

  /** The orders decomposed from a parent (and its item), oldest first. */
  async childrenOf(parentId: string, itemId?: string): Promise<StoredTechnicalOrder[]> {
    const filter = { '_ordo.parent.id': parentId, ...(itemId !== undefined ? { '_ordo.parent.itemId': itemId } : {}) };
    return (await this.collection.find(filter).sort({ orderDate: 1, _id: 1 }).toArray()) as StoredTechnicalOrder[];
  }

  /** Every order of a product order's decomposition (any depth below it in this kind). */
  async ofProductOrder(orderId: string, unitId?: string): Promise<StoredTechnicalOrder[]> {
    const filter = { '_ordo.root.orderId': orderId, ...(unitId !== undefined ? { '_ordo.root.unitId': unitId } : {}) };
    return (await this.collection.find(filter).sort({ orderDate: 1, _id: 1 }).toArray()) as StoredTechnicalOrder[];
  }

  list(query: ListQuery): Promise<{ total: number; items: Partial<TechnicalOrder>[] }> {
    return runListQuery(this.collection, query, hidden, visibleToCaller());
  }

  /** `alsoWhere`: what the order must still meet beside its revision (fields that writes keeping the revision set). */
  async updateAtRevision(id: string, revision: number, update: Document, alsoWhere: Document = {}): Promise<boolean> {
    const result = await this.collection.updateOne({ ...alsoWhere, _id: id, '_ordo.revision': revision }, { ...update, $inc: { ...(update['$inc'] as Document | undefined), '_ordo.revision': 1 } } as UpdateFilter<Document & { _id: string }>);
    return result.modifiedCount === 1;
  }
}
