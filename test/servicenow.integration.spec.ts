import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { SERVICENOW_WEBHOOK_PATH } from '../engine/fallout/resolution-routes.js';
import { ServiceNowSimulator } from '../adapters/servicenow/simulator.js';
import { basicAuthHeader, INCIDENT_STATE, type Incident } from '../adapters/servicenow/servicenow-api.js';
import { PaymentProviderSimulator } from '../adapters/payment/simulator.js';
import { ActivationSimulator } from '../adapters/activation/simulator.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

const WEBHOOK = { user: 'servicenow-outbound', password: 'resolution-secret' };
const paidOrder = () =>
  sampleOrder({
    payment: [{ id: 'tok_visa', '@referredType': 'BankCard' }],
    productOrderItem: [{ id: '1', action: 'add', quantity: 1, productOffering: { id: 'mobile-basic' }, itemTotalPrice: [{ priceType: 'oneTime', price: { taxIncludedAmount: { unit: 'EUR', value: 9.9 } } }] }],
  });

describe('ServiceNow: a step failing past its retries becomes a case; its resolution steers the order', () => {
  let servicenow: ServiceNowSimulator;
  let provider: PaymentProviderSimulator;
  let network: ActivationSimulator;
  let ordo: Ordo;

  const place = async () => {
    const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, paidOrder());
    expect(res.status).to.equal(201);
    return res.body.id as string;
  };
  const orderOf = async (id: string) => (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body;
  const finished = (id: string) => eventually(`order ${id} to finish`, async () => {
    const order = await orderOf(id);
    return ['completed', 'failed', 'partial', 'cancelled'].includes(order.state) ? order : undefined;
  }, 90_000);
  const caseFor = (orderId: string) => eventually(`a case for ${orderId}`, async () => servicenow.incidents().find((i) => i.u_order_id === orderId), 90_000);
  const closed = (sysId: string) => eventually('the case closed', async () => {
    const incident = servicenow.incident(sysId);
    return incident?.state === INCIDENT_STATE.closed ? incident : undefined;
  }, 30_000);

  before(async () => {
    servicenow = await ServiceNowSimulator.start({ user: 'ordo-integration', password: 'table-api-secret' });
    provider = await PaymentProviderSimulator.start({ apiKey: 'sk_test', webhookSecret: 'whsec' });
    network = await ActivationSimulator.start({ apiKey: 'hlr-key' });
    ordo = await startOrdo(
      testConfig({
        ORDO_SERVICENOW_URL: servicenow.baseUrl,
        ORDO_SERVICENOW_USER: 'ordo-integration',
        ORDO_SERVICENOW_PASSWORD: 'table-api-secret',
        ORDO_SERVICENOW_WEBHOOK_USER: WEBHOOK.user,
        ORDO_SERVICENOW_WEBHOOK_PASSWORD: WEBHOOK.password,
        ORDO_PAYMENT_PROVIDER_URL: provider.baseUrl,
        ORDO_PAYMENT_PROVIDER_API_KEY: 'sk_test',
        ORDO_PAYMENT_WEBHOOK_SECRET: 'whsec',
        ORDO_ACTIVATION_URL: network.baseUrl,
        ORDO_ACTIVATION_API_KEY: 'hlr-key',
        ORDO_INVENTORY_SEED_SIZE: '200',
      }),
    );
    await ordo.deployed;
    servicenow.setWebhook({ url: `${ordo.baseUrl}${SERVICENOW_WEBHOOK_PATH}`, ...WEBHOOK });
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
    await provider?.close();
    await network?.close();
    await servicenow?.close();
  });
  afterEach(() => {
    provider.reset();
    network.reset();
  });

  it('the provider keeps failing: a case with the context; resolved "retry", the step runs again and the order completes', async () => {
    // Every attempt of the job (3, each with the client's own 3 tries) meets a failing provider.
    provider.failNext(9);
    const id = await place();
    const incident: Incident = await caseFor(id);
    expect(incident).to.include({ u_order_id: id, u_order_item_id: '1', u_failed_step: 'collect-payment', category: 'order_fallout', state: INCIDENT_STATE.new });
    expect(incident.u_error).to.match(/503/);
    expect(incident.u_order_url).to.equal((await orderOf(id)).href);
    expect(incident.u_process_url).to.match(/\/operaton\/app\/cockpit\/default\/#\/ordo-orders\?instance=[0-9a-f-]{36}$/);
    expect(incident.correlation_id).to.equal(`${id}:1:collect-payment:1`);
    // Waiting on people: the order is held.
    expect((await eventually('the order held', async () => (await orderOf(id)).state === 'held' && 'held'))).to.equal('held');

    expect(await servicenow.resolve(incident.sys_id, 'retry', 'provider is back')).to.equal(200);
    expect(['inProgress', 'completed']).to.include((await orderOf(id)).state);
    expect((await finished(id)).state).to.equal('completed');
    const done = await closed(incident.sys_id);
    expect(done.close_notes).to.match(/resolution "retry" applied; the order item ended completed/);
    expect(done.work_notes).to.contain('Ordo runs the step again.');
    const payments = await ordo.payments.paymentsOfOrder(id);
    expect(payments.map((p) => p.status)).to.deep.equal(['captured']);
    expect(provider.charges().filter((c) => c.reference === payments[0]!.id)).to.have.length(1);
    expect(servicenow.incidents().filter((i) => i.u_order_id === id)).to.have.length(1);
  });

  it('resolved in the Ordo console instead: the case shows in the order overview, "retry" from there resumes the step, the case gets a work note; a second resolution is refused', async () => {
    provider.failNext(9);
    const id = await place();
    const incident: Incident = await caseFor(id);
    await eventually('the order held', async () => (await orderOf(id)).state === 'held');
    const overview = (await httpJson('GET', `${ordo.baseUrl}/ordo/admin/v1/productOrder/${id}/overview`)).body;
    expect(overview.fallouts).to.have.length(1);
    expect(overview.fallouts[0]).to.include({ id: incident.correlation_id, step: 'collect-payment', incident: incident.number });
    expect(overview.fallouts[0].resolution).to.equal(undefined);

    const resolve = (body: unknown) => httpJson('POST', `${ordo.baseUrl}/ordo/admin/v1/fallout/${encodeURIComponent(incident.correlation_id!)}/resolution`, body);
    expect((await resolve({ resolution: 'later' })).status).to.equal(400);
    expect((await resolve({ resolution: 'retry', note: 'x'.repeat(501) })).status).to.equal(400);
    expect((await ordo.fallouts.collection.findOne({ _id: incident.correlation_id! }))?.resolution, 'nothing recorded by a refused call').to.equal(undefined);
    expect((await resolve({ resolution: 'retry', note: 'provider is back' })).status).to.equal(200);
    expect((await finished(id)).state).to.equal('completed');
    expect((await resolve({ resolution: 'fail' })).body).to.include({ code: 'ALREADY_RESOLVED' });
    const done = await closed(incident.sys_id);
    expect(done.work_notes).to.match(/Resolved in the Ordo console by test-operator: retry \(provider is back\)/);
    expect((await resolve({ resolution: 'retry' })).status).to.equal(409);
    expect((await httpJson('POST', `${ordo.baseUrl}/ordo/admin/v1/fallout/no-such-case/resolution`, { resolution: 'retry' })).status).to.equal(404);
  });

  it('resolved "fail": the item fails with the case named, what it reserved goes back, the case is closed with the outcome', async () => {
    provider.failNext(9);
    const id = await place();
    const incident = await caseFor(id);
    await servicenow.resolve(incident.sys_id, 'fail');
    const order = await finished(id);
    expect(order.state).to.equal('failed');
    expect(order.note.at(-1).text).to.match(new RegExp(`^Item 1 failed: collect-payment failed \\(.*\\); case ${incident.number} resolved: fail$`));
    for (const h of (await ordo.orders.findStored(id))!._ordo.resources!) expect(await ordo.resources.findStored(h.resourceId)).to.include({ resourceStatus: 'available', usageState: 'idle' });
    expect((await closed(incident.sys_id)).close_notes).to.match(/the order item ended failed/);
  });

  it('activation fails: a case; resolved "retry", the subscriber is activated once and the order completes', async () => {
    network.failNext(9);
    const id = await place();
    const incident = await caseFor(id);
    expect(incident).to.include({ u_failed_step: 'activate-resources', u_order_item_id: '1' });
    await servicenow.resolve(incident.sys_id, 'retry');
    expect((await finished(id)).state).to.equal('completed');
    const held = (await ordo.orders.findStored(id))!._ordo.resources!;
    const msisdn = held.find((h) => h.role === 'msisdn')!.number;
    expect(network.subscriber(msisdn)).to.include({ iccid: held.find((h) => h.role === 'sim')!.number, status: 'active' });
    expect((await closed(incident.sys_id)).close_notes).to.match(/ended completed/);
  });

  it('activation fails, resolved "fail": the payment is refunded, the number and SIM go back, the item fails, the case is closed', async () => {
    network.failNext(9);
    const id = await place();
    const incident = await caseFor(id);
    await servicenow.resolve(incident.sys_id, 'fail');
    const order = await finished(id);
    expect(order.state).to.equal('failed');
    expect(order.note.at(-1).text).to.match(new RegExp(`^Item 1 failed: serviceOrder \\S+ failed: resourceOrder \\S+ failed: case ${incident.number} resolved fail: `));
    // The data service completed before the voice one failed: withdrawn, so nothing stays active for the failed item.
    const services = await ordo.services.collection.find({ '_ordo.orderId': id }).toArray();
    expect(services.map((s) => [s['serviceSpecification'].id, s['state']])).to.deep.equal([['mobile-data-cfs', 'terminated']]);
    const [payment] = await ordo.payments.paymentsOfOrder(id);
    expect(provider.refunds().filter((r) => r.paymentId === payment!._ordo.providerPaymentId)).to.have.length(1);
    for (const h of (await ordo.orders.findStored(id))!._ordo.resources!) expect(await ordo.resources.findStored(h.resourceId)).to.include({ resourceStatus: 'available', usageState: 'idle' });
    expect((await closed(incident.sys_id)).close_notes).to.match(/ended failed/);
  });

  it('the resolution webhook takes only ServiceNow\'s user, known cases, and each resolution once', async () => {
    const url = `${ordo.baseUrl}${SERVICENOW_WEBHOOK_PATH}`;
    const body = { sys_id: 'x', number: 'INC0', correlation_id: 'no-such-case', u_resolution: 'retry', resolved_at: new Date().toISOString() };
    expect((await httpJson('POST', url, body)).status).to.equal(401);
    expect((await httpJson('POST', url, body, { authorization: basicAuthHeader(WEBHOOK.user, 'wrong') })).status).to.equal(401);
    const auth = { authorization: basicAuthHeader(WEBHOOK.user, WEBHOOK.password) };
    expect((await httpJson('POST', url, body, auth)).status).to.equal(404);
    expect((await httpJson('POST', url, { ...body, u_resolution: 'maybe' }, auth)).status).to.equal(400);
    const [resolved] = servicenow.incidents().filter((i) => i.state === INCIDENT_STATE.closed);
    const again = await httpJson('POST', url, { ...body, correlation_id: resolved!.correlation_id }, auth);
    expect(again.status).to.equal(200);
    expect(again.body).to.include({ duplicate: true });
  });
});
