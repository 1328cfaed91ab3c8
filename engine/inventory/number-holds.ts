import { randomUUID } from 'node:crypto';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { withEvents } from '../events/outbox.js';
import { releaseResource } from './confirm-release.js';
import { changeHeld } from './held-resource.js';
import { InventoryError } from './inventory-error.js';
import { preferenceRegexes, type NumberPreference } from './number-preference.js';
import { resourceStateChangedEvent } from './resource-events.js';
import { assertPoolCategory, reserveResourceUntil, takeResource, type Hold } from './reserve-resource.js';
import { isDuplicateKey, type ResourceStore } from './resource-store.js';
import { DEFAULT_CATEGORY, isFree, numberOf, poolName, presentResource, reservationKeyOf, type Reservation, type Resource, type StoredResource } from './resource.js';

/** One phone number of a cart item: `line` 1 to the item's quantity. */
export interface CartLine {
  cartId: string;
  itemId: string;
  line: number;
}

export interface NumberHoldRequest extends CartLine, NumberPreference {
  /** Exactly this number, picked e.g. from numberCandidates; without it, a random one matching the preference. */
  number?: string | undefined;
  /** The pool's category; default `standard`. A given number must be of it. */
  category?: string | undefined;
  expiresAt: Date;
  /** Whose holds this one counts among (e.g. `party:<id>`), and how many lines they may hold at once over all their carts. */
  holder?: { key: string; atOnce: number } | undefined;
}

export interface CartHold {
  itemId: string;
  line: number;
  number: string;
  resourceId: string;
  expiresAt: Date;
}

const ROLE = 'msisdn';

/**
 * A cart's line holds its number as an ordinary reservation of holder `cart:<cartId>`, item
 * `<itemId>#<line>`: reserved with its event like an order item's, and freed by the same sweep
 * when the cart is left to expire.
 */
export const cartHolderOf = (cartId: string) => `cart:${cartId}`;
const holdOf = (line: CartLine & Pick<NumberHoldRequest, 'holder'>, expiresAt: Date, role = ROLE): Hold => ({ orderId: cartHolderOf(line.cartId), itemId: `${line.itemId}#${line.line}`, role, expiresAt, customerKey: line.holder?.key });
const keyOf = ({ orderId, itemId, role }: Hold) => reservationKeyOf(orderId, itemId, role);
const lineKeyOf = (line: CartLine) => keyOf(holdOf(line, new Date()));

/**
 * Holds a number for a cart's line until `expiresAt`, or answers null when no free number matches
 * (a given number: when it is taken). A line holding another number swaps: the new one is taken
 * first and only then the old one freed, so a failed take leaves the old one held. A line keeps
 * what it holds, answering it, when that already is the number asked for or, without one, when it
 * matches the category and preference. Only a line holding nothing adds to its holder's numbers
 * held at once: over the cap it is refused (TooManyNumbersHeld).
 */
export async function holdNumber(store: ResourceStore, request: NumberHoldRequest): Promise<Resource | null> {
  assertValidLine(request);
  if (!(request.expiresAt instanceof Date) || !(request.expiresAt.getTime() > Date.now())) throw invalidHold('expiresAt must be a time to come');
  const category = request.category ?? DEFAULT_CATEGORY;
  assertPoolCategory(category);
  const wanted = preferenceRegexes(request);
  const keeps = (held: StoredResource) => {
    const number = numberOf(held, 'msisdn');
    return request.number !== undefined ? number === request.number : held._ordo.pool === poolName('msisdn', category) && wanted.every((re) => re.test(number));
  };
  const take = (hold: Hold) => (request.number !== undefined ? takeNumber(store, request.number, category, wanted, hold) : takeRandom(store, request, category, hold));

  return retryOnRace(`the number of cart ${request.cartId} item ${request.itemId} line ${request.line}`, async () => {
    const held = await store.findHeld(lineKeyOf(request));
    if (held && keeps(held)) return presentResource(held);
    try {
      return held ? await swap(store, request, take) : await takeWithinCap(store, request, take);
    } catch (err) {
      // A concurrent hold for the same line came first: decide again from what the line holds now.
      if (!isDuplicateKey(err)) throw err;
      return LOST_RACE;
    }
  });
}

