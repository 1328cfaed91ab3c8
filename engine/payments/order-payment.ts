import type { ProductOrderItem } from '../orders/product-order.js';
import { MoneyError, sumAmounts, toMinor, type Amount } from './money.js';
import type { PaymentMethodType } from './payment-provider.js';
import { Refusal, RefusalKind } from '../outcomes.js';

/**
 * How an order is paid at checkout: the order's `payment` names the method the shop's payment form
 * produced, as a PaymentRef whose `id` is the provider's token and whose `@referredType` is the
 * method type. Orders without one are billed later; nothing is collected for them.
 */
export const paymentMethodTypes: Record<string, PaymentMethodType> = {
  BankCard: 'card',
  PayPal: 'paypal',
  ApplePay: 'apple_pay',
  GooglePay: 'google_pay',
};

export interface PaymentMethod {
  /** As the order names it (`@referredType`), e.g. BankCard. */
  referredType: string;
  provider: PaymentMethodType;
  token: string;
}

interface PricedOrder {
  payment?: unknown;
  productOrderItem: ProductOrderItem[];
}

const invalid = (detail: string) => new Refusal(RefusalKind.unprocessable, 'INVALID_PAYMENT', 'The order cannot be paid as given', detail);

/** The order's payment method, or undefined when it names none; refused (unprocessable) for one Ordo cannot take. */
export function paymentMethodOf(order: object): PaymentMethod | undefined {
  const refs = (order as { payment?: unknown }).payment;
  if (refs === undefined || (Array.isArray(refs) && refs.length === 0)) return undefined;
  if (!Array.isArray(refs)) throw invalid('payment must be an array of PaymentRef');
  if (refs.length > 1) throw invalid('payment: one payment method per order');
  const ref = refs[0] as Record<string, unknown>;
  const referredType = ref['@referredType'];
  // A TMF676 payment already taken (a shopping cart's checkout): nothing is left to collect.
  if (referredType === 'Payment') return undefined;
  const supported = Object.keys(paymentMethodTypes).join(', ');
  if (typeof referredType !== 'string') throw invalid(`payment/0: @referredType must name the payment method (${supported})`);
  const provider = paymentMethodTypes[referredType];
  if (!provider) throw invalid(`payment/0: payment method ${JSON.stringify(referredType)} is not accepted (accepted: ${supported})`);
  if (typeof ref['id'] !== 'string' || ref['id'].trim() === '') throw invalid("payment/0: id must be the payment provider's token for the method");
  return { referredType, provider, token: ref['id'] };
}

/** `priceType` spelled oneTime, one-time or One Time: charged once, at checkout. */
export const isOneTime = (price: { priceType?: unknown }) => String(price['priceType'] ?? '').toLowerCase().replace(/[^a-z]/g, '') === 'onetime';

/**
 * What the item costs at checkout, tax included: its one-time `itemTotalPrice`, or else its
 * one-time `itemPrice` times `quantity`. Recurring and usage charges are billed, not collected.
 * Undefined when the item has no one-time price.
 */
