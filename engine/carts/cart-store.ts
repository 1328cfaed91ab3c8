import { backedOff, claimDue } from '../db/claim-due.js';
import type { Collection, Db, Document } from 'mongodb';
import { ensureOutboxIndexes, noEventsPending } from '../events/outbox.js';
import { ensureStartIndexes } from '../process/process-starter.js';
import { ensureCreateKeyIndexes } from '../tmf/idempotent-create.js';
import { LOST_RACE, RACE_TRIES, retryOnRace } from '../db/retry-on-race.js';
import { notFound, Refusal, RefusalKind } from '../outcomes.js';
import { currentPrincipal, PARTY_FIELD } from '../security/principal.js';
import { ensureListIndexes, runListQuery, type ListQuery, type ListSpec } from '../tmf/list-query.js';
import type { ReadableStore } from '../tmf/read-routes.js';
import { CartStatus, type CartDocument, type StoredCart } from './cart.js';
import { TMF663_BASE_PATH } from './tmf663.js';

export const cartListSpec: ListSpec = {
  filterable: { id: 'string', status: 'string', creationDate: 'date', lastUpdate: 'date', 'relatedParty.id': 'string', 'cartItem.productOffering.id': 'string', 'productOrder.id': 'string' },
  sortable: ['creationDate', 'lastUpdate', 'status'],
  defaultSort: '-lastUpdate',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href'],
};

const hidden = { _id: 0, _ordo: 0 } as const;
const live = { '_ordo.deletedAt': { $exists: false } } as const;
const anonymous = { [PARTY_FIELD]: { $exists: false } } as const;

/**
 * Which carts the caller may reach by id: Ordo's own work, operators and tokens for every party all;
 * a party-bound token its party's and anonymous ones (to take them over at sign-in); a visitor only
 * anonymous ones.
 */
function reachableByCaller(): Document {
  const principal = currentPrincipal();
  if (!principal || principal.operator) return {};
  if (principal.visitor) return anonymous;
  if (!principal.party) return {};
  return { $or: [{ [PARTY_FIELD]: principal.party }, anonymous] };
}

/** What a list shows the caller: a party-bound token its party's carts only; a visitor none. */
function listedForCaller(): Document {
  const principal = currentPrincipal();
  if (principal?.visitor) throw new Refusal(RefusalKind.forbidden, 'FORBIDDEN', 'Sign in to list carts', 'A visitor reaches its cart by its id; listing carts needs a token');
  return principal && !principal.operator && principal.party ? { [PARTY_FIELD]: principal.party } : {};
}

/** What to do with a cart: nothing more (`done`), or write `update` and answer `result`. */
export type CartChange<T> = { done: T } | { update: Document; result: T };

/** MongoDB access for TMF663 carts; every change is one revision-checked single-document write with its events. */
export class CartStore implements ReadableStore {
  readonly collection: Collection<CartDocument>;

  constructor(
    db: Db,
    private readonly publicUrl: () => string,
  ) {
    this.collection = db.collection<CartDocument>('shoppingCart');
  }

  href(id: string): string {
    return `${this.publicUrl()}${TMF663_BASE_PATH}/shoppingCart/${id}`;
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ _id: 1, '_ordo.revision': 1 }, { unique: true });
    await ensureCreateKeyIndexes(this.collection, ['idempotencyKey']);
    await ensureStartIndexes(this.collection);
    await this.collection.createIndex({ '_ordo.signal.pending': 1 }, { sparse: true });
    await this.collection.createIndex({ status: 1, '_ordo.reminders': 1 });
    await this.collection.createIndex({ status: 1, '_ordo.checkout.nextCheckAt': 1 });
    await this.collection.createIndex({ [PARTY_FIELD]: 1, lastUpdate: -1 });
    await ensureOutboxIndexes(this.collection);
    await ensureListIndexes(this.collection, cartListSpec);
  }

  findById(id: string, projection?: Document): Promise<unknown> {
    return this.collection.findOne({ _id: id, ...live, ...reachableByCaller() }, { projection: projection ?? hidden });
  }

  list(query: ListQuery): Promise<{ total: number; items: unknown[] }> {
    return runListQuery(this.collection, query, hidden, { ...live, ...listedForCaller() });
  }

  /** The stored cart if the caller may reach it (refused as not found otherwise: a foreign cart is not told apart from none). */
  async reachable(id: string): Promise<StoredCart> {
    const cart = (await this.collection.findOne({ _id: id, ...live, ...reachableByCaller() })) as StoredCart | null;
    if (!cart) throw notFound('ShoppingCart', id);
    return cart;
  }

  async findStored(id: string): Promise<StoredCart | null> {
    return (await this.collection.findOne({ _id: id })) as StoredCart | null;
  }

  async insert(cart: StoredCart): Promise<void> {
    await this.collection.insertOne(cart as CartDocument);
  }

  async updateAtRevision(id: string, revision: number, update: Document): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, '_ordo.revision': revision }, { ...update, $inc: { ...(update['$inc'] as Document | undefined), '_ordo.revision': 1 } });
    return result.modifiedCount === 1;
  }

  /**
   * Applies `change` to the cart as one revision-checked write; reads again and re-decides when
   * another write came first. `read` finds the cart (with the caller's access by default).
   */
  async change<T>(id: string, change: (cart: StoredCart) => CartChange<T> | Promise<CartChange<T>>, read: (id: string) => Promise<StoredCart> = (i) => this.reachable(i)): Promise<T> {
    const busy = () => new Refusal(RefusalKind.conflict, 'CART_BUSY', 'The cart is changing too often', `ShoppingCart ${id} changed ${RACE_TRIES} times while this request was applied; try again`);
    return retryOnRace(busy, async () => {
      const cart = await read(id);
      const step = await change(cart);
      if ('done' in step) return step.done;
      return (await this.updateAtRevision(cart._id, cart._ordo.revision, step.update)) ? step.result : LOST_RACE;
    });
  }

  /**
   * Carts whose checkout is due for another try, most overdue first; each one taken is put off
   * (backing off up to 5 minutes, but not past `giveUpAfterMs` from the attempt's start, when a
   * checkout the provider does not answer is given up), so carts stuck on a provider never starve the others.
   */
  async dueCheckouts(now: Date, limit: number, giveUpAfterMs: number): Promise<StoredCart[]> {
    const due = (await this.collection.find({ status: CartStatus.checkingOut, $or: [{ '_ordo.checkout.nextCheckAt': { $lte: now } }, { '_ordo.checkout.nextCheckAt': { $exists: false } }] }).sort({ '_ordo.checkout.nextCheckAt': 1 }).limit(limit).toArray()) as StoredCart[];
    // Another instance's sweep may take one first: the one whose write lands carries it on.
    return claimDue(this.collection, due, '_ordo.checkout.nextCheckAt', (cart) => cart._ordo.checkout!.nextCheckAt, (cart) => backedOff(cart._ordo.checkout!.startedAt, now, cart._ordo.checkout!.startedAt.getTime() + giveUpAfterMs));
  }

  /** Removes tombstones whose delete event is published. */
  async purgeDeleted(): Promise<number> {
    // Kept while its process is still owed the message that ends it.
    return (await this.collection.deleteMany({ '_ordo.deletedAt': { $exists: true }, ...noEventsPending, '_ordo.signal.pending': { $exists: false } })).deletedCount;
  }
}
