import { expect } from 'chai';
import type { CatalogDump, ProductOffering, ProductOfferingPrice } from '../engine/catalog/catalog-entities.js';
import { CatalogUnavailableError, InMemoryCatalog } from '../engine/catalog/catalog-source.js';
import { oneTimeTotal, priceCartItems, type CartPrice, type PriceLookup } from '../engine/carts/cart-pricing.js';
import { Refusal, RefusalKind } from '../engine/outcomes.js';
import { defaultCatalog } from './support/catalog.js';
import { rejection } from './support/rejection.js';

type Item = Record<string, unknown>;
const now = new Date('2026-06-01T12:00:00Z');
const vat = (taxRate = 8.1) => [{ taxCategory: 'VAT', taxRate }];
const price = (id: string, value: number, extra: Partial<ProductOfferingPrice> = {}): ProductOfferingPrice => ({ id, name: id, lifecycleStatus: 'Launched', priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: { unit: 'CHF', value }, tax: vat(), ...extra });
const offering = (id: string, priceIds: string[], extra: Partial<ProductOffering> = {}): ProductOffering => ({ id, name: `Offering ${id}`, lifecycleStatus: 'Launched', isSellable: true, productSpecification: { id: 'broadband' }, productOfferingPrice: priceIds.map((p) => ({ id: p })), ...extra });
const item = (id: string, offeringId: string, extra: Item = {}): Item => ({ id, action: 'add', productOffering: { id: offeringId }, ...extra });
const money = (value: number) => ({ unit: 'CHF', value });

/** The shipped catalog, plus whatever offerings and prices a test needs. */
function catalogWith(offerings: ProductOffering[] = [], prices: ProductOfferingPrice[] = []): InMemoryCatalog {
  const dump: CatalogDump = defaultCatalog();
  dump.productOffering.push(...offerings);
  dump.productOfferingPrice.push(...prices);
  return new InMemoryCatalog(dump);
}

const totalsOf = (totals: CartPrice[]) => totals.map((t) => `${t.priceType}${t.recurringChargePeriod ? `/${t.recurringChargePeriod}` : ''}: ${t.price.dutyFreeAmount.value} + tax = ${t.price.taxIncludedAmount.value} ${t.price.taxIncludedAmount.unit}`);

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const err = await rejection(promise);
  expect(err).to.be.instanceOf(Refusal);
  return err as Refusal;
}

