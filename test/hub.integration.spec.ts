import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { matchesQuery } from '../engine/events/hub.js';
import { eventually, oneItemOrderEventTypes, oneItemOrderStates, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';
import { TestListener } from './support/listener.js';

describe('TMF622 hub: listeners get the events they asked for, at least once, in order', () => {
  let ordo: Ordo;
  let base: string;
  const all = new TestListener();
  const stateOnly = new TestListener();
  const flaky = new TestListener();
  const hubIds: string[] = [];

  before(async () => {
    ordo = await startOrdo(testConfig());
    base = `${ordo.baseUrl}${TMF622_BASE_PATH}`;
    for (const [listener, query] of [[all, undefined], [stateOnly, 'eventType=ProductOrderStateChangeEvent'], [flaky, undefined]] as const) {
      const res = await httpJson('POST', `${base}/hub`, { callback: await listener.start(), ...(query ? { query } : {}) });
      expect(res.status).to.equal(201);
      expect(res.body.id).to.be.a('string');
      expect(res.headers.get('location')).to.contain(`/hub/${res.body.id}`);
      hubIds.push(res.body.id);
    }
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
    await Promise.all([all.stop(), stateOnly.stop(), flaky.stop()]);
  });

  it('delivers every matching event in order; a failing listener holds up no other, and catches up when it recovers', async () => {
    flaky.status = 503;
    const { body: order } = await httpJson('POST', `${base}/productOrder`, sampleOrder());
    const events = await eventually('all events delivered', async () => (all.forOrder(order.id).length >= 5 ? all.forOrder(order.id) : undefined));
    expect(events.map((e) => e.eventType)).to.deep.equal(oneItemOrderEventTypes);
    expect(events.map((e) => e.event['productOrder']?.['state'])).to.deep.equal(oneItemOrderStates);
    const states = await eventually('state events delivered', async () => (stateOnly.forOrder(order.id).length >= 2 ? stateOnly.forOrder(order.id) : undefined));
    expect(states.map((e) => [e.eventType, e.event['productOrder']?.['state']])).to.deep.equal([['ProductOrderStateChangeEvent', 'inProgress'], ['ProductOrderStateChangeEvent', 'completed']]);
    expect(flaky.forOrder(order.id)).to.have.length(0);
    const backingOff = await ordo.hub.listeners.findOne({ _id: hubIds[2] });
    expect(backingOff?.delivery.failures).to.be.greaterThan(0);
    expect(backingOff?.delivery.lastError).to.contain('503');

    flaky.status = 201;
    await ordo.hub.listeners.updateOne({ _id: hubIds[2]! }, { $set: { 'delivery.nextAttemptAt': new Date(0) } }); // skip the rest of its backoff
    const caughtUp = await eventually('flaky listener caught up', async () => (flaky.forOrder(order.id).length >= 5 ? flaky.forOrder(order.id) : undefined));
    expect(caughtUp.map((e) => e.event['productOrder']?.['state'])).to.deep.equal(oneItemOrderStates);
    expect(new Set(all.received.map((e) => e.eventId)).size).to.equal(all.received.length);
  });

  it('a removed listener gets nothing more; removing it twice is a 404', async () => {
    expect((await httpJson('DELETE', `${base}/hub/${hubIds[1]}`)).status).to.equal(204);
    expect((await httpJson('DELETE', `${base}/hub/${hubIds[1]}`)).status).to.equal(404);
    const before = stateOnly.received.length;
    const { body: order } = await httpJson('POST', `${base}/productOrder`, sampleOrder());
    await eventually('order events reach the remaining listener', async () => all.forOrder(order.id).length >= 5);
    expect(stateOnly.received.length).to.equal(before);
  });

  it('refuses invalid subscriptions with 400', async () => {
    for (const body of [{}, { callback: 'not a url' }, { callback: 'ftp://example.com/x' }, { callback: 42 }, { callback: 'http://x', $where: 1 }]) {
      const res = await httpJson('POST', `${base}/hub`, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body['@type']).to.equal('Error');
    }
  });

  it('matches queries on event type and on attributes of the event', () => {
    const event = { eventId: '1', eventTime: '', timeOcurred: '', eventType: 'ProductOrderStateChangeEvent', event: { productOrder: { state: 'completed', productOrderItem: [{ state: 'failed' }] } } };
    expect(matchesQuery(undefined, event)).to.equal(true);
    expect(matchesQuery('eventType=ProductOrderStateChangeEvent', event)).to.equal(true);
    expect(matchesQuery('eventType=ProductOrderCreateEvent,ProductOrderStateChangeEvent', event)).to.equal(true);
    expect(matchesQuery('eventType=ProductOrderCreateEvent', event)).to.equal(false);
    expect(matchesQuery('eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed', event)).to.equal(true);
    expect(matchesQuery('event.productOrder.state=failed', event)).to.equal(false);
  });
});
