import { expect } from 'chai';
import type { ProductOrderItem } from '../engine/orders/product-order.js';
import { Refusal } from '../engine/outcomes.js';
import { MoneyError, currencyDigits, sumAmounts, toDecimalString, toMinor, toTmfMoney } from '../engine/payments/money.js';
import { assertPayable, checkoutShares, itemCheckoutAmount, paymentMethodOf, unitPayment } from '../engine/payments/order-payment.js';

const oneTime = (value: unknown, unit = 'EUR', extra: Record<string, unknown> = {}) => ({ priceType: 'oneTime', price: { taxIncludedAmount: { unit, value } }, ...extra });
const item = (id: string, prices: Record<string, unknown> = {}, nested?: ProductOrderItem[]): ProductOrderItem =>
  ({ id, action: 'add', state: 'acknowledged', ...prices, ...(nested ? { productOrderItem: nested } : {}) }) as ProductOrderItem;
const card = [{ id: 'tok_visa', '@referredType': 'BankCard' }];

function refusal(work: () => unknown): Refusal {
  try {
    work();
  } catch (err) {
    expect(err).to.be.instanceOf(Refusal);
    return err as Refusal;
  }
  return expect.fail('was not refused');
}

describe('engine/payments: money and what an order pays at checkout', () => {
  describe('money in minor units', () => {
    it('reads decimal amounts exactly, through their text, never through binary floating point', () => {
      expect(0.1 + 0.2).to.not.equal(0.3); // the trap
      expect(toMinor(0.1, 'EUR') + toMinor(0.2, 'EUR')).to.equal(30);
      expect(toMinor(0.29, 'EUR')).to.equal(29); // 0.29 * 100 is 28.999999999999996
      expect(toMinor(1.005, 'KWD')).to.equal(1005);
      expect(toMinor('19.90', 'EUR')).to.equal(1990);
      expect(toMinor(500, 'JPY')).to.equal(500);
      expect(toMinor(4.35, 'USD')).to.equal(435); // 4.35 * 100 is 434.99999999999994
    });

    it('refuses amounts the currency cannot hold, negative amounts and unknown currencies', () => {
      expect(() => toMinor(1.999, 'EUR')).to.throw(MoneyError, /more decimals than EUR allows \(2\)/);
      expect(() => toMinor(1.5, 'JPY')).to.throw(MoneyError, /JPY allows \(0\)/);
      expect(() => toMinor(-1, 'EUR')).to.throw(MoneyError, /non-negative/);
      expect(() => toMinor('1e3', 'EUR')).to.throw(MoneyError);
      expect(() => toMinor(1, 'XYZ')).to.throw(MoneyError, /ISO 4217/);
      expect(() => toMinor(1e300, 'EUR')).to.throw(MoneyError);
      expect(currencyDigits('CHF')).to.equal(2);
    });

    it('takes the minor unit from ISO 4217, also where CLDR (Intl) shows fewer decimals', () => {
      expect(['IQD', 'HUF', 'IDR', 'COP', 'LAK', 'KWD', 'JPY', 'CLF'].map((c) => [c, currencyDigits(c)])).to.deep.equal([['IQD', 3], ['HUF', 2], ['IDR', 2], ['COP', 2], ['LAK', 2], ['KWD', 3], ['JPY', 0], ['CLF', 4]]);
      expect(toMinor('12.345', 'IQD')).to.equal(12345);
      expect(toMinor(1990.5, 'HUF')).to.equal(199050);
      expect(toDecimalString({ currency: 'IDR', minor: 1500000 })).to.equal('15000.00');
      expect(currencyDigits('DEM')).to.equal(undefined); // withdrawn: Intl still knows it
    });

    it('writes amounts back as exact decimals', () => {
      expect(toDecimalString({ currency: 'EUR', minor: 30 })).to.equal('0.30');
      expect(toDecimalString({ currency: 'EUR', minor: 5 })).to.equal('0.05');
      expect(toDecimalString({ currency: 'JPY', minor: 500 })).to.equal('500');
      expect(toDecimalString({ currency: 'KWD', minor: 1005 })).to.equal('1.005');
      expect(JSON.stringify(toTmfMoney({ currency: 'EUR', minor: 30 }))).to.equal('{"unit":"EUR","value":0.3}');
      expect(() => sumAmounts('EUR', [{ currency: 'EUR', minor: 1 }, { currency: 'CHF', minor: 1 }])).to.throw(MoneyError);
    });
  });

  describe('the payment method an order names', () => {
    it('takes card, PayPal and wallet tokens; no payment means billed later', () => {
      expect(paymentMethodOf({ payment: card })).to.deep.equal({ referredType: 'BankCard', provider: 'card', token: 'tok_visa' });
      expect(paymentMethodOf({ payment: [{ id: 'ba_1', '@referredType': 'PayPal' }] })!.provider).to.equal('paypal');
      expect(paymentMethodOf({ payment: [{ id: 'ap_1', '@referredType': 'ApplePay' }] })!.provider).to.equal('apple_pay');
      expect(paymentMethodOf({ payment: [{ id: 'gp_1', '@referredType': 'GooglePay' }] })!.provider).to.equal('google_pay');
      expect(paymentMethodOf({})).to.equal(undefined);
      expect(paymentMethodOf({ payment: [] })).to.equal(undefined);
    });

    it('refuses, with a clear reason, a method it cannot take', () => {
      expect(refusal(() => paymentMethodOf({ payment: [{ id: 'x', '@referredType': 'Cash' }] })).message).to.match(/"Cash" is not accepted \(accepted: BankCard, PayPal, ApplePay, GooglePay\)/);
      expect(refusal(() => paymentMethodOf({ payment: [{ id: 'x' }] })).message).to.match(/@referredType must name the payment method/);
      expect(refusal(() => paymentMethodOf({ payment: [...card, ...card] })).message).to.match(/one payment method per order/);
      expect(refusal(() => paymentMethodOf({ payment: [{ id: ' ', '@referredType': 'BankCard' }] })).message).to.match(/token/);
      expect(refusal(() => paymentMethodOf({ payment: card }) && assertPayable({ payment: card, productOrderItem: [] }, false)).message).to.match(/no payment provider/);
    });
  });

  describe('what an item costs at checkout', () => {
    it('sums one-time prices, tax included; recurring charges are billed, not collected', () => {
      const amount = itemCheckoutAmount(item('1', { itemTotalPrice: [oneTime(0.1), oneTime(0.2), { priceType: 'recurring', price: { taxIncludedAmount: { unit: 'EUR', value: 29.9 } } }] }));
      expect(amount).to.deep.equal({ currency: 'EUR', minor: 30 });
      expect(itemCheckoutAmount(item('1', { itemTotalPrice: [{ priceType: 'recurring', price: { taxIncludedAmount: { unit: 'EUR', value: 10 } } }] }))).to.equal(undefined);
      expect(itemCheckoutAmount(item('1', { itemTotalPrice: [{ priceType: 'One Time', price: { dutyFreeAmount: { unit: 'EUR', value: 5 } } }] }))).to.deep.equal({ currency: 'EUR', minor: 500 });
    });

    it('without a total, multiplies the unit price by the quantity', () => {
      expect(itemCheckoutAmount(item('1', { quantity: 3, itemPrice: [oneTime(0.1)] }))).to.deep.equal({ currency: 'EUR', minor: 30 });
      expect(itemCheckoutAmount(item('1', { quantity: 3, itemPrice: [oneTime(0.1)], itemTotalPrice: [oneTime(0.25)] }))).to.deep.equal({ currency: 'EUR', minor: 25 });
    });

    it('refuses orders it could not charge exactly (422 at POST), but only when they are paid at checkout', () => {
      const order = (prices: Record<string, unknown>[]) => ({ payment: card, productOrderItem: [item('1', { itemTotalPrice: prices })] });
      expect(refusal(() => assertPayable(order([oneTime(0.001)]), true)).message).to.match(/item 1 itemTotalPrice\/0: 0.001 EUR has more decimals than EUR allows/);
      expect(refusal(() => assertPayable(order([oneTime(1, 'EUR'), oneTime(1, 'CHF')]), true)).message).to.match(/cannot add CHF to EUR/);
      expect(refusal(() => assertPayable(order([{ priceType: 'oneTime', price: {} }]), true)).message).to.match(/needs price.taxIncludedAmount/);
      expect(refusal(() => assertPayable({ payment: card, productOrderItem: [item('1', { itemTotalPrice: [oneTime(1, 'EUR')] }), item('2', { itemTotalPrice: [oneTime(1, 'CHF')] })] }, true)).message).to.match(/several currencies/);
      expect(() => assertPayable({ productOrderItem: [item('1', { itemTotalPrice: [oneTime('nonsense')] })] }, true)).to.not.throw();
    });
  });

  describe('what each unit gets back of a payment taken at checkout', () => {
    it('splits an item over its own units, a bundle over its parts, to the cent, and the shares add up to the whole', () => {
      const order = {
        payment: [{ id: 'pay-1', '@referredType': 'Payment' }],
        productOrderItem: [
          item('lines', { quantity: 2, itemTotalPrice: [oneTime(80.01)] }),
          item('bundle', { itemTotalPrice: [oneTime(49)] }, [item('fibre', { itemTotalPrice: [oneTime(99)] }), item('tv')]),
        ],
      };
      const units = [
        { unitId: 'lines/o', itemId: 'lines' },
        { unitId: 'lines/o#2', itemId: 'lines' },
        { unitId: 'fibre', itemId: 'fibre' },
        { unitId: 'tv', itemId: 'tv' },
      ];
      const shares = checkoutShares(order, units);
      expect(Object.fromEntries([...shares].map(([unit, amount]) => [unit, amount.minor]))).to.deep.equal({ 'lines/o': 4001, 'lines/o#2': 4000, fibre: 9900 + 2450, tv: 2450 });
      expect([...shares.values()].reduce((sum, a) => sum + a.minor, 0)).to.equal(8001 + 4900 + 9900);
    });

    it('refuses a client\'s reference to a payment: only a checkout may name one', () => {
      expect(refusal(() => assertPayable({ payment: [{ id: 'pay-1', '@referredType': 'Payment' }], productOrderItem: [] }, true)).code).to.equal('INVALID_PAYMENT');
    });
  });

  describe('which fulfilment unit collects which price', () => {
    it('a bundle item is paid once, by its first part; nested items each by their own unit, the parent by the first', () => {
      const order = {
        payment: card,
        productOrderItem: [
          item('bundle', { itemTotalPrice: [oneTime(30)] }),
          item('parent', { itemTotalPrice: [oneTime(5)] }, [item('child-a', { itemTotalPrice: [oneTime(1)] }), item('child-b', { itemTotalPrice: [oneTime(2)] })]),
          item('free'),
        ],
      };
      const units = [
        { unitId: 'bundle/mobile', itemId: 'bundle' },
        { unitId: 'bundle/broadband', itemId: 'bundle' },
        { unitId: 'child-a', itemId: 'child-a' },
        { unitId: 'child-b', itemId: 'child-b' },
        { unitId: 'free', itemId: 'free' },
      ];
      expect(unitPayment(order, units, 'bundle/mobile')).to.deep.equal({ items: [{ itemId: 'bundle', amount: { currency: 'EUR', minor: 3000 } }], total: { currency: 'EUR', minor: 3000 } });
      expect(unitPayment(order, units, 'bundle/broadband')).to.equal(undefined);
      expect(unitPayment(order, units, 'child-a')!.total).to.deep.equal({ currency: 'EUR', minor: 600 });
      expect(unitPayment(order, units, 'child-b')!.total).to.deep.equal({ currency: 'EUR', minor: 200 });
      expect(unitPayment(order, units, 'free')).to.equal(undefined);
    });
  });
});
