import { randomUUID } from 'node:crypto';
import { queuedEvents, withEvents } from '../events/outbox.js';
import { Refusal, RefusalKind } from '../outcomes.js';
import type { ResourceStore } from '../inventory/resource-store.js';
import { releaseCartHolds, renewCartHolds, cartHolds } from '../inventory/number-holds.js';
import { mergePatch } from '../tmf/merge-patch.js';
import { contentHash, createdWithKey, createIdentity, scopedKey } from '../tmf/idempotent-create.js';
import { pendingStart } from '../process/process-starter.js';
import { allItems, ABANDONED_CART_PROCESS_ID, CartSignal, CartStatus, presentCart, type CartItem, type ShoppingCart, type StoredCart } from './cart.js';
import { cartChangedEvent, cartCreatedEvent, cartDeletedEvent, changedAttributes } from './cart-events.js';
import { cartInput, nextItemIdAfter, normaliseItems } from './cart-input.js';
import { cartOwner, type CartCustomers } from './cart-owner.js';
import { priceCartItems } from './cart-pricing.js';
import { assertOrderable, numberLinesOf, type SelectFulfilment } from './cart-as-order.js';
import type { CatalogSource } from '../catalog/catalog-source.js';
import type { CartStore } from './cart-store.js';
import { currentPrincipal } from '../security/principal.js';
import { partyCustomerKey } from './number-hold-limits.js';

export interface CartDeps {
  carts: CartStore;
  catalog: CatalogSource;
  customers: CartCustomers | undefined;
  resources: ResourceStore;
  maxItems: number;
  /** How long an idle cart lives (all its reminders and its expiry): its numbers are held that long. */
  idleLifetimeMs: number;
  /** Start the cart's process now (the starter retries anyway). */
  start(id: string): void;
  /** Deliver the message the cart now owes its process. */
  signal(id: string): void;
  /** The order's catalog selection: items the order would refuse are refused in the cart already. */
  order: { selectFulfilment: SelectFulfilment };
}

const keyShape = /^[\x21-\x7e]{1,255}$/;

/** Items and totals as the catalog prices them now; an offering refused when the client adds it. */
async function priced(deps: CartDeps, items: CartItem[], before: CartItem[] = []): Promise<Pick<ShoppingCart, 'cartItem' | 'cartTotalPrice'>> {
  const { cartItem, cartTotalPrice } = await priceCartItems(items, deps.catalog);
  const known = new Map(allItems(before).map((i) => [i.id, (i['productOffering'] as { id?: string } | undefined)?.id]));
  // An item already in the cart keeps its flag; one the client adds now must be for sale.
  const added = allItems(cartItem as CartItem[]).find((i) => i.unavailable && known.get(i.id) !== (i['productOffering'] as { id?: string } | undefined)?.id);
  if (added) throw new Refusal(RefusalKind.unprocessable, added.unavailable!.code, 'Offering not for sale', `cartItem ${added.id}: ${added.unavailable!.reason}`);
  return { cartItem: cartItem as CartItem[], cartTotalPrice };
}

/** Items the client puts in the cart: priced, and refused now if the order would refuse them. */
async function pricedChange(deps: CartDeps, items: CartItem[], before: CartItem[] = []): Promise<Pick<ShoppingCart, 'cartItem' | 'cartTotalPrice'>> {
  const prices = await priced(deps, items, before);
  await assertOrderable(deps.order.selectFulfilment, prices.cartItem);
  return prices;
}

