import type { Collection, Db, Document } from 'mongodb';
import { ensureOutboxIndexes, withEvents } from '../events/outbox.js';
import { ensureListIndexes, runListQuery, type ListQuery } from '../tmf/list-query.js';
import { cancelStateChangedEvent, finalCancelStates, type CancelProductOrder, type CancelState, type StoredCancelRequest } from './cancel-request.js';
import { cancelListSpec } from './cancel-list-spec.js';
import { visibleToCaller } from '../security/principal.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';

type CancelDocument = Document & { _id: string };
const hidden = { _id: 0, _ordo: 0 } as const;

/** MongoDB access for CancelProductOrder tasks; like orders, each change is one document write with its events. */
export class CancelStore {
  readonly collection: Collection<CancelDocument>;

  constructor(db: Db) {
    this.collection = db.collection<CancelDocument>('cancelProductOrder');
  }

  async ensureIndexes(): Promise<void> {
    await ensureListIndexes(this.collection, cancelListSpec);
    await ensureOutboxIndexes(this.collection);
    await this.collection.createIndex({ '_ordo.notifyPending': 1 }, { sparse: true });
    // One open cancellation per order at a time.
    await this.collection.createIndex({ '_ordo.openFor': 1 }, { unique: true, sparse: true });
  }

  async insert(request: StoredCancelRequest & { _ordo: { openFor?: string } }): Promise<void> {
    await this.collection.insertOne(request as CancelDocument);
  }

  async findById(id: string, projection?: Document): Promise<CancelProductOrder | null> {
    return this.collection.findOne<CancelProductOrder>({ _id: id, ...visibleToCaller() }, { projection: projection ?? hidden });
  }

  list(query: ListQuery): Promise<{ total: number; items: Partial<CancelProductOrder>[] }> {
    return runListQuery(this.collection, query, hidden, visibleToCaller());
  }

  /** Open (not final) requests created before `before`. */
  async openBefore(before: Date): Promise<StoredCancelRequest[]> {
    return (await this.collection.find({ state: { $nin: [...finalCancelStates] }, '_ordo.createdAt': { $lt: before } }).sort({ '_ordo.createdAt': 1 }).limit(1000).toArray()) as StoredCancelRequest[];
  }

  /**
   * Moves a request to `state` and queues CancelProductOrderStateChangeEvent; a final state also
   * frees the order for another cancellation. Repeating a move already made changes nothing.
   */
  async moveTo(id: string, state: CancelState, extra: { errorMessage?: string; effectiveCancellationDate?: string } = {}): Promise<CancelProductOrder | null> {
    return retryOnRace(`cancelProductOrder ${id}`, async () => {
      const current = (await this.collection.findOne({ _id: id })) as StoredCancelRequest | null;
      if (!current) return null;
      const { _id, _ordo, ...request } = current;
      if (request.state === state || finalCancelStates.includes(request.state)) return request;
      const next: CancelProductOrder = { ...request, state, ...extra };
      const final = finalCancelStates.includes(state);
      const updated = await this.collection.updateOne(
        { _id: id, '_ordo.revision': _ordo.revision },
        withEvents({ $set: { state, ...extra }, $inc: { '_ordo.revision': 1 }, ...(final ? { $unset: { '_ordo.openFor': '', '_ordo.notifyPending': '' } } : {}) }, [cancelStateChangedEvent(next)]),
      );
      return updated.modifiedCount === 1 ? next : LOST_RACE;
    });
  }
}