describe('engine/carts/cart-pricing: cart items priced from the catalog', () => {
  it('rounds tax half up per price of one unit, then multiplies by the quantity, exactly', async () => {
    const catalog = catalogWith([offering('box', ['box-fee']), offering('cent', ['half-cent']), offering('two-taxes', ['split'])], [
      price('box-fee', 19.95),
      price('half-cent', 0.5, { tax: vat(5) }),
      price('split', 10, { tax: [{ taxCategory: 'VAT', taxRate: 7.7 }, { taxCategory: 'levy', taxRate: 0.4 }] }),
    ]);
    const { cartItem } = await priceCartItems([item('1', 'box', { quantity: 3 }), item('2', 'cent'), item('3', 'two-taxes')], catalog, now);
    // 19.95 * 8.1 % = 1.61595, so 1.62 a unit: 3 units pay 64.71, not 59.85 * 1.081 = 64.69785.
    expect(cartItem[0]!['itemPrice']).to.deep.equal([{ name: 'box-fee', priceType: 'recurring', recurringChargePeriod: 'month', price: { dutyFreeAmount: money(19.95), taxIncludedAmount: money(21.57), taxRate: 8.1 }, productOfferingPrice: { id: 'box-fee', name: 'box-fee' } }]);
    expect((cartItem[0]!['ItemTotalPrice'] as CartPrice[])[0]!.price).to.deep.equal({ dutyFreeAmount: money(59.85), taxIncludedAmount: money(64.71), taxRate: 8.1 });
    // Half a cent of tax rounds up.
    expect((cartItem[1]!['itemPrice'] as CartPrice[])[0]!.price.taxIncludedAmount).to.deep.equal(money(0.53));
    // 7.7 + 0.4 is 8.100000000000001 in binary floating point; the rate stays 8.1.
    expect((cartItem[2]!['itemPrice'] as CartPrice[])[0]!.price).to.deep.equal({ dutyFreeAmount: money(10), taxIncludedAmount: money(10.81), taxRate: 8.1 });
  });

  it('totals one-time and recurring prices apart, over quantities, from the shipped catalog', async () => {
    const { cartItem, cartTotalPrice } = await priceCartItems([item('1', 'mobile-basic', { quantity: 2 }), item('2', 'fibre-1000'), item('3', 'home-and-mobile')], catalogWith(), now);
    const taxIncluded = (i: number, field = 'itemPrice') => (cartItem[i]![field] as CartPrice[]).map((p) => `${p.productOfferingPrice?.id} ${p.price.taxIncludedAmount.value}`);
    expect(taxIncluded(0)).to.deep.equal(['mobile-basic-monthly 29.9', 'sim-activation 40']);
    expect(taxIncluded(0, 'ItemTotalPrice')).to.deep.equal(['mobile-basic-monthly 59.8', 'sim-activation 80']);
    expect(taxIncluded(1)).to.deep.equal(['fibre-1000-monthly 69.9', 'router-fee 99']);
    expect(taxIncluded(2), 'the bundle has its own prices, not its offerings\'').to.deep.equal(['home-and-mobile-monthly 119.9', 'home-and-mobile-activation 49']);
    expect(totalsOf(cartTotalPrice)).to.deep.equal(['recurring/month: 230.9 + tax = 249.6 CHF', 'oneTime: 210.91 + tax = 228 CHF']);
    expect(cartTotalPrice[1]).to.deep.include({ name: 'One-time total' });
    expect(cartTotalPrice[1]!.price.taxRate).to.equal(8.1);
    expect(oneTimeTotal(cartTotalPrice)).to.deep.equal({ currency: 'CHF', minor: 22800 });
  });

  it('prices nested items on their own offering and leaves saved-for-later items, and what they hold, out of the totals', async () => {
    const items = [
      item('1', 'home-and-mobile', { cartItem: [item('1.1', 'mobile-basic')] }),
      item('2', 'fibre-500', { status: 'saveForLater', cartItem: [item('2.1', 'mobile-unlimited')] }),
      item('3', 'mobile-unlimited', { status: 'saveForLater' }),
    ];
    const { cartItem, cartTotalPrice } = await priceCartItems(items, catalogWith(), now);
    const nested = (cartItem[0]!['cartItem'] as Item[])[0]!;
    expect((nested['itemPrice'] as CartPrice[]).map((p) => p.productOfferingPrice?.id)).to.deep.equal(['mobile-basic-monthly', 'sim-activation']);
    expect((cartItem[1]!['itemPrice'] as CartPrice[]).length, 'a saved item still shows its prices').to.equal(2);
    expect(totalsOf(cartTotalPrice)).to.deep.equal(['recurring/month: 138.58 + tax = 149.8 CHF', 'oneTime: 82.33 + tax = 89 CHF']);
  });

  it('flags an offering that can no longer, or not yet, or not alone be bought, prices it at nothing, and drops a flag that no longer holds', async () => {
    const catalog = catalogWith([
      offering('ended', ['box-fee'], { validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' } }),
      offering('coming', ['box-fee'], { validFor: { startDateTime: '2027-01-01T00:00:00Z' } }),
      offering('obsolete', ['box-fee'], { lifecycleStatus: 'obsolete' }),
    ], [price('box-fee', 10)]);
    const stale = { code: 'OFFERING_RETIRED', reason: 'was retired' };
    const items = [item('1', 'mobile-classic-2019'), item('2', 'ended'), item('3', 'coming'), item('4', 'obsolete'), item('5', 'fibre-500', { unavailable: stale }), item('6', 'mobile-classic-2019', { action: 'delete' })];
    const dump = defaultCatalog();
    dump.productOffering.find((o) => o.id === 'mobile-unlimited')!.isSellable = false;
    const { cartItem, cartTotalPrice } = await priceCartItems(items, catalog, now);
    expect(cartItem.map((i) => i['unavailable'])).to.deep.equal([
      { code: 'OFFERING_RETIRED', reason: 'Mobile Classic (2019) (mobile-classic-2019) is Retired and can no longer be bought' },
      { code: 'OFFERING_RETIRED', reason: 'Offering ended (ended) was sold until 2026-01-01T00:00:00Z' },
      { code: 'OFFERING_NOT_SELLABLE', reason: 'Offering coming (coming) is sold from 2027-01-01T00:00:00Z' },
      { code: 'OFFERING_RETIRED', reason: 'Offering obsolete (obsolete) is obsolete and can no longer be bought' },
      undefined,
      undefined,
    ]);
    expect(cartItem.map((i) => (i['itemPrice'] as CartPrice[]).length)).to.deep.equal([0, 0, 0, 0, 2, 0]);
    expect(totalsOf(cartTotalPrice)).to.deep.equal(['recurring/month: 46.16 + tax = 49.9 CHF', 'oneTime: 91.58 + tax = 99 CHF']);

    const bundleOnly = await priceCartItems([item('1', 'mobile-unlimited')], new InMemoryCatalog(dump), now);
    expect(bundleOnly.cartItem[0]!['unavailable']).to.deep.equal({ code: 'OFFERING_NOT_SELLABLE', reason: 'Mobile Unlimited (mobile-unlimited) is sold only within a bundle' });
    expect(bundleOnly.cartTotalPrice).to.deep.equal([]);
    expect(oneTimeTotal(bundleOnly.cartTotalPrice)).to.equal(undefined);
  });

  it('charges only the prices valid now and not retired', async () => {
    const catalog = catalogWith([offering('repriced', ['old', 'current', 'later', 'withdrawn', 'percent'])], [
      price('old', 30, { validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' } }),
      price('current', 25, { validFor: { startDateTime: '2026-01-01T00:00:00Z' } }),
      price('later', 20, { validFor: { startDateTime: '2027-01-01T00:00:00Z' } }),
      price('withdrawn', 5, { priceType: 'oneTime', lifecycleStatus: 'Retired' }),
      { id: 'percent', name: 'loyalty', priceType: 'discount', percentage: 10 },
    ]);
    const { cartItem } = await priceCartItems([item('1', 'repriced')], catalog, now);
    expect((cartItem[0]!['itemPrice'] as CartPrice[]).map((p) => p.productOfferingPrice?.id)).to.deep.equal(['current']);
  });

  it('replaces the prices a client sent, and leaves the client\'s items as they were', async () => {
    const forged = [{ priceType: 'recurring', price: { taxIncludedAmount: money(0.01) } }];
    const sent = [item('1', 'fibre-500', { itemPrice: forged, ItemTotalPrice: forged, note: [{ text: 'ring twice' }] })];
    const copy = structuredClone(sent);
    const { cartItem } = await priceCartItems(sent, catalogWith(), now);
    expect((cartItem[0]!['ItemTotalPrice'] as CartPrice[]).map((p) => p.price.taxIncludedAmount.value)).to.deep.equal([49.9, 99]);
    expect(cartItem[0]!['note']).to.deep.equal([{ text: 'ring twice' }]);
    expect(sent).to.deep.equal(copy);
  });

  it('refuses an unknown or missing offering, naming the item, and a quantity not from 1 to 99', async () => {
    const unknown = await refusal(priceCartItems([item('1', 'fibre-500', { cartItem: [item('1.1', 'mobile-basic'), item('1.2', 'tv-max')] })], catalogWith(), now));
    expect(unknown).to.include({ kind: RefusalKind.unprocessable, code: 'UNKNOWN_OFFERING', message: '/cartItem/0/cartItem/1/productOffering/id: product offering tv-max is not in the catalog' });
    const second = await refusal(priceCartItems([item('1', 'fibre-500'), item('2', 'tv-max')], catalogWith(), now));
    expect(second.message).to.contain('/cartItem/1/productOffering/id');
    const missing = await refusal(priceCartItems([{ id: '1', action: 'add', productOffering: {} }], catalogWith(), now));
    expect(missing).to.include({ kind: RefusalKind.unprocessable, code: 'MISSING_OFFERING' });
    expect(missing.message).to.contain('/cartItem/0/productOffering/id');
    for (const quantity of [0, -1, 1.5, 100, '2', null]) {
      const err = await refusal(priceCartItems([item('1', 'fibre-500', { quantity })], catalogWith(), now));
      expect(err, String(quantity)).to.include({ kind: RefusalKind.invalid, code: 'INVALID_BODY', message: '/cartItem/0/quantity: a whole number from 1 to 99' });
    }
    expect((await priceCartItems([item('1', 'fibre-500', { quantity: 99 })], catalogWith(), now)).cartTotalPrice[0]!.price.taxIncludedAmount).to.deep.equal(money(4940.1));
  });

  it('refuses a cart priced in two currencies, and answers 503 when the catalog cannot be asked', async () => {
    const catalog = catalogWith([offering('euro-box', ['euro-fee'])], [price('euro-fee', 9.9, { price: { unit: 'EUR', value: 9.9 } })]);
    const mixed = await refusal(priceCartItems([item('1', 'fibre-500'), item('2', 'euro-box', { status: 'saveForLater' })], catalog, now));
    expect(mixed).to.include({ kind: RefusalKind.unprocessable, code: 'MIXED_CURRENCIES', message: '/cartItem/1 is priced in EUR, /cartItem/0 in CHF' });

    const down: PriceLookup = { getOffering: () => Promise.reject(new CatalogUnavailableError('http://catalog', 'HTTP 503')), getOfferingPrice: () => Promise.resolve(null) };
    expect(await refusal(priceCartItems([item('1', 'fibre-500')], down, now))).to.include({ kind: RefusalKind.unavailable, code: 'CATALOG_UNAVAILABLE' });
    const memory = catalogWith();
    const priceless: PriceLookup = { getOffering: (id) => memory.getOffering(id), getOfferingPrice: () => Promise.resolve(null) };
    const dangling = await refusal(priceCartItems([item('1', 'fibre-500')], priceless, now));
    expect(dangling).to.include({ kind: RefusalKind.unavailable, message: 'product offering fibre-500 names productOfferingPrice fibre-500-monthly, which the catalog does not have' });
  });
});