/** The new number is taken under a key of its own, the old one freed, then the new one moved to the line's key. */
async function swap(store: ResourceStore, request: NumberHoldRequest, take: (hold: Hold) => Promise<Resource | null>): Promise<Resource | null> {
  const incoming = holdOf(request, request.expiresAt, `${ROLE} swap ${randomUUID()}`);
  const taken = await take(incoming);
  if (!taken) return null;
  await releaseResource(store, lineKeyOf(request), `swapped for ${taken.name}`);
  try {
    return await moveHold(store, keyOf(incoming), holdOf(request, request.expiresAt));
  } catch (err) {
    if (isDuplicateKey(err)) await releaseResource(store, keyOf(incoming), 'a concurrent hold of the line came first');
    throw err;
  }
}

/** The customer already holds as many numbers as one may hold at once. */
export class TooManyNumbersHeld extends InventoryError {
  constructor(atOnce: number) {
    super('TOO_MANY_NUMBERS_HELD', `The customer holds ${atOnce} numbers over their carts, the most one may hold at once; release one or check a cart out first`);
  }
}

/**
 * A line holding nothing takes one more number for its holder, within the cap on numbers held at
 * once: counted before the take (nothing is taken at the cap) and again after it, now that the take
 * is recorded. Should racing holds have taken the holder past the cap, this one goes back; so every
 * hold kept saw the count, itself included, within the cap, and new lines never take the holder
 * past it. Racing at the cap, both may be refused. (The holds of an anonymous cart a customer takes
 * over are counted as the customer's from then on, and may put them over: then new lines wait.)
 */
async function takeWithinCap(store: ResourceStore, request: NumberHoldRequest, take: (hold: Hold) => Promise<Resource | null>): Promise<Resource | null> {
  const { holder } = request;
  if (holder && (await linesHeldBy(store, holder.key)) >= holder.atOnce) throw new TooManyNumbersHeld(holder.atOnce);
  const taken = await take(holdOf(request, request.expiresAt));
  if (!taken || !holder || (await linesHeldBy(store, holder.key)) <= holder.atOnce) return taken;
  // Only what this request took: a concurrent request for the same line may have taken the line's number since.
  await releaseResource(store, lineKeyOf(request), `over the cap of ${holder.atOnce} numbers held at once`, taken.id);
  throw new TooManyNumbersHeld(holder.atOnce);
}

/** Cart lines holding a number for `customerKey`, over all their carts; a line in the middle of a swap counts once. */
async function linesHeldBy(store: ResourceStore, customerKey: string): Promise<number> {
  return new Set((await store.holdsCountedAgainst(customerKey)).map((r) => `${r.orderId}\u0000${r.itemId}`)).size;
}

async function takeRandom(store: ResourceStore, preference: NumberPreference, category: string, hold: Hold): Promise<Resource | null> {
  const reserved = await reserveResourceUntil(store, { kind: 'msisdn', category, prefix: preference.prefix, pattern: preference.pattern, ...hold });
  return reserved?.resource ?? null;
}

async function takeNumber(store: ResourceStore, number: string, category: string, wanted: RegExp[], hold: Hold): Promise<Resource | null> {
  if (!wanted.every((re) => re.test(number))) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `${number} does not match the preference`);
  return retryOnRace(`number ${number}`, async () => {
    const found = await store.findByNumber('msisdn', number);
    if (!found || found._ordo.pool !== poolName('msisdn', category)) throw new InventoryError('NUMBER_NOT_IN_POOL', `${number} is not a number of the ${category} pool`);
    if (!isFree(found)) return null;
    return (await takeResource(store, found, hold)) ?? LOST_RACE;
  });
}

/**
 * Moves what `fromKey` holds to the holder `to`, in one revision-checked write; with `why`, the
 * write carries a ResourceStateChangeEvent saying so. Null when `fromKey` holds nothing; a duplicate
 * key error when `to` already holds something.
 */
function moveHold(store: ResourceStore, fromKey: string, to: Hold, why?: string): Promise<Resource | null> {
  const key = keyOf(to);
  return changeHeld(store, fromKey, (held) => {
    // An order's hold counts against no customer's cap: only a cart's does.
    const { customerKey: _counted, ...kept } = held._ordo.reservation!;
    const reservation: Reservation = { ...kept, key, orderId: to.orderId, itemId: to.itemId, role: to.role, expiresAt: to.expiresAt, ...(to.customerKey ? { customerKey: to.customerKey } : {}) };
    const resource = presentResource(held);
    const update = { $set: { '_ordo.reservation': reservation, '_ordo.reservationKey': key } };
    return { update: why ? withEvents(update, [resourceStateChangedEvent(resource, why, to.orderId)]) : update, result: resource };
  });
}

