import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { bpmnDir } from '../engine/paths.js';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF663_BASE_PATH } from '../engine/carts/tmf663.js';
import { TMF620_BASE_PATH } from '../engine/catalog/routes.js';
import { SIGN_UP_BASE_PATH } from '../engine/signup/sign-up.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF676_BASE_PATH } from '../engine/payments/tmf676.js';
import { collectEvents, eventually, httpJson, issuer, retireTestOrdo, testConfig, tokenFor, paymentDepsOf } from './support/harness.js';
import { passwordGrant } from './support/identity.js';
import { TestListener } from './support/listener.js';
import { defaultCatalog } from './support/catalog.js';
import { Role } from '../engine/security/principal.js';
import { compensatePayments } from '../engine/payments/refund-payment.js';
import { abandonPayment, settleAbandoned } from '../engine/payments/abandon-payment.js';
import { PaymentStatus } from '../engine/payments/payment.js';

const CART = TMF663_BASE_PATH;
/** Requests of a web-shop visitor: no token at all. */
const visitor = { authorization: '' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const mobile = (id = '1') => ({ id, quantity: 1, action: 'add', productOffering: { id: 'mobile-basic' } });
const fibre = (id = '2') => ({ id, quantity: 1, action: 'add', productOffering: { id: 'fibre-500' }, product: { productCharacteristic: [{ name: 'downloadSpeed', value: 500 }, { name: 'installationAddress', value: 'Bahnhofstrasse 1, 8001 Zürich' }] } });
const card = (token = 'tok_visa') => ({ payment: [{ id: token, '@referredType': 'BankCard' }] });
const email = () => `ada.${randomUUID().slice(0, 8)}@example.com`;

/** A person signs up by e-mail and signs in: their customer id and party-bound token. */
async function signedUpCustomer(ordo: Ordo, address = email()): Promise<{ customerId: string; token: string }> {
  const started = await httpJson('POST', `${ordo.baseUrl}${SIGN_UP_BASE_PATH}/signUp`, { givenName: 'Ada', familyName: 'Lovelace', email: address, channel: 'email' }, { ...visitor, 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` });
  expect(started.status, JSON.stringify(started.body)).to.equal(201);
  const code = await eventually('the sign-up code', async () => /\b(\d{6})\b/.exec(ordo.notificationSimulator!.messagesTo(address)[0]?.content ?? '')?.[1]);
  expect((await httpJson('POST', `${ordo.baseUrl}${SIGN_UP_BASE_PATH}/signUp/${started.body.id}/verify`, { code }, visitor)).status).to.equal(200);
  const done = await eventually('the sign-up completed', async () => { const s = await ordo.signUps.store.find(started.body.id); return s?.state === 'completed' && s; });
  await ordo.identitySimulator!.completeRequiredActions(done.result!.userId!, 'a long passphrase for ada');
  return { customerId: done.result!.customerId, token: await passwordGrant(ordo, done.result!.individualId, 'a long passphrase for ada') };
}

const finished = (ordo: Ordo, id: string) => eventually(`order ${id} finished`, async () => { const o = (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body; return ['completed', 'failed', 'partial', 'cancelled'].includes(o.state) && o; }, 90_000);

describe('TMF663 shopping carts: prices, number choice, checkout with payment, abandoned-cart follow-up', function () {
  this.timeout(240_000);
  let ordo: Ordo;

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_CUSTOMER_CHECK: 'registered', ORDO_TRUST_PROXY: 'loopback', ORDO_INVENTORY_SEED_SIZE: '300', ORDO_CART_HOLD_LIMIT_PER_CART: '4', ORDO_CART_HOLD_LIMIT_PER_CUSTOMER: '8', ORDO_CART_HOLDS_AT_ONCE_PER_CUSTOMER: '3', ORDO_CART_CANDIDATE_LIMIT_PER_CUSTOMER: '5' }), { mintUserTokens: (claims) => issuer.mint(claims) });
    // Two lines of one mobile item (a family plan): each gets its own number.
    const catalog = defaultCatalog();
    catalog.productSpecification.find((s: { id: string }) => s.id === 'mobile-subscription')!.maxQuantity = 2;
    await ordo.catalog.store.replaceAll(catalog);
    await ordo.deployed;
  });
  after(() => retireTestOrdo(ordo, 60_000));

  it('journey: browse offerings → anonymous cart → two items → hold a number → PATCH a quantity → sign up → checkout → paid → the order completes with that number', async () => {
    const offerings = (await httpJson('GET', `${ordo.baseUrl}${TMF620_BASE_PATH}/productOffering?lifecycleStatus=Launched`)).body as { id: string; productOfferingPrice?: unknown[] }[];
    expect(offerings.map((o) => o.id)).to.include.members(['mobile-basic', 'fibre-500']);
    const created = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile(), { ...fibre(), itemPrice: [{ priceType: 'oneTime', price: { taxIncludedAmount: { unit: 'CHF', value: 0.01 } } }] }], contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } }] }, visitor);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const cart = created.body;
    expect(cart).to.include({ status: 'active', '@type': 'ShoppingCart' });
    expect(cart.cartTotalPrice.length).to.be.greaterThan(0);
    const fibrePrice = cart.cartItem[1].itemPrice as { price: { taxIncludedAmount: { value: number } } }[];
    expect(fibrePrice.every((p) => p.price.taxIncludedAmount.value !== 0.01), 'the client\'s price is never taken').to.equal(true);

    const candidates = await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/numberCandidate?count=5`, undefined, visitor);
    expect(candidates.status, JSON.stringify(candidates.body)).to.equal(200);
    expect(new Set(candidates.body.map((c: { number: string }) => c.number)).size).to.equal(5);
    const chosen = candidates.body[0].number as string;
    const held = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/cartItem/1/numberHold`, { number: chosen }, visitor);
    expect(held.status, JSON.stringify(held.body)).to.equal(201);
    expect(held.body).to.include({ number: chosen, line: 1, cartItemId: '1' });
    expect((await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/cartItem/2/numberHold`, {}, visitor)).body.code, 'fibre takes no number').to.equal('NO_NUMBER_FOR_ITEM');

    const patched = await httpJson('PATCH', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, { cartItem: [{ ...mobile(), quantity: 2 }, fibre()] }, { ...visitor, 'content-type': 'application/merge-patch+json' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const unit = (item: { itemPrice: { priceType: string; price: { taxIncludedAmount: { value: number } } }[] }, type: string) => item.itemPrice.find((p) => p.priceType === type)!.price.taxIncludedAmount.value;
    const total = (item: { ItemTotalPrice: { priceType: string; price: { taxIncludedAmount: { value: number } } }[] }, type: string) => item.ItemTotalPrice.find((p) => p.priceType === type)!.price.taxIncludedAmount.value;
    expect(total(patched.body.cartItem[0], 'recurring')).to.be.closeTo(2 * unit(patched.body.cartItem[0], 'recurring'), 0.001);
    const read = await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, undefined, visitor);
    expect(read.body.numberHold.map((h: { number: string }) => h.number)).to.deep.equal([chosen]);

    const noCustomer = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), await operatorLike());
    expect(noCustomer.body.code, 'an anonymous cart has no customer yet').to.equal('CUSTOMER_REQUIRED');

    const { customerId, token } = await signedUpCustomer(ordo);
    const checkedOut = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token));
    expect(checkedOut.status, JSON.stringify(checkedOut.body)).to.equal(200);
    expect(checkedOut.body.status).to.equal('checkedOut');
    expect(checkedOut.body.relatedParty.find((p: { role: string }) => p.role === 'customer')).to.include({ id: customerId, '@referredType': 'Customer' });
    const orderId = checkedOut.body.productOrder.id as string;
    const payments = (await httpJson('GET', `${ordo.baseUrl}${TMF676_BASE_PATH}/payment?correlatorId=${orderId}`)).body;
    expect(payments).to.have.length(1);
    expect(payments[0]).to.include({ status: 'captured' });
    const oneTime = checkedOut.body.cartTotalPrice.find((p: { priceType: string }) => p.priceType === 'oneTime');
    expect(payments[0].totalAmount.value).to.equal(oneTime.price.taxIncludedAmount.value);

    const order = await finished(ordo, orderId);
    expect(order.state, JSON.stringify(order.note)).to.equal('completed');
    const resource = await ordo.resources.findByNumber('msisdn', chosen);
    expect(resource?.usageState, 'the number the customer held is the one the order got').to.equal('active');
    expect((await ordo.resources.collection.countDocuments({ '_ordo.reservation.orderId': orderId, usageState: 'active', '_ordo.number': { $regex: '^msisdn:' } }))).to.equal(2);
    // The customer sees the cart, and a visitor no longer does.
    expect((await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, undefined, bearer(token))).status).to.equal(200);
    expect((await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, undefined, visitor)).status).to.equal(404);
    expect((await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token))).body.productOrder.id, 'checking out again answers the same order').to.equal(orderId);
  });

  it('checkout clicked 10 times at once: one order, one charge', async () => {
    const { customerId, token } = await signedUpCustomer(ordo);
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile(), fibre()] }, bearer(token))).body;
    expect(cart.relatedParty.find((p: { role: string }) => p.role === 'customer')).to.include({ id: customerId, '@referredType': 'Customer' });
    const chargesBefore = ordo.paymentProvider.simulator!.charges().length;
    const clicks = await Promise.all(Array.from({ length: 10 }, () => httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token))));
    expect(clicks.map((c) => c.status), JSON.stringify(clicks.map((c) => c.body))).to.deep.equal(Array(10).fill(200));
    const orderIds = new Set(clicks.map((c) => c.body.productOrder.id));
    expect(orderIds.size).to.equal(1);
    const [orderId] = [...orderIds];
    expect(await ordo.orders.collection.countDocuments({ description: `Checkout of shopping cart ${cart.id}` })).to.equal(1);
    expect(ordo.paymentProvider.simulator!.charges().length - chargesBefore).to.equal(1);
    expect(await ordo.payments.payments.collection.countDocuments({ '_ordo.cartId': cart.id })).to.equal(1);
    expect((await finished(ordo, orderId)).state).to.equal('completed');
  });

  it('a declined payment leaves the cart as it was and says why; another card then goes through', async () => {
    const { token } = await signedUpCustomer(ordo);
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, bearer(token))).body;
    const held = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/cartItem/1/numberHold`, { prefix: '41' }, bearer(token));
    expect(held.status, JSON.stringify(held.body)).to.equal(201);
    const declined = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card('tok_decline_insufficient_funds'), bearer(token));
    expect(declined.status, JSON.stringify(declined.body)).to.equal(402);
    expect(declined.body).to.include({ code: 'PAYMENT_DECLINED', '@type': 'Error' });
    expect(declined.body.message).to.contain('insufficient_funds');
    const after = (await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, undefined, bearer(token))).body;
    expect(after.status).to.equal('active');
    expect(after.cartItem).to.deep.equal(cart.cartItem);
    expect(after.checkoutFailure.reason).to.contain('insufficient_funds');
    expect(after.numberHold[0].number, 'the number is still held').to.equal(held.body.number);
    expect(await ordo.orders.collection.countDocuments({ description: `Checkout of shopping cart ${cart.id}` })).to.equal(0);
    const paid = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token));
    expect(paid.status, JSON.stringify(paid.body)).to.equal(200);
    expect(paid.body.checkoutFailure).to.equal(undefined);
  });

  it('a card the provider refuses outright (402) declines the checkout too: nothing charged, and the payment\'s denial is an event like any other', async () => {
    const events = await collectEvents(ordo.config, 'payment');
    try {
      const { token } = await signedUpCustomer(ordo);
      const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, bearer(token))).body;
      ordo.paymentProvider.simulator!.script({ token: 'tok_refused_outright' }, { outcome: 'refuse' });
      const chargesBefore = ordo.paymentProvider.simulator!.charges().length;
      const declined = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card('tok_refused_outright'), bearer(token));
      expect(declined.status, JSON.stringify(declined.body)).to.equal(402);
      expect(declined.body).to.include({ code: 'PAYMENT_DECLINED', '@type': 'Error' });
      expect(ordo.paymentProvider.simulator!.charges().length, 'nothing charged').to.equal(chargesBefore);
      const [payment] = await ordo.payments.payments.findWhere({ '_ordo.cartId': cart.id });
      expect(payment!.status).to.equal('denied');
      const changes = await eventually('the denial on Kafka', async () => {
        const mine = events.events.filter((e) => e.key === payment!.id && e.body.eventType === 'PaymentStateChangeEvent');
        return mine.length > 0 && mine;
      }, 30_000);
      expect(changes[0]!.body.event['payment']!['status']).to.equal('denied');
    } finally {
      await events.stop();
    }
  });

  it('a payment the provider decides later: 202 while pending, the callback completes the checkout; the cart\'s events reach Kafka', async () => {
    const events = await collectEvents(ordo.config, 'shoppingCart');
    try {
      const { token } = await signedUpCustomer(ordo);
      const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, bearer(token))).body;
      const pending = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card('tok_pending_approve'), bearer(token));
      expect(pending.status, JSON.stringify(pending.body)).to.equal(202);
      expect(pending.body.status).to.equal('checkingOut');
      expect((await httpJson('PATCH', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, { cartItem: [] }, { ...bearer(token), 'content-type': 'application/merge-patch+json' })).body.code, 'a cart being paid for cannot change').to.equal('CART_NOT_ACTIVE');
      const done = await eventually('the callback completed the checkout', async () => { const c = (await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, undefined, bearer(token))).body; return c.status === 'checkedOut' && c; }, 60_000);
      expect((await finished(ordo, done.productOrder.id)).state).to.equal('completed');
      const types = await eventually('the cart\'s events on Kafka', async () => { const mine = events.events.filter((e) => e.key === cart.id).map((e) => e.body.eventType); return mine.length >= 3 && mine; }, 30_000);
      expect(types[0]).to.equal('ShoppingCartCreateEvent');
      expect(types.slice(1)).to.include('ShoppingCartAttributeValueChangeEvent');
    } finally {
      await events.stop();
    }
  });

  it('the checkout payment pays the whole order: a failed unit gets its own share back, once; a client cannot claim a payment', async () => {
    const { token } = await signedUpCustomer(ordo);
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile(), fibre()] }, bearer(token))).body;
    const done = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token));
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const orderId = done.body.productOrder.id as string;
    await finished(ordo, orderId);
    const [payment] = await ordo.payments.payments.findWhere({ '_ordo.cartId': cart.id });
    expect(payment!.totalAmount.value).to.equal(139);
    // What the item process's compensation does when the fibre unit fails: its router fee comes back.
    const first = await compensatePayments(paymentDepsOf(ordo), orderId, '2');
    const again = await compensatePayments(paymentDepsOf(ordo), orderId, '2');
    expect(first.refunded).to.deep.equal({ CHF: 9900 });
    expect(again.refunded, 'a repeated compensation refunds nothing more').to.deep.equal({ CHF: 9900 });
    const refunds = await ordo.payments.refunds.findWhere({ '_ordo.paymentId': payment!.id });
    expect(refunds.map((r) => r._ordo.key)).to.deep.equal([`refund:${payment!.id}:2`]);
    expect(ordo.paymentProvider.simulator!.charges().find((c) => c.reference === payment!.id)!.refundedMinor).to.equal(9900);

    const claimed = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, { productOrderItem: [{ ...mobile(), id: '1' }], relatedParty: cart.relatedParty, payment: [{ id: payment!.id, '@referredType': 'Payment' }] }, bearer(token));
    expect(claimed.status, JSON.stringify(claimed.body)).to.equal(422);
    expect(claimed.body.code).to.equal('INVALID_PAYMENT');
  });

  it('100 carts of 100 customers racing over HTTP for a pool of exactly 20 numbers: 20 hold one, none twice, the other 80 are told none is free', async () => {
    const category = `race${randomUUID().slice(0, 8)}`;
    const base = 4_400_000_000 + Math.floor(Math.random() * 90_000_000);
    for (let i = 0; i < 20; i++) {
      const created = await httpJson('POST', `${ordo.baseUrl}/tmf-api/resourceInventoryManagement/v4/resource`, { '@type': 'LogicalResource', value: String(base + i * 7), category, name: `race ${i}` });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
    }
    const shoppers = await Promise.all(Array.from({ length: 100 }, (_, n) => tokenFor({ sub: `racer-${n}`, roles: [Role.orderRead, Role.orderWrite], party: `racer-${category}-${n}` }).then(bearer)));
    const carts = await Promise.all(shoppers.map(async (headers) => ({ headers, id: (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, headers)).body.id as string })));
    const holds = await Promise.all(carts.map((cart) => httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/cartItem/1/numberHold`, { category }, cart.headers)));
    const won = holds.filter((h) => h.status === 201);
    expect(won).to.have.length(20);
    expect(holds.filter((h) => h.status !== 201).map((h) => h.body.code)).to.deep.equal(Array(80).fill('NUMBER_NOT_AVAILABLE'));
    expect(new Set(won.map((h) => h.body.number)).size, 'no number held twice').to.equal(20);
    const reserved = await ordo.resources.collection.find({ '_ordo.pool': `msisdn:${category}` }).toArray();
    expect(reserved.every((r) => r['resourceStatus'] === 'reserved')).to.equal(true);
    expect(new Set(reserved.map((r) => (r['_ordo'] as { reservation: { orderId: string } }).reservation.orderId)).size, 'each by another cart').to.equal(20);
  });

  it('bad input and foreign carts get TMF errors and change nothing; number holds are rate-limited per cart', async () => {
    const created = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, visitor)).body;
    const url = `${ordo.baseUrl}${CART}/shoppingCart/${created.id}`;
    const before = await ordo.carts.store.findStored(created.id);
    const patch = (body: unknown, headers: Record<string, string> = visitor) => httpJson('PATCH', url, body, { ...headers, 'content-type': 'application/merge-patch+json' });
    const cases: [unknown, number, string][] = [
      [{ cartItem: [{ ...mobile(), quantity: -1 }] }, 422, 'INVALID_QUANTITY'],
      [{ cartItem: [{ ...mobile(), quantity: 1.5 }] }, 400, 'INVALID_BODY'],
      [{ cartItem: [{ ...mobile(), quantity: 100 }] }, 422, 'INVALID_QUANTITY'],
      // What the order would refuse is refused here, not at checkout: more units than the specification's maxQuantity (2 here, 1 for fibre).
      [{ cartItem: [{ ...mobile(), quantity: 3 }] }, 422, 'QUANTITY_NOT_ALLOWED'],
      [{ cartItem: [{ ...fibre('1'), quantity: 2 }] }, 422, 'QUANTITY_NOT_ALLOWED'],
      [{ cartItem: [{ ...fibre('1'), productOffering: { id: 'home-and-mobile' }, quantity: 2, cartItem: [mobile('11')] }] }, 422, 'QUANTITY_NOT_ALLOWED'],
      [{ cartItem: Array.from({ length: 60 }, (_, i) => mobile(String(i + 1))) }, 422, 'TOO_MANY_ITEMS'],
      [{ cartItem: [{ ...mobile(), $where: 'sleep(1000)' }] }, 400, 'INVALID_BODY'],
      [{ cartItem: [{ ...mobile(), productOffering: { id: 'no-such-offering' } }] }, 422, 'UNKNOWN_OFFERING'],
      [{ cartItem: [{ ...mobile(), productOffering: { id: 'mobile-classic-2019' } }] }, 422, 'OFFERING_RETIRED'],
      [{ status: 'checkedOut' }, 400, 'INVALID_BODY'],
      [{ cartTotalPrice: [], cartItem: [mobile(), mobile()] }, 400, 'INVALID_BODY'],
      [{ relatedParty: [{ id: 'someone', role: 'customer', '@referredType': 'Customer' }] }, 422, 'SIGN_IN_FIRST'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await patch(body);
      expect(answer.status, `${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(answer.body)}`).to.equal(status);
      expect(answer.body).to.include({ code, '@type': 'Error' });
    }
    expect((await ordo.carts.store.findStored(created.id))!._ordo.revision, 'nothing changed').to.equal(before!._ordo.revision);
    // Another customer's token does not see the anonymous cart once someone owns it, nor a visitor the list.
    const owner = await tokenFor({ sub: 'owner', roles: [Role.orderRead, Role.orderWrite], party: 'party-a' });
    const stranger = await tokenFor({ sub: 'stranger', roles: [Role.orderRead, Role.orderWrite], party: 'party-b' });
    expect((await patch({ contactMedium: [] }, bearer(owner))).status).to.equal(200);
    expect((await httpJson('GET', url, undefined, bearer(stranger))).status).to.equal(404);
    expect((await patch({ cartItem: [] }, bearer(stranger))).status).to.equal(404);
    expect((await httpJson('GET', url, undefined, visitor)).status).to.equal(404);
    expect((await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart`, undefined, visitor)).status, 'listing carts needs a token').to.equal(401);
    const mine = (await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart`, undefined, bearer(stranger))).body;
    expect(mine.map((c: { id: string }) => c.id)).not.to.include(created.id);
    // Swapping numbers over and over: the fifth hold of this cart within the hour is refused.
    const holds = [];
    for (let n = 0; n < 5; n++) holds.push(await httpJson('POST', `${url}/cartItem/1/numberHold`, {}, bearer(owner)));
    expect(holds.slice(0, 4).map((h) => h.status)).to.deep.equal([201, 201, 201, 201]);
    expect(holds[4]!.status).to.equal(429);
    expect(holds[4]!.body).to.include({ code: 'TOO_MANY_REQUESTS' });
    expect((await httpJson('GET', url, undefined, bearer(owner))).body.numberHold, 'a swap leaves one number held').to.have.length(1);
  });

  it('items sent again without ids get ids the cart has not used: a number held for an item never passes to another', async () => {
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile('1')] }, visitor)).body;
    const url = `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`;
    const held = await httpJson('POST', `${url}/cartItem/1/numberHold`, {}, visitor);
    expect(held.status, JSON.stringify(held.body)).to.equal(201);
    const { id: _f, ...fibreWithoutId } = fibre();
    const { id: _m, ...mobileWithoutId } = mobile();
    const patched = await httpJson('PATCH', url, { cartItem: [fibreWithoutId, mobileWithoutId] }, { ...visitor, 'content-type': 'application/merge-patch+json' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    expect(patched.body.cartItem.map((i: { id: string }) => i.id), 'not item 1 again').to.deep.equal(['2', '3']);
    expect((await httpJson('GET', url, undefined, visitor)).body.numberHold ?? [], 'item 1 is gone, and its number with it').to.deep.equal([]);
    expect((await ordo.resources.findByNumber('msisdn', held.body.number))?.resourceStatus).to.equal('available');
    // Emptied and filled again: still no id the cart had.
    const patch = (body: unknown) => httpJson('PATCH', url, body, { ...visitor, 'content-type': 'application/merge-patch+json' });
    expect((await patch({ cartItem: [] })).status).to.equal(200);
    expect((await patch({ cartItem: [mobileWithoutId] })).body.cartItem.map((i: { id: string }) => i.id)).to.deep.equal(['4']);
  });

  it('hub listeners get a cart\'s events in order (created, changed, deleted); GET by id takes fields=', async () => {
    const listener = new TestListener();
    const hub = await httpJson('POST', `${ordo.baseUrl}${CART}/hub`, { callback: await listener.start() });
    expect(hub.status, JSON.stringify(hub.body)).to.equal(201);
    try {
      const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, visitor)).body;
      const url = `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`;
      await httpJson('POST', `${url}/cartItem/1/numberHold`, {}, visitor);
      const selected = await httpJson('GET', `${url}?fields=status`, undefined, visitor);
      expect(selected.body, 'only what was asked for, and id and href').to.deep.equal({ id: cart.id, href: cart.href, status: 'active' });
      expect(Object.keys((await httpJson('GET', `${url}?fields=numberHold`, undefined, visitor)).body)).to.have.members(['id', 'href', 'numberHold']);
      expect((await httpJson('GET', `${url}?fields=_ordo`, undefined, visitor)).status).to.equal(400);
      expect((await httpJson('PATCH', url, { cartItem: [mobile(), fibre()] }, { ...visitor, 'content-type': 'application/merge-patch+json' })).status).to.equal(200);
      expect((await httpJson('DELETE', url, undefined, visitor)).status).to.equal(204);
      const events = await eventually('the cart\'s three events', async () => { const e = listener.received.filter((r) => r.event['shoppingCart']?.['id'] === cart.id); return e.length >= 3 && e; }, 30_000);
      expect(events.map((e) => e.eventType)).to.deep.equal(['ShoppingCartCreateEvent', 'ShoppingCartAttributeValueChangeEvent', 'ShoppingCartDeleteEvent']);
      expect((events[1]!.event['shoppingCart']!['cartItem'] as unknown[]).length).to.equal(2);
    } finally {
      await httpJson('DELETE', `${ordo.baseUrl}${CART}/hub/${hub.body.id}`);
      await listener.stop();
    }
  });

  it('a customer holds at most 3 numbers at once over all their carts (409); a swap is not one more, and a release frees one', async () => {
    const shopper = bearer(await tokenFor({ sub: 'collector', roles: [Role.orderRead, Role.orderWrite], party: `collector-${randomUUID()}` }));
    const newCart = async (item: object) => `${ordo.baseUrl}${CART}/shoppingCart/${(await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [item] }, shopper)).body.id}`;
    const [family, single, third] = [await newCart({ ...mobile(), quantity: 2 }), await newCart(mobile()), await newCart(mobile())];
    const hold = (cart: string, body: object = {}) => httpJson('POST', `${cart}/cartItem/1/numberHold`, body, shopper);
    expect([(await hold(family, { line: 1 })).status, (await hold(family, { line: 2 })).status, (await hold(single)).status]).to.deep.equal([201, 201, 201]);
    const refused = await hold(third);
    expect(refused.status, JSON.stringify(refused.body)).to.equal(409);
    expect(refused.body).to.include({ code: 'TOO_MANY_NUMBERS_HELD', '@type': 'Error' });
    expect((await httpJson('GET', third, undefined, shopper)).body.numberHold, 'nothing held for it').to.equal(undefined);
    const [other] = (await httpJson('GET', `${single}/numberCandidate?count=1`, undefined, shopper)).body as { number: string }[];
    const swapped = await hold(single, { number: other!.number });
    expect(swapped.status, JSON.stringify(swapped.body)).to.equal(201);
    expect(swapped.body.number).to.equal(other!.number);
    expect((await httpJson('DELETE', `${family}/cartItem/1/numberHold?line=2`, undefined, shopper)).status).to.equal(204);
    expect((await hold(third)).status, 'the released line made room').to.equal(201);
  });

  it('number searches are rate-limited per customer: a visitor\'s sixth within the minute gets 429 with Retry-After, another visitor is not held up', async () => {
    const from = (address: string) => ({ ...visitor, 'x-forwarded-for': address });
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, from('198.51.100.7'))).body;
    const search = (address: string) => httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/numberCandidate?pattern=99*&count=3`, undefined, from(address));
    const answers = [];
    for (let n = 0; n < 6; n++) answers.push(await search('198.51.100.7'));
    expect(answers.map((a) => a.status), JSON.stringify(answers.at(-1)!.body)).to.deep.equal([200, 200, 200, 200, 200, 429]);
    expect(answers[0]!.body, 'nothing matches in this small pool, and all of it was searched').to.deep.equal([]);
    expect(answers[5]!.body).to.include({ code: 'TOO_MANY_REQUESTS', '@type': 'Error' });
    expect(Number(answers[5]!.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await search('198.51.100.8')).status, 'another visitor, the same cart').to.equal(200);
  });

  it('a back end for every party holding numbers for anonymous carts counts them against each cart, not against its own address', async () => {
    const backEnd = await operatorLike();
    const holds = [];
    for (let n = 0; n < 5; n++) {
      const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [{ ...mobile(), quantity: 2 }] }, backEnd)).body;
      expect(cart.relatedParty, 'the cart stays anonymous').to.equal(undefined);
      for (const line of [1, 2]) holds.push(await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/cartItem/1/numberHold`, { line }, backEnd));
    }
    // 10 holds from one address, over the 8 a customer may make in an hour: each cart is a customer of its own.
    expect(holds.map((h) => h.status), JSON.stringify(holds.map((h) => h.body))).to.deep.equal(Array(10).fill(201));
  });

  it('a bundle\'s number is chosen in the cart too: held on the bundle item, it is the number the bundle\'s mobile part gets', async () => {
    const { token } = await signedUpCustomer(ordo);
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [{ ...fibre('1'), productOffering: { id: 'home-and-mobile' } }] }, bearer(token))).body;
    const url = `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`;
    const [candidate] = (await httpJson('GET', `${url}/numberCandidate?count=1`, undefined, bearer(token))).body as { number: string }[];
    const held = await httpJson('POST', `${url}/cartItem/1/numberHold`, { number: candidate!.number }, bearer(token));
    expect(held.status, JSON.stringify(held.body)).to.equal(201);
    expect(held.body).to.include({ number: candidate!.number, line: 1, cartItemId: '1' });
    const second = await httpJson('POST', `${url}/cartItem/1/numberHold`, { line: 2 }, bearer(token));
    expect(second.status, 'the bundle has one mobile part, so one number').to.equal(400);
    expect(second.body.message).to.contain('1 to 1');

    const checkedOut = await httpJson('POST', `${url}/checkout`, card(), bearer(token));
    expect(checkedOut.status, JSON.stringify(checkedOut.body)).to.equal(200);
    const order = await finished(ordo, checkedOut.body.productOrder.id);
    expect(order.state, JSON.stringify(order.note)).to.equal('completed');
    const resource = await ordo.resources.findByNumber('msisdn', candidate!.number);
    expect(resource?.usageState, 'the number held in the cart is the bundle\'s mobile number').to.equal('active');
    expect(resource?._ordo.reservation).to.include({ orderId: order.id, itemId: '1/mobile-unlimited' });
  });

  it('an offering retired after it was put in the cart is flagged on the item, and the checkout refuses it with the reason', async () => {
    const { token } = await signedUpCustomer(ordo);
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [fibre('1')] }, bearer(token))).body;
    const catalog = defaultCatalog();
    catalog.productSpecification.find((s: { id: string }) => s.id === 'mobile-subscription')!.maxQuantity = 2;
    const retired = { ...catalog, productOffering: catalog.productOffering.map((o: { id: string }) => (o.id === 'fibre-500' ? { ...o, lifecycleStatus: 'Retired' } : o)) };
    await ordo.catalog.store.replaceAll(retired);
    try {
      const refused = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token));
      expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
      expect(refused.body.code).to.equal('OFFERING_NOT_FOR_SALE');
      expect(refused.body.message).to.contain('Fibre 500');
      const flagged = (await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, undefined, bearer(token))).body;
      expect(flagged.cartItem[0].unavailable).to.include({ code: 'OFFERING_RETIRED' });
      expect(flagged.status).to.equal('active');
    } finally {
      await ordo.catalog.store.replaceAll(catalog);
    }
  });

  it('prices that changed since the cart was priced are shown before anything is charged: 409, the new totals, then the next click pays them', async () => {
    const { token } = await signedUpCustomer(ordo);
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [fibre('1')] }, bearer(token))).body;
    const monthly = (c: { cartTotalPrice: { priceType: string; price: { taxIncludedAmount: { value: number } } }[] }) => c.cartTotalPrice.find((p) => p.priceType === 'recurring')!.price.taxIncludedAmount.value;
    const catalog = defaultCatalog();
    catalog.productSpecification.find((s: { id: string }) => s.id === 'mobile-subscription')!.maxQuantity = 2;
    const dearer = JSON.parse(JSON.stringify(catalog));
    const price = dearer.productOfferingPrice.find((p: { id: string }) => p.id === 'fibre-500-monthly');
    price.price.value = Math.round((price.price.value + 10) * 100) / 100;
    await ordo.catalog.store.replaceAll(dearer);
    try {
      const chargesBefore = ordo.paymentProvider.simulator!.charges().length;
      const refused = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token));
      expect(refused.status, JSON.stringify(refused.body)).to.equal(409);
      expect(refused.body.code).to.equal('PRICES_CHANGED');
      expect(ordo.paymentProvider.simulator!.charges().length, 'nothing charged').to.equal(chargesBefore);
      const shown = (await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, undefined, bearer(token))).body;
      expect(shown.status).to.equal('active');
      expect(monthly(shown), 'the cart shows the new monthly total').to.be.greaterThan(monthly(cart) + 9);
      const paid = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/checkout`, card(), bearer(token));
      expect(paid.status, JSON.stringify(paid.body)).to.equal(200);
      expect(monthly(paid.body)).to.equal(monthly(shown));
    } finally {
      await ordo.catalog.store.replaceAll(catalog);
    }
  });

  /** A back end acting for every party: it names the customer itself. */
  async function operatorLike() {
    return bearer(await tokenFor({ sub: 'shop-backend', roles: [Role.orderRead, Role.orderWrite, Role.allParties] }));
  }
});

describe('TMF663 shopping carts: a checkout the payment provider does not answer', function () {
  this.timeout(180_000);
  /** Long enough that a click (up to 3 provider requests of at most 1 s each, on a loaded machine too) is answered well before it (ms). */
  const CONFIRMATION_TIMEOUT_MS = 10_000;
  let ordo: Ordo;
  let shopper: Record<string, string>;
  const newCart = async () => (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, shopper)).body;
  const patch = (id: string) => httpJson('PATCH', `${ordo.baseUrl}${CART}/shoppingCart/${id}`, { cartItem: [mobile()] }, { ...shopper, 'content-type': 'application/merge-patch+json' });
  const read = async (id: string) => (await httpJson('GET', `${ordo.baseUrl}${CART}/shoppingCart/${id}`, undefined, shopper)).body;
  const checkoutOf = (id: string, token = 'tok_visa') => httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${id}/checkout`, card(token), shopper);
  const ordersOf = (id: string) => ordo.orders.collection.countDocuments({ description: `Checkout of shopping cart ${id}` });
  const paymentsOf = (id: string) => ordo.payments.payments.findWhere({ '_ordo.cartId': id }, { '_ordo.attempt': 1 });
  const reopened = (id: string) => eventually(`cart ${id} reopened`, async () => { const c = await read(id); return c.status === 'active' && c; }, 30_000);

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS: String(CONFIRMATION_TIMEOUT_MS), ORDO_PAYMENT_TIMEOUT_MS: '1000', ORDO_INVENTORY_SEED_SIZE: '100' }));
    shopper = bearer(await tokenFor({ sub: 'shopper', roles: [Role.orderRead, Role.orderWrite], party: `party-${randomUUID()}` }));
    await ordo.deployed;
  });
  after(() => retireTestOrdo(ordo, 60_000));

  it('past ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS the cart reopens as it was (a click then answers 503); once the provider is back, what it may have charged is refunded before a new checkout charges once', async () => {
    const simulator = ordo.paymentProvider.simulator!;
    // `unheard`: the provider charges, but its answer never reaches Ordo. `unreached`: its request never reaches the provider.
    // `expiring`: never reaches it either, and its token has expired by the time the provider is back.
    const [unheard, unreached, expiring] = await Promise.all([0, 1, 2].map(newCart));
    const held = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${unreached.id}/cartItem/1/numberHold`, {}, shopper);
    expect(held.status, JSON.stringify(held.body)).to.equal(201);
    try {
      simulator.script({ token: 'tok_visa_unheard' }, { outcome: 'approve', delayMs: 5000 });
      const chargesBefore = simulator.charges().length;
      const unheardClick = checkoutOf(unheard.id, 'tok_visa_unheard');
      await eventually('the provider took the unheard charge', async () => simulator.charges().length > chargesBefore, 10_000, 50);
      simulator.down();
      const clicks = [await unheardClick, await checkoutOf(unreached.id), await checkoutOf(expiring.id, 'tok_expiring')];
      expect(clicks.map((c) => [c.status, c.body.status]), 'what a click answers while the provider does not: the checkout goes on').to.deep.equal([[202, 'checkingOut'], [202, 'checkingOut'], [202, 'checkingOut']]);
      // The sweep is held off the unreached cart: the customer's next click, past the timeout, gives it up.
      await ordo.carts.store.collection.updateOne({ _id: unreached.id }, { $set: { '_ordo.checkout.nextCheckAt': new Date(Date.now() + 3_600_000) } });
      for (const cart of [unheard, unreached, expiring]) {
        expect((await read(cart.id)).status).to.equal('checkingOut');
        expect((await patch(cart.id)).body.code, 'locked while it is paid for').to.equal('CART_NOT_ACTIVE');
      }

      const { startedAt } = (await ordo.carts.store.findStored(unreached.id))!._ordo.checkout!;
      await sleep(Math.max(0, startedAt.getTime() + CONFIRMATION_TIMEOUT_MS + 200 - Date.now()));
      const late = await checkoutOf(unreached.id);
      expect(late.status, JSON.stringify(late.body)).to.equal(503);
      expect(late.body.code, 'nothing was declined').to.equal('PAYMENT_PROVIDER_UNAVAILABLE');
      expect(late.body.message).to.contain('could not be reached');
      expect(Number(late.headers.get('retry-after')), 'Retry-After').to.be.above(0);

      for (const cart of [unheard, unreached, expiring]) {
        const active = await reopened(cart.id);
        expect(active.checkoutFailure.reason).to.contain('could not be reached');
        expect(active.cartItem).to.deep.equal(cart.cartItem);
        expect(await ordersOf(cart.id)).to.equal(0);
        const [payment] = await paymentsOf(cart.id);
        expect(payment!.status, 'recorded as given up').to.equal('canceled');
        expect(payment!._ordo.givenUp?.why).to.equal('unreachable');
        expect(payment!._ordo.abandoned, 'it was sent: kept to be settled at the provider').to.not.equal(undefined);
        expect(active.checkoutFailure.paymentId).to.equal(payment!.id);
      }
      expect((await read(unreached.id)).numberHold.map((h: { number: string }) => h.number), 'the cart keeps its number').to.deep.equal([held.body.number]);
      expect((await patch(unreached.id)).status, 'the customer may change the cart again').to.equal(200);

      // Back, but refusing the expired token: the request sent again under the key is refused, so the provider holds no charge under it.
      simulator.script({ token: 'tok_expiring' }, { outcome: 'refuse' });
      simulator.up();
      for (const cart of [unheard, unreached, expiring]) {
        const paid = await checkoutOf(cart.id);
        expect(paid.status, JSON.stringify(paid.body)).to.equal(200);
        expect(paid.body.status).to.equal('checkedOut');
        expect(await ordersOf(cart.id), 'one order').to.equal(1);
        const [first, second] = await paymentsOf(cart.id);
        expect(second!._ordo.key, 'a new attempt: its own key').to.not.equal(first!._ordo.key);
        expect(paid.body.productOrder.id, 'and its own order').to.equal(second!._ordo.orderId).and.not.equal(first!._ordo.orderId);
        expect(await ordo.orders.findStored(first!._ordo.orderId)).to.equal(null);
        const secondCharge = simulator.payment(second!._ordo.providerPaymentId!)!;
        expect((await ordo.payments.payments.findStored(first!.id))!._ordo.abandoned, 'settled').to.equal(undefined);
        if (cart === expiring) {
          expect(simulator.charges().filter((c) => c.reference === first!.id), 'nothing charged under the first key').to.deep.equal([]);
          expect(await ordo.payments.refunds.findWhere({ '_ordo.paymentId': first!.id })).to.have.length(0);
          expect(secondCharge.status).to.equal('approved');
          continue;
        }
        // The first attempt's payment is settled before the second is charged: whatever the provider took is given back.
        const firstCharge = simulator.payment((await ordo.payments.payments.findStored(first!.id))!._ordo.providerPaymentId!)!;
        expect(firstCharge).to.include({ status: 'approved', refundedMinor: firstCharge.amount.minor });
        const refund = simulator.refunds().find((r) => r.paymentId === firstCharge.id)!;
        expect(refund.createdAt <= secondCharge.createdAt, 'refunded before the new charge').to.equal(true);
        const net = [firstCharge, secondCharge].reduce((sum, c) => sum + (c.status === 'approved' ? c.amount.minor - c.refundedMinor : 0), 0);
        expect(net, 'charged exactly once, net').to.equal(second!._ordo.amount.minor);
        expect(await ordo.payments.refunds.findWhere({ '_ordo.paymentId': first!.id })).to.have.length(1);
      }
    } finally {
      simulator.reset();
    }
  });

  it('a payment request the provider keeps refusing (its key used for another request) ends the checkout at the timeout; the payment goes to a person, and the cart checks out again', async () => {
    const simulator = ordo.paymentProvider.simulator!;
    const cart = await newCart();
    // Another request under the checkout's key (attempt 1): the provider refuses each of Ordo's with 422.
    await ordo.paymentProvider.client!.createPayment({ amount: { currency: 'CHF', minor: 1 }, method: { type: 'card', token: 'tok_visa' }, reference: 'another-request' }, `shoppingCart:${cart.id}:1`);
    const click = await checkoutOf(cart.id);
    expect([click.status, click.body.status], JSON.stringify(click.body)).to.deep.equal([202, 'checkingOut']);
    const active = await reopened(cart.id);
    expect(active.checkoutFailure.reason).to.contain('did not take the payment request');
    expect(await ordersOf(cart.id)).to.equal(0);
    const [first] = await paymentsOf(cart.id);
    expect(first!.status).to.equal('canceled');
    expect(first!._ordo.givenUp?.why).to.equal('refused');

    const paid = await checkoutOf(cart.id);
    expect(paid.status, 'an earlier payment Ordo cannot settle holds nothing up').to.equal(200);
    expect(paid.body.status).to.equal('checkedOut');
    expect(await ordersOf(cart.id), 'one order').to.equal(1);
    const abandoned = (await ordo.payments.payments.findStored(first!.id))!._ordo.abandoned;
    expect(abandoned?.needsPerson?.reason, 'handed to a person').to.contain('idempotency_key_reused');
    expect(abandoned?.nextTryAt, 'and no longer tried').to.equal(undefined);
    expect(await (await fetch(`${ordo.baseUrl}/metrics`)).text(), 'and counted for the alert').to.match(/^ordo_payments_needing_person [1-9]/m);
    expect(await ordo.payments.abandonedOfCart(cart.id)).to.deep.equal([]);
    expect(simulator.charges().filter((c) => c.reference === first!.id), 'Ordo charged nothing under that key').to.deep.equal([]);
  });

  it('a payment given up before it was ever sent (Ordo stopped in between) is only recorded canceled: there is nothing to settle at the provider', async () => {
    const cart = await newCart();
    expect((await checkoutOf(cart.id)).status).to.equal(200);
    const [sent] = await paymentsOf(cart.id);
    expect(sent!._ordo.sentAt, 'recorded before the request went out').to.be.instanceOf(Date);
    const id = randomUUID();
    // The same payment as recorded before its first request: no sentAt, no answer.
    const { providerPaymentId, sentAt, outbox, outboxPending, fanOutPending, ...recorded } = sent!._ordo;
    await ordo.payments.payments.insertOnce({ ...sent!, id, _id: id, href: ordo.payments.payments.href(id), status: PaymentStatus.pending, _ordo: { ...recorded, revision: 0, key: `${sent!._ordo.key}:never-sent` } });
    try {
      const givenUp = await abandonPayment(ordo.payments, id, 'unreachable');
      expect(givenUp.status).to.equal('canceled');
      const stored = (await ordo.payments.payments.findStored(id))!;
      expect(stored._ordo.givenUp?.why).to.equal('unreachable');
      expect(stored._ordo.abandoned, 'nothing to settle').to.equal(undefined);
      expect((await ordo.payments.abandonedOfCart(cart.id)).map((p) => p.id)).to.not.include(id);
    } finally {
      await ordo.payments.payments.collection.deleteOne({ _id: id });
    }
  });

  it('a payment recorded before sends were recorded counts as sent; one sent longer ago than providers keep keys goes to a person instead of being sent again', async () => {
    const cart = await newCart();
    expect((await checkoutOf(cart.id)).status).to.equal(200);
    const [sent] = await paymentsOf(cart.id);
    const { providerPaymentId, sentAt, sendTracked, outbox, outboxPending, fanOutPending, ...recorded } = sent!._ordo;
    expect(sendTracked, 'a checkout payment says that its sends are recorded').to.equal(true);
    const copy = async (suffix: string, extra: Record<string, unknown>) => {
      const id = randomUUID();
      await ordo.payments.payments.insertOnce({ ...sent!, id, _id: id, href: ordo.payments.payments.href(id), status: PaymentStatus.pending, _ordo: { ...recorded, revision: 0, key: `${sent!._ordo.key}:${suffix}`, ...extra } });
      return id;
    };
    const legacy = await copy('legacy', {});
    const old = await copy('old', { sendTracked: true, sentAt: new Date(Date.now() - 25 * 3_600_000) });
    try {
      await abandonPayment(ordo.payments, legacy, 'unreachable');
      expect((await ordo.payments.payments.findStored(legacy))!._ordo.abandoned, 'it may have been sent: to be settled').to.not.equal(undefined);
      const given = await abandonPayment(ordo.payments, old, 'unreachable');
      const chargesBefore = ordo.paymentProvider.simulator!.charges().length;
      const settlement = await settleAbandoned(paymentDepsOf(ordo) as Parameters<typeof settleAbandoned>[0], given);
      expect(settlement.outcome).to.equal('needsPerson');
      expect(ordo.paymentProvider.simulator!.charges().length, 'not sent again').to.equal(chargesBefore);
      expect((await ordo.payments.payments.findStored(old))!._ordo.abandoned?.needsPerson).to.not.equal(undefined);
    } finally {
      await ordo.payments.payments.collection.deleteMany({ _id: { $in: [legacy, old] } });
    }
  });
});

describe('abandoned carts (bpmn/abandoned-cart.bpmn) with short timers', function () {
  this.timeout(180_000);
  let ordo: Ordo;

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_CART_FIRST_REMINDER_AFTER_MS: '3000', ORDO_CART_SECOND_REMINDER_AFTER_MS: '3000', ORDO_CART_EXPIRE_AFTER_MS: '3000', ORDO_CART_LINK: 'https://shop.example.com/cart/{id}', ORDO_INVENTORY_SEED_SIZE: '100' }), { mintUserTokens: (claims) => issuer.mint(claims) });
    await ordo.deployed;
  });
  after(() => retireTestOrdo(ordo, 60_000));

  /** The cart reminders an address got (a signed-up customer's first message is the sign-up code). */
  const remindersTo = (address: string) => ordo.notificationSimulator!.messagesTo(address).filter((m) => /cart/i.test(m.content));

  it('idle: first reminder, second reminder, then expired with its number back in the pool; a used cart starts over; only the customer\'s own address is written to', async () => {
    const address = email();
    const { token } = await signedUpCustomer(ordo, address);
    const shopper = bearer(token);
    // The cart names someone else's address: reminders still go only to the address the customer proved at sign-up.
    const strangerAddress = email();
    const contactMedium = [{ mediumType: 'email', characteristic: { emailAddress: strangerAddress } }];
    const anonymousAddress = email();
    const anonymous = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()], contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: anonymousAddress } }] }, visitor)).body;
    const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()], contactMedium }, shopper)).body;
    const held = await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}/cartItem/1/numberHold`, {}, shopper);
    expect(held.status, JSON.stringify(held.body)).to.equal(201);
    const first = await eventually('the first reminder', async () => remindersTo(address)[0], 60_000);
    expect(first.content).to.contain(`https://shop.example.com/cart/${cart.id}`);
    // Used after the first reminder: the wait starts again, so the next reminder is a first one again.
    expect((await httpJson('PATCH', `${ordo.baseUrl}${CART}/shoppingCart/${cart.id}`, { contactMedium, cartItem: [mobile()] }, { ...shopper, 'content-type': 'application/merge-patch+json' })).status).to.equal(200);
    const messages = await eventually('three reminders', async () => { const m = remindersTo(address); return m.length >= 3 && m; }, 90_000);
    expect(messages[1]!.content, 'after the use, a first reminder again').to.contain('is waiting for you');
    expect(messages[2]!.content).to.contain('Last reminder');
    const expired = await eventually('the cart expired', async () => { const c = await ordo.carts.store.findStored(cart.id); return c?.status === 'expired' && c; }, 60_000);
    expect(expired._ordo.reminders).to.be.at.least(3);
    // The expiry step frees the numbers right after its write (and again if repeated), so a read may come between.
    const resource = await eventually('the number back in the pool', async () => {
      const r = await ordo.resources.findByNumber('msisdn', held.body.number);
      return r?.resourceStatus === 'available' && r;
    }, 30_000);
    expect(resource._ordo.reservation).to.equal(undefined);
    expect(ordo.notificationSimulator!.messagesTo(strangerAddress), 'an address only the cart names gets nothing').to.have.length(0);
    expect(ordo.notificationSimulator!.messagesTo(anonymousAddress), 'an anonymous cart\'s address gets nothing').to.have.length(0);
    expect((await ordo.carts.store.findStored(anonymous.id))!._ordo.reminders, 'yet the anonymous cart counts as abandoned').to.be.at.least(1);
    const metrics = await (await fetch(`${ordo.baseUrl}/metrics`)).text();
    expect(metrics).to.match(/ordo_shopping_carts\{status="expired",reminded="true"\} [1-9]/);
  });

  it('a checkout or a deletion ends the cart\'s process at once', async () => {
    const shopper = bearer(await tokenFor({ sub: 'shopper', roles: [Role.orderRead, Role.orderWrite], party: `party-${randomUUID()}` }));
    const running = async (id: string) => (await ordo.engine.instancesByBusinessKey(id, 'abandoned-cart')).filter((i) => i.active);
    const [bought, dropped] = await Promise.all([0, 1].map(async () => (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, shopper)).body));
    for (const cart of [bought, dropped]) await eventually(`the process of cart ${cart.id}`, async () => (await running(cart.id)).length === 1, 30_000);
    expect((await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart/${bought.id}/checkout`, card(), shopper)).status).to.equal(200);
    expect((await httpJson('DELETE', `${ordo.baseUrl}${CART}/shoppingCart/${dropped.id}`, undefined, shopper)).status).to.equal(204);
    for (const cart of [bought, dropped]) await eventually(`the process of cart ${cart.id} ended`, async () => (await running(cart.id)).length === 0, 30_000);
  });

  it('timers an analyst changes in the model are the ones that count: shorter waits than configured still remind and expire', async () => {
    const model = path.join(bpmnDir, 'abandoned-cart.bpmn');
    const original = await readFile(model, 'utf8');
    const shorter = original.replace(/\$\{(firstReminderAfter|secondReminderAfter|expireAfter)\}/g, 'PT1S');
    expect(shorter).not.to.equal(original);
    await ordo.engine.deploy('abandoned-cart-shorter-timers', [{ fileName: 'abandoned-cart.bpmn', xml: shorter }]);
    try {
      const address = email();
      const { token } = await signedUpCustomer(ordo, address);
      const cart = (await httpJson('POST', `${ordo.baseUrl}${CART}/shoppingCart`, { cartItem: [mobile()] }, bearer(token))).body;
      const expired = await eventually('the cart expired', async () => { const c = await ordo.carts.store.findStored(cart.id); return c?.status === 'expired' && c; }, 60_000);
      expect(expired._ordo.reminders, 'both reminders, though the configured waits (3 s each) had not passed').to.equal(2);
      expect(remindersTo(address).map((m) => m.content.startsWith('Last reminder'))).to.deep.equal([false, true]);
    } finally {
      await ordo.engine.deploy('abandoned-cart-restored', [{ fileName: 'abandoned-cart.bpmn', xml: original }]);
    }
  });
});
