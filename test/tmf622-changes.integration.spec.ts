import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { changeOrderState } from '../engine/orders/change-order-state.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { collectEvents, eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

/**
 * PATCH and DELETE depend on the order's state, so these orders must not run: this Ordo points at
 * an engine that does not exist, and the tests move orders between states themselves.
 */
describe('TMF622 productOrder API over HTTP: PATCH, DELETE and method/media errors', () => {
  let ordo: Ordo;
  let url: string;
  let kafka: Awaited<ReturnType<typeof collectEvents>>;
  before(async () => {
    const config = testConfig({ ORDO_ENGINE_URL: 'http://127.0.0.1:1/engine-rest', ORDO_DEPLOY_ON_START: 'false' });
    kafka = await collectEvents(config, 'productOrder');
    ordo = await startOrdo(config, { workers: false });
    url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
  });
  after(async () => {
    await kafka?.stop();
    if (ordo) await retireTestOrdo(ordo, 0);
  });

  const place = async (overrides: Record<string, unknown> = {}) => (await httpJson('POST', url, sampleOrder(overrides))).body as { id: string; [k: string]: unknown };
  const patch = (id: string, body: unknown, type = 'application/merge-patch+json') => httpJson('PATCH', `${url}/${id}`, body, { 'content-type': type });
  /** The order's event of `type` as published on Kafka (the outbox may already be empty when a test looks). */
  const published = (id: string, type: string) => eventually(`${type} of ${id} on Kafka`, async () => kafka.events.find((e) => e.key === id && e.body.eventType === type)?.body);
  const revisionOf = async (id: string) => (await ordo.orders.findStored(id))?._ordo.revision;

  it('merge-patches attributes of an acknowledged order and emits ProductOrderAttributeValueChangeEvent', async () => {
    const order = await place({ priority: '2', notificationContact: 'ops@example.com' });
    const res = await patch(order.id, { description: 'changed', requestedStartDate: '2027-01-01T00:00:00Z', notificationContact: null });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ description: 'changed', requestedStartDate: '2027-01-01T00:00:00.000Z', priority: '2', state: 'acknowledged' });
    expect(res.body).not.to.have.property('notificationContact');
    expect((await httpJson('GET', `${url}/${order.id}`)).body.description).to.equal('changed');
    const event = (await published(order.id, 'ProductOrderAttributeValueChangeEvent')) as { fieldPath?: string };
    expect(event.fieldPath?.split(',').sort()).to.deep.equal(['description', 'notificationContact', 'requestedStartDate']);
  });

  it('plain application/json is read as a merge patch too; an empty change changes nothing', async () => {
    const order = await place();
    expect((await patch(order.id, { category: 'residential' }, 'application/json')).body.category).to.equal('residential');
    const before = await revisionOf(order.id);
    expect((await patch(order.id, { category: 'residential' })).status).to.equal(200);
    expect(await revisionOf(order.id)).to.equal(before);
  });

  it('refuses what Ordo owns or what is fixed once accepted with 409, unknown or invalid attributes with 400', async () => {
    const order = await place();
    const cases: [unknown, number, string][] = [
      [{ state: 'completed' }, 409, 'NOT_PATCHABLE'],
      [{ completionDate: '2027-01-01T00:00:00Z' }, 409, 'NOT_PATCHABLE'],
      [{ productOrderItem: [{ id: '9', action: 'add' }] }, 409, 'NOT_PATCHABLE'],
      [{ externalId: 'other' }, 409, 'NOT_PATCHABLE'],
      [{ id: 'other' }, 400, 'INVALID_BODY'],
      [{ colour: 'blue' }, 400, 'INVALID_BODY'],
      [{ priority: 5 }, 400, 'INVALID_BODY'],
      [{ requestedStartDate: 'soon' }, 400, 'INVALID_BODY'],
      [{ $set: { state: 'completed' } }, 400, 'INVALID_BODY'],
      [[{ op: 'replace', path: '/description', value: 'x' }], 400, 'INVALID_BODY'],
    ];
    for (const [body, status, code] of cases) {
      const res = await patch(order.id, body);
      expect(res.status, JSON.stringify(body)).to.equal(status);
      expect(res.body, JSON.stringify(body)).to.include({ code, '@type': 'Error', status: String(status) });
    }
    const unchanged = await httpJson('GET', `${url}/${order.id}`);
    expect(unchanged.body.state).to.equal('acknowledged');
    expect(unchanged.body).not.to.have.property('colour');
  });

  it('in progress only informational attributes change; a final order changes no more', async () => {
    const order = await place();
    await changeOrderState(ordo.orders, order.id, { state: 'inProgress', itemState: 'inProgress' });
    expect((await patch(order.id, { description: 'still fine' })).status).to.equal(200);
    const late = await patch(order.id, { requestedStartDate: '2027-01-01T00:00:00Z' });
    expect(late.status).to.equal(409);
    expect(late.body.reason).to.contain('inProgress');
    await changeOrderState(ordo.orders, order.id, { state: 'completed', itemState: 'completed' });
    expect((await patch(order.id, { description: 'too late' })).status).to.equal(409);
  });

  it('DELETE refuses a running order, deletes a final one (204, then 404), and publishes ProductOrderDeleteEvent', async () => {
    const order = await place();
    const early = await httpJson('DELETE', `${url}/${order.id}`);
    expect(early.status).to.equal(409);
    expect(early.body.code).to.equal('ORDER_NOT_FINAL');
    await changeOrderState(ordo.orders, order.id, { state: 'completed', itemState: 'completed' });
    expect((await httpJson('DELETE', `${url}/${order.id}`)).status).to.equal(204);
    expect((await httpJson('GET', `${url}/${order.id}`)).status).to.equal(404);
    expect((await httpJson('DELETE', `${url}/${order.id}`)).status).to.equal(404);
    expect((await patch(order.id, { description: 'x' })).status).to.equal(404);
    const list = await httpJson('GET', `${url}?id=${order.id}`);
    expect(list.body).to.deep.equal([]);
    expect(await published(order.id, 'ProductOrderDeleteEvent')).to.include({ eventType: 'ProductOrderDeleteEvent' });
    await eventually('tombstone purged after its event was published', async () => {
      await ordo.orders.purgeDeleted();
      return (await ordo.orders.collection.countDocuments({ _id: order.id })) === 0;
    });
  });

  it('is degraded, but still up, while the engine cannot be reached', async () => {
    const health = await httpJson('GET', `${ordo.baseUrl}/health`);
    expect(health.status).to.equal(200);
    expect(health.body.status).to.equal('degraded');
    expect(health.body.components).to.include({ mongo: 'up', engine: 'down' });
  });

  it('answers unknown ids, wrong methods and wrong media types with TMF errors', async () => {
    expect((await patch('no-such-order', { description: 'x' })).status).to.equal(404);
    const put = await httpJson('PUT', `${url}/x`, {});
    expect(put.status).to.equal(405);
    expect(put.headers.get('allow')).to.equal('GET, PATCH, DELETE');
    expect((await httpJson('DELETE', url)).status).to.equal(405);
    const order = await place();
    const text = await httpJson('PATCH', `${url}/${order.id}`, 'description=x', { 'content-type': 'text/plain' });
    expect(text.status).to.equal(415);
    expect(text.body).to.include({ code: 'UNSUPPORTED_MEDIA_TYPE', '@type': 'Error' });
    expect((await patch(order.id, [{ op: 'add', path: '/description', value: 'x' }], 'application/json-patch+json')).status).to.equal(415);
    expect((await httpJson('POST', url, 'x', { 'content-type': 'text/plain' })).status).to.equal(415);
    const big = await httpJson('POST', url, JSON.stringify({ description: 'x'.repeat(1_100_000), productOrderItem: [{ id: '1', action: 'add' }] }));
    expect(big.status).to.equal(413);
    expect(big.body.code).to.equal('BODY_TOO_LARGE');
  });

  it('serves the official OpenAPI file pointed at this Ordo, and a page to browse it', async () => {
    const docs = await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/api-docs`);
    expect(docs.status).to.equal(200);
    expect(docs.body.swagger).to.equal('2.0');
    expect(docs.body.basePath).to.equal(TMF622_BASE_PATH);
    expect(docs.body.host).to.equal(new URL(ordo.publicUrl).host);
    expect(Object.keys(docs.body.paths)).to.include.members(['/productOrder', '/productOrder/{id}', '/cancelProductOrder', '/hub']);
    // Every call needs a token: the document says so, so the page offers "Authorize".
    expect(docs.body.securityDefinitions.bearer).to.include({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(docs.body.security).to.deep.equal([{ bearer: [] }]);
    const v5 = await httpJson('GET', `${ordo.baseUrl}/tmf-api/productOrderingManagement/v5/api-docs`);
    expect(v5.body.components.securitySchemes.bearer).to.include({ type: 'http', scheme: 'bearer' });
    expect(v5.body.components.schemas).to.have.property('ProductOrder');
    const page = await fetch(`${ordo.baseUrl}${TMF622_BASE_PATH}/api-docs/ui/`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.contain(`url: '${TMF622_BASE_PATH}/api-docs'`);
    expect(html).to.contain('persistAuthorization: true');
    // A browser asks for the icon without a token: no 401 for it.
    expect((await fetch(`${ordo.baseUrl}/favicon.ico`)).status).to.equal(204);
    const bundle = await fetch(`${ordo.baseUrl}${TMF622_BASE_PATH}/api-docs/ui/swagger-ui-bundle.js`);
    expect(bundle.status).to.equal(200);
    expect(bundle.headers.get('content-type')).to.contain('javascript');
  });

  describe('extension schemas (@schemaLocation)', () => {
    const location = 'https://schemas.ordo.dev/tmf622/SalesChannelProductOrder.schema.json';
    const admin = () => `${ordo.baseUrl}/ordo/admin/v1/extensionSchema`;

    it('enforces a schema shipped in schemas/extensions for orders that name it', async () => {
      const ok = await httpJson('POST', url, sampleOrder({ '@type': 'SalesChannelProductOrder', '@schemaLocation': location, salesChannel: 'web' }));
      expect(ok.status).to.equal(201);
      expect(ok.body).to.include({ '@schemaLocation': location, '@type': 'SalesChannelProductOrder', salesChannel: 'web' });
      const before = await ordo.orders.collection.countDocuments();
      const bad = await httpJson('POST', url, sampleOrder({ '@type': 'SalesChannelProductOrder', '@schemaLocation': location, salesChannel: 'carrier pigeon' }));
      expect(bad.status).to.equal(422);
      expect(bad.body).to.include({ code: 'EXTENSION_SCHEMA_VIOLATION', '@type': 'Error' });
      expect(bad.body.message).to.contain('salesChannel');
      expect(await ordo.orders.collection.countDocuments()).to.equal(before);
    });

    it('refuses a location nobody registered, without fetching it', async () => {
      const res = await httpJson('POST', url, sampleOrder({ '@schemaLocation': 'http://169.254.169.254/latest/meta-data/' }));
      expect(res.status).to.equal(422);
      expect(res.body.code).to.equal('UNKNOWN_SCHEMA_LOCATION');
    });

    it('registers, lists and removes schemas through the admin API, also for nested objects', async () => {
      const itemLocation = 'https://schemas.example.com/MobileOrderItem.json';
      const schema = { type: 'object', required: ['msisdnPreference'], properties: { msisdnPreference: { type: 'string', pattern: '^\\+?[0-9]{4,15}$' } } };
      expect((await httpJson('PUT', `${admin()}?schemaLocation=${encodeURIComponent(itemLocation)}`, schema)).status).to.equal(204);
      expect((await httpJson('GET', admin())).body.map((s: { schemaLocation: string }) => s.schemaLocation)).to.include.members([location, itemLocation]);
      const item = (extra: Record<string, unknown>) => sampleOrder({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-basic' }, '@schemaLocation': itemLocation, ...extra }] });
      expect((await httpJson('POST', url, item({ msisdnPreference: '+4179' }))).status).to.equal(201);
      const bad = await httpJson('POST', url, item({ msisdnPreference: 'any' }));
      expect(bad.status).to.equal(422);
      expect(bad.body.message).to.contain('/productOrderItem/0');
      expect((await httpJson('PUT', `${admin()}?schemaLocation=${encodeURIComponent(itemLocation)}`, { type: 'no-such-type' })).status).to.equal(400);
      expect((await httpJson('DELETE', `${admin()}?schemaLocation=${encodeURIComponent(itemLocation)}`)).status).to.equal(204);
      expect((await httpJson('POST', url, item({ msisdnPreference: '+4179' }))).body.code).to.equal('UNKNOWN_SCHEMA_LOCATION');
    });
  });
});