/** Frees every number the cart holds, or only that of one line; answers those freed. */
export async function releaseCartHolds(store: ResourceStore, cartId: string, reason: string, only?: Omit<CartLine, 'cartId'>): Promise<Resource[]> {
  // All the cart's keys, including a swap's that a crash left behind.
  const keys = only ? [lineKeyOf({ cartId, ...only })] : (await store.findHeldBy(cartHolderOf(cartId))).map((held) => held._ordo.reservationKey!);
  const released: Resource[] = [];
  for (const key of keys) {
    const resource = await releaseResource(store, key, reason);
    if (resource) released.push(resource);
  }
  return released;
}

/**
 * Moves the end of every hold of the cart to `expiresAt`, and with `customerKey` counts them among
 * that customer's from now (an anonymous cart a customer took); answers the holds.
 */
export async function renewCartHolds(store: ResourceStore, cartId: string, expiresAt: Date, customerKey?: string): Promise<CartHold[]> {
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) throw invalidHold('expiresAt must be a time');
  const update = { $set: { '_ordo.reservation.expiresAt': expiresAt, ...(customerKey ? { '_ordo.reservation.customerKey': customerKey } : {}) } };
  const renewed: CartHold[] = [];
  for (const held of await lineHolds(store, cartId)) {
    const hold = await changeHeld(store, held._ordo.reservationKey!, (current) => ({ update, result: cartHoldOf(current, expiresAt) }));
    if (hold) renewed.push(hold);
  }
  return renewed;
}

export async function cartHolds(store: ResourceStore, cartId: string): Promise<CartHold[]> {
  return (await lineHolds(store, cartId)).map((held) => cartHoldOf(held, held._ordo.reservation!.expiresAt!));
}

/**
 * Hands the number a cart's line holds to an order unit, as if the order had reserved it: the order
 * process's reservation then finds its key holding it. The hold now ends `ttlMs` from now. Repeating
 * it (a repeated checkout) answers what the order unit holds; null when neither holds anything.
 */
export async function transferHold(store: ResourceStore, from: CartLine, to: { orderId: string; unitId: string; role: typeof ROLE }, ttlMs: number): Promise<Resource | null> {
  assertValidLine(from);
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw invalidHold('ttlMs must be a positive whole number of milliseconds');
  const orderHold: Hold = { orderId: to.orderId, itemId: to.unitId, role: to.role, expiresAt: new Date(Date.now() + ttlMs) };
  try {
    const moved = await moveHold(store, lineKeyOf(from), orderHold, `held for order ${to.orderId} item ${to.unitId} (${to.role}), chosen in cart ${from.cartId}`);
    if (moved) return moved;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    throw new InventoryError('NUMBER_HOLD_CONFLICT', `order ${to.orderId} item ${to.unitId} already holds another ${to.role}`);
  }
  const ordered = await store.findHeld(keyOf(orderHold));
  return ordered ? presentResource(ordered) : null;
}

async function lineHolds(store: ResourceStore, cartId: string): Promise<StoredResource[]> {
  return (await store.findHeldBy(cartHolderOf(cartId))).filter((held) => held._ordo.reservation?.role === ROLE);
}

function cartHoldOf(held: StoredResource, expiresAt: Date): CartHold {
  const { itemId } = held._ordo.reservation!;
  const cut = itemId.lastIndexOf('#');
  return { itemId: itemId.slice(0, cut), line: Number(itemId.slice(cut + 1)), number: numberOf(held, 'msisdn'), resourceId: held.id, expiresAt };
}

function assertValidLine(line: CartLine): void {
  if (typeof line.cartId !== 'string' || line.cartId === '') throw invalidHold('cartId must be a non-empty string');
  if (typeof line.itemId !== 'string' || line.itemId === '') throw invalidHold('itemId must be a non-empty string');
  if (!Number.isInteger(line.line) || line.line < 1) throw invalidHold('line must be a whole number from 1');
}

const invalidHold = (message: string) => new InventoryError('INVALID_NUMBER_HOLD', message);
