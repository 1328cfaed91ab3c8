import { isOneTime } from '../payments/order-payment.js';
import { isNoLongerSold, isWithin, type ProductOffering, type ProductOfferingPrice } from '../catalog/catalog-entities.js';
import { CatalogUnavailableError } from '../catalog/catalog-source.js';
import { chargeOf, percentOf, taxOn } from '../catalog/offering-price.js';
import { MoneyError, sumAmounts, toMinor, toTmfMoney, type Amount } from '../payments/money.js';
import { Refusal, RefusalKind } from '../outcomes.js';

/** Where pricing reads the catalog; any CatalogSource will do. */
export interface PriceLookup {
  getOffering(id: string): Promise<ProductOffering | null>;
  getOfferingPrice(id: string): Promise<ProductOfferingPrice | null>;
}

export interface TmfMoney {
  unit: string;
  value: number;
}

/** A TMF663 CartPrice as Ordo computes it (a type, not an interface, so it is also a Record<string, unknown>). */
export type CartPrice = {
  name?: string;
  /** `oneTime`, `recurring`, … as the catalog's price says. */
  priceType: string;
  /** Of recurring prices: e.g. `month`. */
  recurringChargePeriod?: string;
  /** `taxRate` in percent; on a total only when every price in it has the same rate. */
  price: { dutyFreeAmount: TmfMoney; taxIncludedAmount: TmfMoney; taxRate?: number };
  productOfferingPrice?: { id: string; href?: string; name?: string };
};

export interface PricedItems {
  cartItem: Record<string, unknown>[];
  cartTotalPrice: CartPrice[];
}

/** Why an item cannot be bought now: it stays in the cart, out of the totals. */
export interface ItemUnavailable {
  code: 'OFFERING_RETIRED' | 'OFFERING_NOT_SELLABLE';
  reason: string;
}

const MAX_QUANTITY = 99;

type Item = Record<string, unknown>;
type Located = { item: Item; path: string };

/** One catalog price of one unit, exact. */
interface PriceLine {
  price: ProductOfferingPrice;
  dutyFree: Amount;
  taxIncluded: Amount;
  taxRateMillionths: number;
}

interface Total {
  priceType: string;
  period: string | undefined;
  dutyFree: Amount[];
  taxIncluded: Amount[];
  rates: Set<number>;
}

const locate = (items: readonly unknown[], path: string): Located[] =>
  items.flatMap((item, i) => {
    const nested = (item as Item)['cartItem'];
    return [{ item: item as Item, path: `${path}/${i}` }, ...(Array.isArray(nested) ? locate(nested, `${path}/${i}/cartItem`) : [])];
  });

const offeringIdOf = (item: Item): string | undefined => {
  const id = (item['productOffering'] as Item | undefined)?.['id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
};

/** Only an item that adds a product is charged here; a change or a disconnect is billing's business. */
const adds = (item: Item) => (item['action'] ?? 'add') === 'add';

function assertPriceable({ item, path }: Located): void {
  const quantity = item['quantity'] === undefined ? 1 : item['quantity'];
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid quantity', `${path}/quantity: a whole number from 1 to ${MAX_QUANTITY}`);
  }
  if (!offeringIdOf(item)) throw new Refusal(RefusalKind.unprocessable, 'MISSING_OFFERING', 'Item names no product offering', `${path}/productOffering/id: every cart item names the product offering it buys`);
}

/** Each id asked of the catalog once, all at the same time. */
async function fetchAll<T>(ids: Iterable<string>, get: (id: string) => Promise<T | null>): Promise<Map<string, T | null>> {
  const unique = [...new Set(ids)];
  try {
    const found = await Promise.all(unique.map(get));
    return new Map(unique.map((id, i) => [id, found[i] ?? null]));
  } catch (err) {
    if (err instanceof CatalogUnavailableError) throw new Refusal(RefusalKind.unavailable, 'CATALOG_UNAVAILABLE', 'The product catalog is unavailable', err.message);
    throw err;
  }
}