/** POST shoppingCart: checked, priced from the catalog, stored with its create event; its abandoned-cart process starts. */
export async function createCart(deps: CartDeps, body: unknown, idempotencyKey: string | undefined): Promise<{ cart: ShoppingCart; replayed: boolean }> {
  const input = cartInput(body, 'Create');
  if (idempotencyKey !== undefined && !keyShape.test(idempotencyKey)) throw new Refusal(RefusalKind.invalid, 'INVALID_HEADER', 'Invalid Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  const owner = await cartOwner(deps.customers, input['relatedParty'] as ShoppingCart['relatedParty']);
  const { cartItem, cartTotalPrice } = await pricedChange(deps, normaliseItems(input['cartItem'], deps.maxItems));
  const id = randomUUID();
  const now = new Date();
  const { cartItem: _i, cartTotalPrice: _t, relatedParty: _r, ...rest } = input;
  const cart: ShoppingCart = {
    ...rest,
    id,
    href: deps.carts.href(id),
    cartItem,
    cartTotalPrice,
    ...(owner.relatedParty ? { relatedParty: owner.relatedParty } : {}),
    status: CartStatus.active,
    creationDate: now.toISOString(),
    lastUpdate: now.toISOString(),
    '@type': typeof input['@type'] === 'string' ? input['@type'] : 'ShoppingCart',
  };
  const requestHash = contentHash(body);
  // Who asks is part of the key: one party's key never replays another's cart. Visitors share no
  // identity, so their keys would collide: a visitor's key is not used.
  const principal = currentPrincipal();
  const key = idempotencyKey === undefined || principal?.visitor ? undefined : scopedKey(owner.party ?? principal?.subject ?? 'ordo', idempotencyKey);
  const stored: StoredCart = {
    ...cart,
    _id: id,
    _ordo: {
      revision: 0,
      ...(owner.party ? { party: owner.party } : {}),
      lastActivityAt: now,
      nextItemId: nextItemIdAfter(cartItem),
      reminders: 0,
      checkoutAttempts: 0,
      process: pendingStart(ABANDONED_CART_PROCESS_ID, now),
      ...createIdentity({ idempotencyKey: key, requestHash }),
      ...queuedEvents([cartCreatedEvent(cart)]),
    },
  };
  try {
    await deps.carts.insert(stored);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000 || !key) throw err;
    const earlier = (await deps.carts.collection.findOne(createdWithKey(key))) as StoredCart | null;
    if (!earlier) throw err;
    if (earlier._ordo.requestHash !== requestHash) throw new Refusal(RefusalKind.unprocessable, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key already used for a different request', `ShoppingCart ${earlier.id} was created with this key and another body`);
    return { cart: presentCart(await deps.carts.reachable(earlier._id)), replayed: true };
  }
  deps.start(id);
  return { cart, replayed: false };
}

const assertActive = (cart: StoredCart) => {
  if (cart.status !== CartStatus.active) throw new Refusal(RefusalKind.conflict, 'CART_NOT_ACTIVE', `The cart is ${cart.status}`, cart.status === CartStatus.checkedOut ? `It became order ${cart.productOrder?.id}` : cart.status === CartStatus.expired ? 'It expired; start a new cart' : 'Its checkout is under way');
};

/** The update that records activity on the cart: its process starts the idle wait again. */
export const activity = (now = new Date()) => ({ lastUpdate: now.toISOString(), '_ordo.lastActivityAt': now, '_ordo.signal': { name: CartSignal.activity, at: now, pending: true } });

/**
 * PATCH shoppingCart/{id} (merge patch): items added, changed or removed (cartItem is replaced
 * whole, as merge patch replaces arrays), contact and parties; prices computed again. Numbers held
 * for items or lines that are gone go back to the pool; the rest are held as long as the cart lives.
 */
export async function patchCart(deps: CartDeps, id: string, body: unknown): Promise<ShoppingCart> {
  const patch = cartInput(body, 'Update');
  const result = await deps.carts.change(id, async (current) => {
    assertActive(current);
    const merged = mergePatch(presentCart(current), patch) as ShoppingCart;
    const owner = await cartOwner(deps.customers, merged.relatedParty, current);
    const highWater = nextItemIdAfter(current.cartItem, current._ordo.nextItemId);
    // Priced again on every change (the catalog may have changed); a change that leaves the items
    // alone keeps their last prices when the catalog cannot price them now.
    const prices = 'cartItem' in patch
      ? await pricedChange(deps, normaliseItems(merged.cartItem, deps.maxItems, highWater), current.cartItem)
      : await priced(deps, current.cartItem, current.cartItem).catch(() => ({ cartItem: current.cartItem, cartTotalPrice: current.cartTotalPrice }));
    const now = new Date();
    const { relatedParty: _r, ...unowned } = merged;
    const next: ShoppingCart = { ...unowned, ...prices, ...(owner.relatedParty ? { relatedParty: owner.relatedParty } : {}), lastUpdate: now.toISOString() };
    const changed = changedAttributes(presentCart(current), next);
    const { id: _id, href: _h, ...settable } = next;
    const removed = Object.keys(presentCart(current)).filter((k) => !(k in next));
    const update = withEvents(
      {
        $set: { ...settable, ...activity(now), '_ordo.nextItemId': nextItemIdAfter(next.cartItem, highWater), ...(owner.party ? { '_ordo.party': owner.party } : {}) },
        ...(removed.length ? { $unset: Object.fromEntries(removed.map((k) => [k, ''])) } : {}),
      },
      changed.length ? [cartChangedEvent(next, changed)] : [],
    );
    return { update, result: next };
  });
  await settleHolds(deps, id);
  deps.signal(id);
  return result;
}

/** An anonymous cart's numbers are held this long past its last use; a customer's as long as an idle cart lives. */
const ANONYMOUS_HOLD_MS = 3_600_000;

/** Until when a cart's numbers are held, from now. */
export const holdsUntil = (deps: Pick<CartDeps, 'idleLifetimeMs'>, cart: { _ordo: { party?: string } }): Date =>
  new Date(Date.now() + (cart._ordo.party ? deps.idleLifetimeMs : Math.min(deps.idleLifetimeMs, ANONYMOUS_HOLD_MS)));

/** The cart's holds live on from now; once the cart is a customer's, they count among that customer's holds. */
export const renewHolds = (deps: Pick<CartDeps, 'resources' | 'idleLifetimeMs'>, id: string, cart: { _ordo: { party?: string } }) =>
  renewCartHolds(deps.resources, id, holdsUntil(deps, cart), cart._ordo.party ? partyCustomerKey(cart._ordo.party) : undefined);

/**
 * Holds of lines no longer in the cart (as it is stored now) are released: an item removed, fewer
 * units, an offering that takes fewer numbers. The others live on, and so do the holds of an item
 * the catalog cannot judge now (it is down, or the offering was retired meanwhile).
 */
async function settleHolds(deps: CartDeps, id: string): Promise<void> {
  const cart = await deps.carts.findStored(id);
  if (!cart) return;
  const items = new Map(allItems(cart.cartItem).map((i) => [i.id, i]));
  const lines = new Map<string, Promise<number | undefined>>();
  const linesOf = (item: CartItem) => lines.get(item.id) ?? lines.set(item.id, numberLinesOf(deps, item).then((units) => units.length, () => undefined)).get(item.id)!;
  for (const hold of await cartHolds(deps.resources, cart.id)) {
    const item = items.get(hold.itemId);
    const taken = item && (await linesOf(item));
    if (item === undefined || (taken !== undefined && hold.line > taken)) await releaseCartHolds(deps.resources, cart.id, `cart item ${hold.itemId} line ${hold.line} removed`, { itemId: hold.itemId, line: hold.line });
  }
  await renewHolds(deps, cart.id, cart);
}

/** DELETE shoppingCart/{id}: a tombstone until its delete event is out; its numbers go back; its process ends. */
export async function deleteCart(deps: CartDeps, id: string): Promise<void> {
  await deps.carts.change(id, (current) => {
    if (current.status === CartStatus.checkingOut) throw new Refusal(RefusalKind.conflict, 'CART_NOT_ACTIVE', 'The cart is being checked out', 'Wait for the checkout to finish');
    const now = new Date();
    return { update: withEvents({ $set: { '_ordo.deletedAt': now, '_ordo.signal': { name: CartSignal.closed, at: now, pending: true } } }, [cartDeletedEvent(presentCart(current))]), result: undefined };
  });
  await releaseCartHolds(deps.resources, id, 'cart deleted');
  deps.signal(id);
}

/** Any other use of the cart (a number held or swapped): its idle wait starts again, its holds live on; a signed-in customer takes an anonymous cart. */
export async function touchCart(deps: CartDeps, id: string): Promise<void> {
  const party = await deps.carts.change(id, async (current) => {
    assertActive(current);
    const owner = current._ordo.party ? undefined : await cartOwner(deps.customers, current.relatedParty, current);
    const binds = owner?.party ? { '_ordo.party': owner.party, ...(owner.relatedParty ? { relatedParty: owner.relatedParty } : {}) } : {};
    const next = { ...presentCart(current), ...(owner?.relatedParty ? { relatedParty: owner.relatedParty } : {}) };
    return { update: withEvents({ $set: { ...activity(), ...binds } }, owner?.party ? [cartChangedEvent(next, ['relatedParty'])] : []), result: current._ordo.party ?? owner?.party };
  });
  await renewHolds(deps, id, { _ordo: { ...(party ? { party } : {}) } });
  deps.signal(id);
}

export { assertActive };