export function itemCheckoutAmount(item: ProductOrderItem, at = `item ${item.id}`): Amount | undefined {
  const totals = Array.isArray(item['itemTotalPrice']) ? (item['itemTotalPrice'] as Record<string, unknown>[]) : [];
  const unitPrices = Array.isArray(item['itemPrice']) ? (item['itemPrice'] as Record<string, unknown>[]) : [];
  const [source, name, times] = totals.length > 0 ? [totals, 'itemTotalPrice', 1] : [unitPrices, 'itemPrice', typeof item['quantity'] === 'number' ? item['quantity'] : 1];
  if (!Number.isInteger(times) || times < 1) throw invalid(`${at}: quantity must be a positive whole number to be paid`);
  const amounts: Amount[] = [];
  source.forEach((price, i) => {
    if (!isOneTime(price)) return;
    const p = (price['price'] ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const money = p['taxIncludedAmount'] ?? p['dutyFreeAmount'];
    if (!money) throw invalid(`${at} ${name}/${i}: a one-time price needs price.taxIncludedAmount (or dutyFreeAmount)`);
    const currency = String(money['unit'] ?? '');
    try {
      amounts.push({ currency, minor: toMinor(money['value'], currency) * times });
    } catch (err) {
      if (err instanceof MoneyError) throw invalid(`${at} ${name}/${i}: ${err.message}`);
      throw err;
    }
  });
  if (amounts.length === 0) return undefined;
  try {
    return sumAmounts(amounts[0]!.currency, amounts);
  } catch (err) {
    throw invalid(`${at}: ${(err as Error).message}`);
  }
}

/** Every item at any depth, with the id of the item it is nested in. */
function flatItems(items: readonly ProductOrderItem[], parentId?: string): { item: ProductOrderItem; parentId?: string }[] {
  return items.flatMap((item) => [
    { item, ...(parentId !== undefined ? { parentId } : {}) },
    ...(Array.isArray(item['productOrderItem']) ? flatItems(item['productOrderItem'] as ProductOrderItem[], item.id) : []),
  ]);
}

/**
 * Checked when an order is placed or its payment patched: a named method must be one Ordo takes,
 * and every one-time price it would collect must be an exact amount in one known currency.
 */
export function assertPayable(order: PricedOrder, providerConfigured: boolean): void {
  // Only a cart's checkout names a payment it took (placeOrder's paidAtCheckout); a client cannot claim one.
  const refs = Array.isArray(order.payment) ? (order.payment as Record<string, unknown>[]) : [];
  if (refs.some((ref) => ref?.['@referredType'] === 'Payment')) throw invalid('payment: a reference to a TMF676 Payment is set by a shopping cart\'s checkout only; name the payment method (e.g. @referredType BankCard, id: the provider\'s token)');
  if (!paymentMethodOf(order)) return;
  if (!providerConfigured) throw invalid('this Ordo takes no payments at checkout (no payment provider is configured): leave payment out, the order is billed');
  const amounts = flatItems(order.productOrderItem).flatMap(({ item }) => itemCheckoutAmount(item) ?? []);
  const currencies = [...new Set(amounts.map((a) => a.currency))];
  if (currencies.length > 1) throw invalid(`one-time prices in several currencies (${currencies.join(', ')}): one payment takes one currency`);
}

/**
 * How a payment taken for the whole order at checkout divides among its fulfilment units, for
 * refunds: each item's one-time amount is split evenly (in minor units, the remainder to the first)
 * over the units that fulfil it or its nested items, so a unit that fails gets back what it cost.
 */
export function checkoutShares(order: PricedOrder, units: readonly { unitId: string; itemId: string }[]): Map<string, Amount> {
  const all = flatItems(order.productOrderItem);
  const parentOf = new Map(all.map(({ item, parentId }) => [item.id, parentId]));
  const covers = (itemId: string, unitItemId: string): boolean => unitItemId === itemId || (parentOf.get(unitItemId) !== undefined && covers(itemId, parentOf.get(unitItemId)!));
  const shares = new Map<string, Amount>();
  for (const { item } of all) {
    const amount = itemCheckoutAmount(item);
    const fulfilling = units.filter((u) => covers(item.id, u.itemId));
    if (!amount || amount.minor <= 0 || fulfilling.length === 0) continue;
    const each = Math.floor(amount.minor / fulfilling.length);
    fulfilling.forEach((u, i) => {
      const minor = each + (i < amount.minor - each * fulfilling.length ? 1 : 0);
      const before = shares.get(u.unitId)?.minor ?? 0;
      shares.set(u.unitId, { currency: amount.currency, minor: before + minor });
    });
  }
  return shares;
}

export interface UnitPayment {
  /** The items whose one-time price this unit collects (with their amounts). */
  items: { itemId: string; amount: Amount }[];
  total: Amount;
}

/**
 * What one fulfilment unit collects. Each item's price is collected once, by the first unit that
 * fulfils it or one of its nested items; a bundle's other parts collect nothing. Undefined when
 * the unit has nothing to collect.
 */
export function unitPayment(order: PricedOrder, units: readonly { unitId: string; itemId: string }[], unitId: string): UnitPayment | undefined {
  const all = flatItems(order.productOrderItem);
  const parentOf = new Map(all.map(({ item, parentId }) => [item.id, parentId]));
  const ancestors = (itemId: string): string[] => {
    const parent = parentOf.get(itemId);
    return parent === undefined ? [itemId] : [itemId, ...ancestors(parent)];
  };
  const payer = new Map<string, string>();
  for (const unit of units) for (const itemId of ancestors(unit.itemId)) if (!payer.has(itemId)) payer.set(itemId, unit.unitId);
  const items = all.flatMap(({ item }) => {
    if (payer.get(item.id) !== unitId) return [];
    const amount = itemCheckoutAmount(item);
    return amount && amount.minor > 0 ? [{ itemId: item.id, amount }] : [];
  });
  if (items.length === 0) return undefined;
  return { items, total: sumAmounts(items[0]!.amount.currency, items.map((i) => i.amount)) };
}