function unavailability(offering: ProductOffering, now: Date): ItemUnavailable | undefined {
  const named = `${offering.name ?? offering.id} (${offering.id})`;
  if (isNoLongerSold(offering)) return { code: 'OFFERING_RETIRED', reason: `${named} is ${offering.lifecycleStatus} and can no longer be bought` };
  const { startDateTime, endDateTime } = offering.validFor ?? {};
  if (!isWithin(offering.validFor, now)) {
    return endDateTime && Date.parse(endDateTime) < now.getTime()
      ? { code: 'OFFERING_RETIRED', reason: `${named} was sold until ${endDateTime}` }
      : { code: 'OFFERING_NOT_SELLABLE', reason: `${named} is sold from ${startDateTime}` };
  }
  if (offering.isSellable === false) return { code: 'OFFERING_NOT_SELLABLE', reason: `${named} is sold only within a bundle` };
  return undefined;
}

function times(amount: Amount, quantity: number): Amount {
  const minor = amount.minor * quantity;
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`${quantity} times ${amount.minor} ${amount.currency} minor units is too large`);
  return { currency: amount.currency, minor };
}

function cartPrice(line: PriceLine, quantity: number): CartPrice {
  const { price } = line;
  return {
    ...(price.name !== undefined ? { name: price.name } : {}),
    priceType: String(price.priceType),
    ...(price.recurringChargePeriodType !== undefined ? { recurringChargePeriod: price.recurringChargePeriodType } : {}),
    price: { dutyFreeAmount: toTmfMoney(times(line.dutyFree, quantity)), taxIncludedAmount: toTmfMoney(times(line.taxIncluded, quantity)), taxRate: percentOf(line.taxRateMillionths) },
    productOfferingPrice: { id: price.id, ...(typeof price['href'] === 'string' ? { href: price['href'] } : {}), ...(price.name !== undefined ? { name: price.name } : {}) },
  };
}

function totalPrice(total: Total): CartPrice {
  const currency = total.dutyFree[0]!.currency;
  const [rate] = total.rates;
  return {
    name: total.priceType === 'oneTime' ? 'One-time total' : total.period ? `Total per ${total.period}` : `Total ${total.priceType}`,
    priceType: total.priceType,
    ...(total.period !== undefined ? { recurringChargePeriod: total.period } : {}),
    price: {
      dutyFreeAmount: toTmfMoney(sumAmounts(currency, total.dutyFree)),
      taxIncludedAmount: toTmfMoney(sumAmounts(currency, total.taxIncluded)),
      ...(total.rates.size === 1 ? { taxRate: percentOf(rate!) } : {}),
    },
  };
}

/**
 * The cart's items (nested ones too) with the catalog's prices in `itemPrice` (one CartPrice per
 * price of the item's offering valid at `now`) and `ItemTotalPrice` (those times `quantity`),
 * whatever the client sent, and the cart's totals: one per price type, period and currency, over
 * the items that count. An item counts when it, and every item it sits in, is `active` (not
 * `saveForLater`) and can be bought; one that cannot is flagged `unavailable` and priced at nothing.
 * Tax is rounded half up per price of one unit. Refuses an item without a known offering, a
 * quantity not from 1 to 99, and a cart priced in more than one currency.
 */
