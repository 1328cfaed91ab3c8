import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { SalesforceSimulator } from '../adapters/salesforce/simulator.js';
import type { SalesforceOrder } from '../adapters/salesforce/salesforce-api.js';
import { eventually, httpJson, retireTestOrdo, testConfig } from './support/harness.js';

const INBOUND = 'sf-inbound-test-token';
const sfId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`.slice(0, 18);

/** A CPQ order for one mobile line; custom fields on the item become characteristics. */
const cpqOrder = (overrides: Partial<SalesforceOrder> = {}, item: Record<string, unknown> = {}): SalesforceOrder => ({
  Id: sfId('801'),
  OrderNumber: `0000${Math.floor(Math.random() * 1e6)}`,
  AccountId: '001AcmeCorp0000001',
  Account: { Name: 'Acme Corp' },
  EffectiveDate: '2026-12-01',
  CurrencyIsoCode: 'EUR',
  OrderItems: [{ Id: sfId('802'), Product2: { ProductCode: 'mobile-basic', Name: 'Mobile Basic' }, Quantity: 1, UnitPrice: 29.9, Action__c: 'Add', ...item }],
  ...overrides,
});

/** Order- then item-level, as a one-line order that completes reports itself. */
const happyPath = ['OrderAccepted', 'OrderInProgress', 'OrderItemAccepted', 'OrderItemInProgress', 'OrderItemActivated', 'OrderItemAssetized', 'OrderActivated'];

describe('Salesforce CPQ: orders in through the integration layer, notifications out as Platform Events', () => {
  let simulator: SalesforceSimulator;
  let ordo: Ordo;

  const stateOf = async (id: string) => (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body.state as string;
  const typesFor = (order: SalesforceOrder) => simulator.notificationsFor(order.Id).map((n) => n.Notification_Type__c);
  async function submitted(order: SalesforceOrder): Promise<string> {
    const answer = await simulator.submitOrder(ordo.baseUrl, order);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return (answer.body as { ordoOrderId: string }).ordoOrderId;
  }
  const notified = (order: SalesforceOrder, types: string[], timeoutMs = 60_000) =>
    eventually(`Salesforce to hear ${types.at(-1)} for ${order.Id}`, async () => typesFor(order).length >= types.length, timeoutMs);

  before(async () => {
    simulator = await SalesforceSimulator.start({ clientId: 'ordo-connected-app', clientSecret: 'connected-app-secret', inboundToken: INBOUND });
    ordo = await startOrdo(
      testConfig({
        ORDO_SALESFORCE_LOGIN_URL: simulator.baseUrl,
        ORDO_SALESFORCE_CLIENT_ID: 'ordo-connected-app',
        ORDO_SALESFORCE_CLIENT_SECRET: 'connected-app-secret',
        ORDO_SALESFORCE_INBOUND_TOKEN: INBOUND,
        ORDO_INVENTORY_SEED_SIZE: '200',
      }),
    );
    await ordo.deployed;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
    await simulator?.close();
  });
  afterEach(() => simulator.reset());

  it('CPQ submits, the order completes, and Salesforce hears each order and item step once, in order', async () => {
    const order = cpqOrder({}, { numberCategory__c: 'golden' });
    const id = await submitted(order);
    await notified(order, happyPath);
    expect(await stateOf(id)).to.equal('completed');
    expect(typesFor(order)).to.deep.equal(happyPath);
    const events = simulator.notificationsFor(order.Id);
    for (const e of events) expect(e).to.include({ Salesforce_Order_Id__c: order.Id, Ordo_Order_Id__c: id });
    expect(events.filter((e) => e.Notification_Type__c.startsWith('OrderItem')).every((e) => e.Order_Item_Id__c === order.OrderItems[0]!.Id)).to.equal(true);
    // Mapped as the mapping module says: the Salesforce ids, the customer, the custom field as a characteristic.
    const tmf = (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body;
    expect(tmf).to.include({ externalId: order.Id });
    expect(tmf.relatedParty[0]).to.include({ id: order.AccountId, role: 'Customer' });
    expect(tmf.productOrderItem[0]).to.include({ id: order.OrderItems[0]!.Id, action: 'add' });
    expect(tmf.productOrderItem[0].product.productCharacteristic).to.deep.include({ name: 'numberCategory', value: 'golden' });
    expect((await ordo.orders.findStored(id))!._ordo.resources!.find((h) => h.role === 'msisdn')!.number).to.match(/^4179999/);
  });

  it('a resubmission gets the same order back; bad data is Rejected with reasons; a wrong token is refused', async () => {
    const order = cpqOrder();
    const id = await submitted(order);
    const again = await simulator.submitOrder(ordo.baseUrl, order);
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.include({ status: 'Accepted', ordoOrderId: id });

    const unknown = await simulator.submitOrder(ordo.baseUrl, cpqOrder({}, { Product2: { ProductCode: 'no-such-plan' } }));
    expect(unknown.status).to.equal(422);
    expect(unknown.body).to.include({ status: 'Rejected' });
    expect(JSON.stringify((unknown.body as { reasons: string[] }).reasons)).to.contain('no-such-plan');

    const broken = await simulator.submitOrder(ordo.baseUrl, { ...cpqOrder(), OrderItems: [{ Id: 'x', Product2: { ProductCode: '' }, Quantity: 0 }] });
    expect(broken.status).to.equal(400);
    expect((broken.body as { reasons: string[] }).reasons).to.deep.equal(['OrderItems[0].Product2.ProductCode is required', 'OrderItems[0].Quantity must be a positive whole number']);

    const forged = await httpJson('POST', `${ordo.baseUrl}/salesforce/v1/orders`, cpqOrder(), { authorization: 'Bearer not-the-token' });
    expect(forged.status).to.equal(401);
    await notified(order, happyPath);
  });

  it('an order without an account is Provisionally Accepted, queued until the customer is known', async () => {
    const order = cpqOrder({ AccountId: undefined as never, Account: undefined as never });
    delete (order as Partial<SalesforceOrder>).AccountId;
    const answer = await simulator.submitOrder(ordo.baseUrl, order);
    expect(answer.status).to.equal(201);
    expect(answer.body).to.include({ status: 'ProvisionallyAccepted' });
    const id = (answer.body as { ordoOrderId: string }).ordoOrderId;
    await notified(order, ['OrderQueued']);
    expect(typesFor(order)).to.deep.equal(['OrderQueued']);
    expect(await stateOf(id)).to.equal('pending');
    const patched = await httpJson('PATCH', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`, { relatedParty: [{ id: '001Late', role: 'Customer', '@referredType': 'Organization' }] }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    await notified(order, ['OrderQueued', ...happyPath]);
    expect(await stateOf(id)).to.equal('completed');
  });

  it('frozen: the order is held and nothing moves past the next safe point; unfrozen: it completes', async () => {
    const order = cpqOrder();
    const id = await submitted(order);
    const frozen = await simulator.freezeOrder(ordo.baseUrl, order.Id);
    expect(frozen.status).to.equal(200);
    expect(frozen.body).to.include({ status: 'Frozen', orderState: 'held' });
    // However far the process got, it stops at a safe point: the order never completes while frozen.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await stateOf(id)).to.equal('held');
    expect(typesFor(order)).to.not.include('OrderActivated');
    const unfrozen = await simulator.unfreezeOrder(ordo.baseUrl, order.Id);
    expect(unfrozen.body).to.include({ status: 'Unfrozen', orderState: 'inProgress' });
    await notified(order, happyPath);
    expect(await stateOf(id)).to.equal('completed');
    expect(typesFor(order)).to.deep.equal(happyPath);
    // A finished order cannot be frozen.
    expect((await simulator.freezeOrder(ordo.baseUrl, order.Id)).status).to.equal(409);
  });

  it('Salesforce down for a while: the notifications arrive once it is back, each once; an expired token is renewed', async () => {
    simulator.down();
    const order = cpqOrder();
    const id = await submitted(order);
    await new Promise((r) => setTimeout(r, 6000));
    expect(typesFor(order)).to.deep.equal([]);
    simulator.up();
    await notified(order, happyPath, 90_000);
    expect(typesFor(order)).to.deep.equal(happyPath);
    expect(await stateOf(id)).to.equal('completed');

    const tokensBefore = simulator.tokenRequests();
    simulator.expireTokens();
    const next = cpqOrder();
    await submitted(next);
    await notified(next, happyPath);
    expect(simulator.tokenRequests()).to.equal(tokensBefore + 1);
  });
});
