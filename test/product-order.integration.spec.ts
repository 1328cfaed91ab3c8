import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import Transport from 'winston-transport';
import { logger } from '../engine/observability/logger.js';
import type { Config } from '../engine/config/config.js';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH, tmf622 } from '../engine/orders/tmf622.js';
import { collectEvents, eventually, httpJson, oneItemOrderEventTypes, retireTestOrdo, sampleOrder, testConfig, type ReceivedEvent } from './support/harness.js';

describe('bpmn/product-order.bpmn: a first order end to end on the real stack', () => {
  let config: Config;
  let ordo: Ordo;
  let events: { events: ReceivedEvent[]; stop(): Promise<void> };

  before(async () => {
    config = testConfig();
    events = await collectEvents(config, 'productOrder');
    ordo = await startOrdo(config);
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
    await events?.stop();
  });

  it('POST stores the order acknowledged, the process completes it, GET shows it, Kafka has its events', async () => {
    const posted = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
    expect(posted.status).to.equal(201);
    expect(posted.body.state).to.equal('acknowledged');
    expect(posted.body.href).to.equal(`${ordo.publicUrl}${TMF622_BASE_PATH}/productOrder/${posted.body.id}`);
    expect(posted.headers.get('location')).to.equal(posted.body.href);
    expect(posted.body.productOrderItem[0].state).to.equal('acknowledged');
    const id: string = posted.body.id;

    const done = await eventually('order completed', async () => {
      const got = await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`);
      return got.body.state === 'completed' ? got.body : undefined;
    });
    expect(done.productOrderItem[0].state).to.equal('completed');
    const asProductOrder = tmf622.validator('ProductOrder');
    expect(asProductOrder(posted.body), 'POST answer').to.deep.equal([]);
    expect(asProductOrder(done), 'GET answer').to.deep.equal([]);
    expect(done.completionDate).to.be.a('string');
    expect(done).not.to.have.property('_ordo');

    const stored = await ordo.orders.findStored(id);
    expect(stored?._ordo.process.status).to.equal('started');
    expect(stored?._ordo.process.processInstanceKey).to.match(/^[0-9a-f-]{36}$/);

    // Order in progress, then its item (by the mobile-subscription process it called), then the order.
    const mine = await eventually('five events on Kafka', async () => {
      const list = events.events.filter((e) => e.key === id);
      return list.length >= 5 ? list : undefined;
    });
    expect(mine.map((e) => e.body.eventType)).to.deep.equal(oneItemOrderEventTypes);
    expect(mine.filter((e) => e.body.eventType === 'ProductOrderAttributeValueChangeEvent').map((e) => (e.body as { fieldPath?: string }).fieldPath)).to.deep.equal(['productOrderItem.state', 'productOrderItem.state']);
    const states = mine.map((e) => e.body.event['productOrder'] as { state: string; productOrderItem: { state: string }[] });
    expect(states.map((o) => o.state)).to.deep.equal(['acknowledged', 'inProgress', 'inProgress', 'inProgress', 'completed']);
    expect(states.map((o) => o.productOrderItem[0]!.state)).to.deep.equal(['acknowledged', 'acknowledged', 'inProgress', 'completed', 'completed']);
    await eventually('outbox drained', async () => ((await ordo.orders.findStored(id))?._ordo.outbox.length === 0 ? true : undefined));
  });

  it('the engine knows the order: its instance, found by the orderId variable and by business key, completes in the engine too', async () => {
    const posted = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
    const id: string = posted.body.id;
    const key = await eventually('process instance key recorded', async () => (await ordo.orders.findStored(id))?._ordo.process.processInstanceKey);
    const byVariable = await eventually('the instance with orderId', async () => {
      const found = await ordo.engine.instancesWithVariable('orderId', id);
      return found.some((i) => i.bpmnProcessId === 'product-order') ? found : undefined;
    });
    const root = byVariable.find((i) => i.bpmnProcessId === 'product-order')!;
    expect(root.processInstanceKey).to.equal(key);
    // The item's own process carries the order id too, and shares the business key.
    expect(byVariable.map((i) => i.bpmnProcessId)).to.include('mobile-subscription');
    expect((await ordo.engine.instancesByBusinessKey(id, 'product-order')).map((i) => i.processInstanceKey)).to.deep.equal([key]);
    await eventually('the engine has it completed', async () => (await ordo.engine.instancesByBusinessKey(id, 'product-order'))[0]?.active === false);
    expect((await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body.processInstanceUrl).to.equal(ordo.engine.instanceUrl(key));
  });

  it('Cockpit has the Orders page, and the history it reads finds the whole order, running or ended', async function () {
    if (!config.localStack.wanted) this.skip(); // the page is part of the engine this repository builds
    const cockpit = new URL(config.cockpit.url);
    const index = await (await fetch(`${config.cockpit.url}/`)).text();
    expect(index, 'Cockpit loads the plugin').to.contain("cockpit-plugin-ordo-orders");
    const script = await fetch(`${cockpit.origin}/operaton/api/cockpit/plugin/ordo-orders/static/app/plugin.js`);
    expect(script.status).to.equal(200);
    expect(script.headers.get('content-type')).to.match(/javascript/);
    expect(await script.text()).to.contain("pluginPoint: 'cockpit.route'");

    const id: string = (await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder())).body.id;
    await eventually('order completed', async () => (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body.state === 'completed');
    // The page's query (through Cockpit's copy of the engine API; the same parameters here).
    const family = await (await fetch(`${config.engine.url}/history/process-instance?variables=orderId_eq_${id}&sortBy=startTime&sortOrder=asc`)).json() as { processDefinitionKey: string }[];
    expect(family.map((i) => i.processDefinitionKey).sort()).to.deep.equal(['mobile-subscription', 'product-order', 'resource-order', 'resource-order', 'service-order', 'service-order']);
  });

  it('is one trace from the HTTP request to the job worker (trace context carried as a process variable)', async () => {
    const traceId = randomBytes(16).toString('hex');
    const seen: Record<string, unknown>[] = [];
    const capture = new Transport();
    capture.log = (info: Record<string, unknown>, next: () => void) => {
      seen.push(info);
      next();
    };
    logger.add(capture);
    const level = logger.level;
    const consoleLevels = logger.transports.map((t) => t.level);
    for (const t of logger.transports) if (t !== capture) t.level = level;
    capture.level = 'info';
    logger.level = 'info';
    try {
      const posted = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder(), { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
      const id: string = posted.body.id;
      expect((await ordo.orders.findStored(id))?._ordo.traceContext['traceparent']).to.contain(traceId);
      const jobLog = await eventually('job logs', async () => {
        const lines = seen.filter((l) => l['orderId'] === id && l['message'] === 'job completed');
        return lines.length >= 2 ? lines : undefined;
      });
      for (const line of jobLog) {
        expect(line['traceId']).to.equal(traceId);
        expect(line['processInstanceKey']).to.match(/^[0-9a-f-]{36}$/);
        expect(line['jobKey']).to.match(/^[0-9a-f-]{36}$/);
      }
    } finally {
      logger.remove(capture);
      logger.transports.forEach((t, i) => (t.level = consoleLevels[i]));
      logger.level = level;
    }
  });

  it('lists orders with X-Total-Count and X-Result-Count', async () => {
    await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
    const list = await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder?limit=1`);
    expect(list.status).to.equal(200);
    expect(list.body).to.have.length(1);
    expect(Number(list.headers.get('x-total-count'))).to.be.at.least(2);
    expect(list.headers.get('x-result-count')).to.equal('1');
  });

  it('reports its health and that of MongoDB, the engine and Kafka', async () => {
    const health = await httpJson('GET', `${ordo.baseUrl}/health`);
    expect(health.status).to.equal(200);
    expect(health.body).to.deep.equal({ status: 'up', components: { mongo: 'up', engine: 'up', kafka: 'up' } });
  });

  it('answers an unknown id with 404 and a TMF error body', async () => {
    const got = await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/nope`);
    expect(got.status).to.equal(404);
    expect(got.body).to.include({ code: 'NOT_FOUND', status: '404', '@type': 'Error' });
    expect(got.body.reason).to.be.a('string');
  });

  it('rejects bad input with a TMF error body and stores nothing', async () => {
    const before = await ordo.orders.collection.countDocuments();
    const cases: unknown[] = [
      {},
      { productOrderItem: [{ id: '1', action: 'explode' }] },
      { productOrderItem: [{ action: 'add' }] },
      { productOrderItem: [{ id: '1', action: 'add' }], relatedParty: [{ id: 'x' }] },
      '{"productOrderItem": [',
      [],
    ];
    for (const body of cases) {
      const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body['@type']).to.equal('Error');
      expect(res.body.code).to.match(/^INVALID_/);
      expect(res.body.message ?? res.body.reason).to.be.a('string');
      expect(JSON.stringify(res.body)).not.to.match(/at .*\.js:\d+/);
    }
    expect(await ordo.orders.collection.countDocuments()).to.equal(before);
  });

  it('ignores server-owned fields sent by the client', async () => {
    const posted = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder({ id: 'mine', state: 'completed', orderDate: '2001-01-01T00:00:00Z', href: 'http://evil/x' }));
    expect(posted.status).to.equal(201);
    expect(posted.body.id).not.to.equal('mine');
    expect(posted.body.state).to.equal('acknowledged');
    expect(posted.body.orderDate).not.to.equal('2001-01-01T00:00:00Z');
    expect(posted.body.href).to.contain(posted.body.id);
  });

  it('an add item without productOffering is accepted; the order asks for it (pending), and goes on once it is PATCHed in', async () => {
    const url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
    const patch = (id: string, body: unknown) => httpJson('PATCH', `${url}/${id}`, body, { 'content-type': 'application/merge-patch+json' });
    const items = [{ id: '1', action: 'add', quantity: 1 }];
    const posted = await httpJson('POST', url, sampleOrder({ productOrderItem: items }));
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
    const id: string = posted.body.id;
    const asked = await eventually('the information-required event', async () => events.events.find((e) => e.key === id && e.body.eventType === 'ProductOrderInformationRequiredEvent'));
    expect((asked.body as { fieldPath?: string }).fieldPath).to.equal('productOrderItem[0].productOffering');
    await eventually('the order pending', async () => (await httpJson('GET', `${url}/${id}`)).body.state === 'pending');
    const revision = (await ordo.orders.findStored(id))!._ordo.revision;

    // An unknown offering stays a 422; changing anything else of the items is a 409; nothing changes.
    const unknown = await patch(id, { productOrderItem: [{ ...items[0], productOffering: { id: 'mobile-gold' } }] });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.code).to.equal('UNKNOWN_PRODUCT_OFFERING');
    const more = await patch(id, { productOrderItem: [{ ...items[0], quantity: 2, productOffering: { id: 'mobile-basic' } }] });
    expect(more.status).to.equal(409);
    const added = await patch(id, { productOrderItem: [...items.map((i) => ({ ...i, productOffering: { id: 'mobile-basic' } })), { id: '2', action: 'add', productOffering: { id: 'mobile-basic' } }] });
    expect(added.status).to.equal(409);
    expect((await ordo.orders.findStored(id))!._ordo.revision).to.equal(revision);

    const supplied = await patch(id, { productOrderItem: [{ ...items[0], productOffering: { id: 'mobile-basic' } }] });
    expect(supplied.status, JSON.stringify(supplied.body)).to.equal(200);
    expect(supplied.body.productOrderItem[0]).to.include({ state: 'acknowledged' });
    const done = await eventually('order completed', async () => {
      const got = await httpJson('GET', `${url}/${id}`);
      return ['completed', 'failed', 'partial'].includes(got.body.state) ? got.body : undefined;
    });
    expect(done.state).to.equal('completed');
    expect(done.productOrderItem[0]).to.include({ state: 'completed' });
    expect((await ordo.orders.findStored(id))!._ordo.fulfilment!.map((u) => [u.unitId, u.productOfferingId, u.state])).to.deep.equal([['1', 'mobile-basic', 'completed']]);
    // The same PATCH again (a client's retry) changes nothing and is not an error.
    expect((await patch(id, { productOrderItem: [{ ...items[0], productOffering: { id: 'mobile-basic' } }] })).status).to.equal(200);
    const refused = await httpJson('POST', url, sampleOrder({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-gold' } }] }));
    expect(refused.status).to.equal(422);
  });
});