export async function priceCartItems(items: readonly Record<string, unknown>[], catalog: PriceLookup, now: Date = new Date()): Promise<PricedItems> {
  const located = locate(items, '/cartItem');
  located.forEach(assertPriceable);
  const offerings = await fetchAll(located.map(({ item }) => offeringIdOf(item)!), (id) => catalog.getOffering(id));
  for (const { item, path } of located) {
    const id = offeringIdOf(item)!;
    if (!offerings.get(id)) throw new Refusal(RefusalKind.unprocessable, 'UNKNOWN_OFFERING', 'Unknown product offering', `${path}/productOffering/id: product offering ${id} is not in the catalog`);
  }
  const offeringOf = (item: Item) => offerings.get(offeringIdOf(item)!)!;
  const charged = located.filter(({ item }) => adds(item) && !unavailability(offeringOf(item), now));
  const prices = await fetchAll(charged.flatMap(({ item }) => (offeringOf(item).productOfferingPrice ?? []).map((ref) => ref.id)), (id) => catalog.getOfferingPrice(id));

  const linesOf = (offering: ProductOffering): PriceLine[] =>
    (offering.productOfferingPrice ?? []).flatMap((ref) => {
      const price = prices.get(ref.id);
      if (!price) throw new Refusal(RefusalKind.unavailable, 'CATALOG_UNAVAILABLE', 'The product catalog is unavailable', `product offering ${offering.id} names productOfferingPrice ${ref.id}, which the catalog does not have`);
      const charge = isWithin(price.validFor, now) && !isNoLongerSold(price) ? chargeOf(price) : undefined;
      return charge ? [{ price, dutyFree: charge.dutyFree, taxIncluded: sumAmounts(charge.dutyFree.currency, [charge.dutyFree, taxOn(charge.dutyFree, charge.taxRateMillionths)]), taxRateMillionths: charge.taxRateMillionths }] : [];
    });

  let cartCurrency: { currency: string; path: string } | undefined;
  const totals = new Map<string, Total>();
  const priceItem = (item: Item, path: string, inCountedItem: boolean): Item => {
    const { itemPrice: _price, ItemTotalPrice: _total, unavailable: _flag, ...rest } = item;
    const offering = offeringOf(item);
    const unavailable = adds(item) ? unavailability(offering, now) : undefined;
    const lines = adds(item) && !unavailable ? linesOf(offering) : [];
    const quantity = (item['quantity'] as number | undefined) ?? 1;
    const counts = inCountedItem && item['status'] !== 'saveForLater' && !unavailable;
    for (const line of lines) {
      const { currency } = line.dutyFree;
      cartCurrency ??= { currency, path };
      if (currency !== cartCurrency.currency) throw new Refusal(RefusalKind.unprocessable, 'MIXED_CURRENCIES', 'One cart, one currency', `${path} is priced in ${currency}, ${cartCurrency.path} in ${cartCurrency.currency}`);
      if (!counts) continue;
      const priceType = String(line.price.priceType);
      const period = line.price.recurringChargePeriodType;
      const key = JSON.stringify([priceType, period, currency]);
      const total = totals.get(key) ?? { priceType, period, dutyFree: [], taxIncluded: [], rates: new Set() };
      total.dutyFree.push(times(line.dutyFree, quantity));
      total.taxIncluded.push(times(line.taxIncluded, quantity));
      total.rates.add(line.taxRateMillionths);
      totals.set(key, total);
    }
    const nested = Array.isArray(item['cartItem']) ? { cartItem: (item['cartItem'] as Item[]).map((n, i) => priceItem(n, `${path}/cartItem/${i}`, counts)) } : {};
    return { ...rest, ...nested, ...(unavailable ? { unavailable } : {}), itemPrice: lines.map((l) => cartPrice(l, 1)), ItemTotalPrice: lines.map((l) => cartPrice(l, quantity)) };
  };
  const cartItem = items.map((item, i) => priceItem(item, `/cartItem/${i}`, true));
  return { cartItem, cartTotalPrice: [...totals.values()].map(totalPrice) };
}

/** The tax-included one-time total, to charge at checkout; undefined when there is nothing to charge once. */
export function oneTimeTotal(cartTotalPrice: readonly CartPrice[]): Amount | undefined {
  // Spelled oneTime, one-time or One Time: the same charge (as payment at fulfilment reads it).
  const once = cartTotalPrice.filter(isOneTime);
  if (once.length === 0) return undefined;
  const currency = once[0]!.price.taxIncludedAmount.unit;
  const amount = sumAmounts(currency, once.map((p) => ({ currency: p.price.taxIncludedAmount.unit, minor: toMinor(p.price.taxIncludedAmount.value, p.price.taxIncludedAmount.unit) })));
  return amount.minor > 0 ? amount : undefined;
}
