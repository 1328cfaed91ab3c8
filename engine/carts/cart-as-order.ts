import type { CatalogSource } from '../catalog/catalog-source.js';
import type { OrderItemRef } from '../catalog/select-processes.js';
import { fulfilmentUnits, type FulfilmentUnit } from '../orders/fulfilment.js';
import type { PlaceOrderDeps } from '../orders/place-order.js';
import type { CartItem, ShoppingCart } from './cart.js';

/** How the order's catalog selection is asked. */
export type SelectFulfilment = PlaceOrderDeps['selectFulfilment'];

/** The items a checkout orders: all but those saved for later. */
export const orderedItems = (cart: Pick<ShoppingCart, 'cartItem'>) => cart.cartItem.filter((i) => i.status !== 'saveForLater');

/** A cart item as a TMF622 order item: what was chosen, with the prices the cart showed. */
export function orderItem(item: CartItem): Record<string, unknown> {
  const { id, action, quantity, productOffering, product, itemPrice, ItemTotalPrice, cartItem, itemTerm: _t, note: _n, status: _s, unavailable: _u, cartItemRelationship: _r, ...rest } = item as Record<string, unknown>;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith('@') && k !== '@type')),
    id,
    action: action ?? 'add',
    quantity,
    productOffering,
    ...(product ? { product } : {}),
    ...(Array.isArray(itemPrice) ? { itemPrice } : {}),
    ...(Array.isArray(ItemTotalPrice) ? { itemTotalPrice: ItemTotalPrice } : {}),
    ...(Array.isArray(cartItem) && cartItem.length ? { productOrderItem: (cartItem as CartItem[]).filter((c) => c.status !== 'saveForLater').map(orderItem) } : {}),
  };
}

/** The fulfilment units an order of these items would have: refused (422) as placing the order would refuse it. */
export async function unitsOf(select: SelectFulfilment, items: readonly CartItem[]): Promise<FulfilmentUnit[]> {
  return fulfilmentUnits(await select(items.map(orderItem) as unknown as OrderItemRef[]));
}

/** The items without those flagged unavailable (and what they hold): the checkout names those. */
const withoutUnavailable = (items: readonly CartItem[]): CartItem[] =>
  items.filter((i) => !i.unavailable).map((i) => (Array.isArray(i.cartItem) ? { ...i, cartItem: withoutUnavailable(i.cartItem) } : i));

/**
 * What the order would refuse of the cart's items is refused when they are put in the cart, not at
 * checkout: more units than the product specification's maxQuantity, several units of an item with
 * nested items, an offering no process fulfils. Saved-for-later items count: they may be ordered later.
 */
export async function assertOrderable(select: SelectFulfilment, items: readonly CartItem[]): Promise<void> {
  const orderable = withoutUnavailable(items);
  if (orderable.length > 0) await unitsOf(select, orderable);
}

/**
 * The units that take a phone number (their product specification names an MSISDN resource), in
 * order: a cart's hold for line n of an item is the n-th of that item's. A plain mobile item of
 * quantity 2 has two; a bundle with one mobile part has one per unit of the bundle.
 */
export async function numberUnits(catalog: Pick<CatalogSource, 'getProductSpecification'>, units: readonly FulfilmentUnit[]): Promise<FulfilmentUnit[]> {
  const specIds = [...new Set(units.map((u) => u.productSpecificationId))];
  const specs = await Promise.all(specIds.map((id) => catalog.getProductSpecification(id)));
  const takesNumber = new Set(specIds.filter((_, i) => (specs[i]?.resourceSpecification ?? []).some((r) => /msisdn/i.test(`${r.id} ${r.name ?? ''}`))));
  return units.filter((u) => takesNumber.has(u.productSpecificationId));
}

/** The units of one item that take a phone number: its lines. */
export async function numberLinesOf(deps: { catalog: Pick<CatalogSource, 'getProductSpecification'>; order: { selectFulfilment: SelectFulfilment } }, item: CartItem): Promise<FulfilmentUnit[]> {
  const units = await unitsOf(deps.order.selectFulfilment, [item]);
  return numberUnits(deps.catalog, units.filter((u) => u.itemId === item.id));
}
