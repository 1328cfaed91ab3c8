import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadConfig, type Config } from '../engine/config/config.js';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { changeOrderState } from '../engine/orders/change-order-state.js';
import { OrderStore } from '../engine/orders/order-store.js';
import { placeOrder } from '../engine/orders/place-order.js';
import { ExtensionSchemas } from '../engine/tmf/extension-schemas.js';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { runWorkers } from '../workers/runtime/run-workers.js';
import { logger } from '../engine/observability/logger.js';
import { createKafkaProducer } from '../engine/events/kafka.js';
import { OutboxRelay } from '../engine/events/outbox-relay.js';
import { withEvents } from '../engine/events/outbox.js';
import { tmfEvent } from '../engine/events/tmf-event.js';
import { crashAfterEngineStarts } from './support/crash-after-start.js';
import { updateOrderState } from '../workers/update-order-state/update-order-state.js';
import { TestListener } from './support/listener.js';
import { ensureStack, stopStack } from '../compose/local/stack.js';
import { collectEvents, eventually, oneItemOrderEventTypes, oneItemOrderStates, httpJson, retireTestOrdo, sampleOrder, testConfig, testEnv } from './support/harness.js';
import { BusinessError } from '../engine/outcomes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const closedPort = '127.0.0.1:1'; // nothing listens on port 1

async function post(ordo: Ordo): Promise<string> {
  const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
  expect(res.status).to.equal(201);
  return res.body.id as string;
}

const stateOf = async (ordo: Ordo, id: string) => (await ordo.orders.findById(id))?.state;

describe('an accepted order is never lost', () => {
  const opened: Ordo[] = [];
  const open = async (config: Config, options = {}) => {
    const o = await startOrdo(config, options);
    opened.push(o);
    return o;
  };
  const close = async (o: Ordo) => {
    opened.splice(opened.indexOf(o), 1);
    await o.close();
  };
  afterEach(async () => {
    for (const o of opened.splice(0)) await retireTestOrdo(o);
  });

  it('engine unreachable: the order is stored and acknowledged, its start is retried, and it runs once the engine is back', async () => {
    const isolation = `engineDown${Date.now()}`;
    // Deployment is off so that the starter runs against the unreachable engine at once.
    const down = await open(testConfig({ ORDO_ENGINE_URL: `http://${closedPort}/engine-rest`, ORDO_DEPLOY_ON_START: 'false' }, isolation));
    const id = await post(down);
    const failing = await eventually('start attempts failing', async () => {
      const stored = await down.orders.findStored(id);
      return stored && stored._ordo.process.attempts >= 2 && stored._ordo.process.lastError ? stored : undefined;
    });
    expect(failing.state).to.equal('acknowledged');
    expect(failing._ordo.process.status).to.equal('pending');
    expect(failing._ordo.process.nextAttemptAt!.getTime()).to.be.greaterThan(Date.now() - 1000);
    await close(down);

    const up = await open(testConfig({}, isolation));
    await eventually('order completed after the engine came back', async () => (await stateOf(up, id)) === 'completed');
    const started = await up.orders.findStored(id);
    expect(started?._ordo.process.status).to.equal('started');
    expect(started?._ordo.process).not.to.have.property('lastError');
  });

  it('Kafka unreachable: the order completes, hub listeners still get its events, and Kafka gets them in order once back', async () => {
    const isolation = `kafka-down-${Date.now()}`;
    const down = await open(testConfig({ ORDO_KAFKA_BROKERS: closedPort }, isolation));
    // Health asks a broker: down from the first request on, not after the relay's next failure.
    const health = await httpJson('GET', `${down.baseUrl}/health`);
    expect(health.body).to.deep.include({ status: 'degraded' });
    expect(health.body.components.kafka).to.equal('down');
    const listener = new TestListener();
    await httpJson('POST', `${down.baseUrl}${TMF622_BASE_PATH}/hub`, { callback: await listener.start() });
    const others = [await post(down), await post(down)];
    const id = await post(down);
    await eventually('order completed while Kafka is down', async () => (await stateOf(down, id)) === 'completed');
    for (const order of [...others, id]) {
      const heard = await eventually(`hub listener served for ${order} while Kafka is down`, async () => (listener.forOrder(order).length >= 5 ? listener.forOrder(order) : undefined));
      expect(heard.map((e) => e.event['productOrder']?.['state'])).to.deep.equal(oneItemOrderStates);
    }
    await listener.stop();
    expect((await down.orders.findStored(id))?._ordo.outbox.map((e) => e.body.eventType)).to.deep.equal(oneItemOrderEventTypes);
    await close(down);

    const config = testConfig({}, isolation);
    const received = await collectEvents(config, 'productOrder');
    try {
      const up = await open(config, { workers: false });
      const mine = await eventually('events published after Kafka came back', async () => {
        const list = received.events.filter((e) => e.key === id);
        return list.length >= 5 ? list : undefined;
      });
      expect(mine.map((e) => e.body.event['productOrder']?.['state'])).to.deep.equal(oneItemOrderStates);
      await eventually('outbox emptied', async () => (await up.orders.findStored(id))?._ordo.outbox.length === 0);
    } finally {
      await received.stop();
    }
  });

  it('Kafka stopped and started again: every event of orders placed meanwhile arrives, in order per order', async function () {
    const config = testConfig();
    if (!config.localStack.wanted) this.skip(); // only the local stack can be stopped from here
    const ordo = await open(config);
    await stopStack(config, { quiet: true, only: ['kafka'] });
    let ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) ids.push(await post(ordo));
      await eventually('orders completed while Kafka is stopped', async () => (await Promise.all(ids.map((id) => stateOf(ordo, id)))).every((s) => s === 'completed'));
      for (const id of ids) expect((await ordo.orders.findStored(id))?._ordo.outbox).to.have.length(oneItemOrderStates.length);
    } finally {
      await ensureStack(config, { quiet: true });
    }
    const received = await collectEvents(config, 'productOrder');
    try {
      await eventually('all events on Kafka', async () => ids.every((id) => received.events.filter((e) => e.key === id).length >= 5), 90_000);
      for (const id of ids) {
        // created; order in progress; its item in progress, then completed; the order completed
        expect(received.events.filter((e) => e.key === id).map((e) => e.body.event['productOrder']?.['state']), id).to.deep.equal(oneItemOrderStates);
      }
    } finally {
      await received.stop();
      ids = [];
    }
  });

  it('a worker killed while holding a job: the job is handed out again after its timeout and the order completes', async () => {
    const config = testConfig({ ORDO_WORKER_TIMEOUT_MS: '3000' });
    const ordo = await open(config, { workers: false });
    const id = await post(ordo);
    const doomed = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'validate-order', '3000', id, ordo.config.engine.tenant], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve) => doomed.stdout.on('data', (d: Buffer) => resolve(d.toString())));
      expect(line).to.match(new RegExp(`^holding \\S+ ${id}`));
      doomed.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 500));
      expect(await stateOf(ordo, id)).to.equal('acknowledged');

      const workers = runWorkers(ordo.engine, ordo.workers, config.workers, logger);
      try {
        await eventually('order completed by the surviving worker', async () => (await stateOf(ordo, id)) === 'completed');
      } finally {
        await workers.close();
      }
    } finally {
      doomed.kill('SIGKILL');
    }
  });

  describe('state changes on the stored order', () => {
    let db: Database;
    let orders: OrderStore;
    before(async () => {
      db = await connectMongo(testConfig().mongo);
      orders = new OrderStore(db.db);
    });
    after(async () => {
      await db.db.dropDatabase();
      await db.close();
    });
    const deps = () => ({ orders, extensions: new ExtensionSchemas(db.db), publicUrl: 'http://ordo.test', bpmnProcessId: 'product-order', startProcess: () => undefined, selectFulfilment: async () => [], assertPayable: () => undefined });
    const placed = async () => (await placeOrder({ body: sampleOrder(), party: 'test' }, deps())).order;

    it('a redelivered state change is applied once and emits one event', async () => {
      const { id } = await placed();
      const first = await changeOrderState(orders, id, { state: 'inProgress', itemState: 'inProgress' });
      const again = await changeOrderState(orders, id, { state: 'inProgress', itemState: 'inProgress' });
      expect(first.outcome).to.equal('changed');
      expect(again.outcome).to.equal('unchanged');
      const outbox = (await orders.findStored(id))?._ordo.outbox ?? [];
      expect(outbox.map((e) => e.body.eventType)).to.deep.equal(['ProductOrderCreateEvent', 'ProductOrderStateChangeEvent']);
    });

    it('concurrent changes of one order are serialised: both applied, none lost', async () => {
      const { id } = (await placeOrder({ body: sampleOrder({ productOrderItem: [{ id: '1', action: 'add' }, { id: '2', action: 'add' }] }), party: 'test' }, deps())).order;
      const results = await Promise.all([
        changeOrderState(orders, id, { state: 'inProgress', itemState: { '1': 'inProgress' } }),
        changeOrderState(orders, id, { state: 'inProgress', itemState: { '2': 'completed' } }),
      ]);
      expect(results.map((r) => r.outcome)).to.deep.equal(['changed', 'changed']);
      const stored = await orders.findStored(id);
      expect(stored?.productOrderItem.map((i) => i.state)).to.deep.equal(['inProgress', 'completed']);
      expect(stored?._ordo.revision).to.equal(2);
      expect(stored?._ordo.outbox.map((e) => e.body.eventType)).to.deep.equal(['ProductOrderCreateEvent', 'ProductOrderStateChangeEvent', 'ProductOrderAttributeValueChangeEvent']);
    });

    it('the relay is woken by a write that queues an event: published at once, not at its next poll', async () => {
      const config = testConfig();
      const received = await collectEvents(config, 'productOrder');
      const producer = createKafkaProducer(config.kafka);
      // A poll a minute apart: only the wake can publish within the wait below.
      const relay = new OutboxRelay([orders.collection], producer, config.kafka.topicPrefix, 60_000, logger);
      try {
        relay.wakeOnWrites(db.client);
        relay.run();
        const order = await placed();
        const note = tmfEvent('productOrder', 'ProductOrderAttributeValueChangeEvent', order.id, { id: order.id, note: [{ text: 'woken' }] });
        await orders.collection.updateOne({ _id: order.id }, withEvents({}, [note]));
        const events = await eventually('both events on Kafka', async () => {
          const mine = received.events.filter((e) => e.key === order.id);
          return mine.length === 2 ? mine : undefined;
        }, 10_000);
        expect(events.map((e) => e.body.eventType)).to.deep.equal(['ProductOrderCreateEvent', 'ProductOrderAttributeValueChangeEvent']);
      } finally {
        await relay.stop();
        await producer.close();
        await received.stop();
      }
    });

    it('one relay pass carries many orders\' events in a few round trips, each order\'s in order, and leaves an order another relay holds to it (but for the hub)', async () => {
      const config = testConfig();
      const received = await collectEvents(config, 'productOrder');
      const producer = createKafkaProducer(config.kafka);
      const toHub: string[] = [];
      const relay = new OutboxRelay([orders.collection], producer, config.kafka.topicPrefix, 60_000, logger, async (events) => void toHub.push(...events.map((e) => e.body.eventId)));
      let commands = 0;
      const counted = () => void commands++;
      try {
        await relay.drain(); // what earlier tests left queued
        toHub.length = 0;
        const many = await Promise.all(Array.from({ length: 150 }, () => placed()));
        for (const o of many) await orders.collection.updateOne({ _id: o.id }, withEvents({}, [tmfEvent('productOrder', 'ProductOrderAttributeValueChangeEvent', o.id, { id: o.id, note: [{ text: 'batched' }] })]));
        const held = many[0]!.id;
        await orders.collection.updateOne({ _id: held }, { $set: { '_ordo.outboxLeaseUntil': new Date(Date.now() + 60_000), '_ordo.outboxLeaseOwner': 'another relay' } });
        db.client.on('commandStarted', counted);
        const published = await relay.drain();
        db.client.off('commandStarted', counted);
        expect(published).to.equal(149 * 2);
        // A document at a time took five commands or more each (hub read and mark, lease, clear, drop the flag): 750 here.
        expect(commands, 'MongoDB commands of the pass').to.be.lessThan(25);
        // The hub gets the held order's events too: a relay that holds a document may have stopped.
        expect(toHub, 'every event handed to the hub once').to.have.lengthOf(150 * 2).and.to.satisfy((ids: string[]) => new Set(ids).size === ids.length);
        const byOrder = await eventually('149 orders\' events on Kafka', async () => {
          const mine = received.events.filter((e) => many.some((o) => o.id === e.key));
          return mine.length >= 149 * 2 ? mine : undefined;
        }, 20_000);
        for (const o of many.slice(1)) expect(byOrder.filter((e) => e.key === o.id).map((e) => e.body.eventType), o.id).to.deep.equal(['ProductOrderCreateEvent', 'ProductOrderAttributeValueChangeEvent']);
        expect(byOrder.filter((e) => e.key === held)).to.deep.equal([]);
        expect((await orders.findStored(held))?._ordo.outbox.map((e) => e.body.eventType)).to.deep.equal(['ProductOrderCreateEvent', 'ProductOrderAttributeValueChangeEvent']);
      } finally {
        db.client.off('commandStarted', counted);
        await relay.stop();
        await producer.close();
        await received.stop();
      }
    });

    it('an event Kafka refuses (too large) is parked in dead letters alone, and holds up neither its order\'s other events nor other orders', async () => {
      const config = testConfig();
      const received = await collectEvents(config, 'productOrder');
      const producer = createKafkaProducer(config.kafka);
      const relay = new OutboxRelay([orders.collection], producer, config.kafka.topicPrefix, 100, logger);
      try {
        const poisoned = await placed();
        const healthy = await placed();
        const huge = tmfEvent('productOrder', 'ProductOrderAttributeValueChangeEvent', poisoned.id, { id: poisoned.id, note: [{ text: 'x'.repeat(2_000_000) }] });
        await orders.collection.updateOne({ _id: poisoned.id }, withEvents({}, [huge]));
        relay.run();
        await eventually("the healthy order's event on Kafka", async () => received.events.some((e) => e.key === healthy.id));
        const parked = await eventually('the huge event parked', async () => {
          const stored = await orders.findStored(poisoned.id);
          return stored && stored._ordo.outbox.length === 0 ? stored : undefined;
        });
        const deadLetters = (parked as unknown as { _ordo: { deadLetters: { event: { body: { eventId: string } }; error: string }[] } })._ordo.deadLetters;
        // Only the refused event is parked: the order's other events, in the same batch, went out.
        expect(deadLetters.map((d) => d.event.body.eventId)).to.deep.equal([huge.body.eventId]);
        expect(deadLetters[0]!.error).to.match(/too large|size/i);
        await eventually("the poisoned order's create event on Kafka", async () => received.events.some((e) => e.key === poisoned.id && e.body.eventType === 'ProductOrderCreateEvent'));
      } finally {
        await relay.stop();
        await producer.close();
        await received.stop();
      }
    });

    it('the update-order-state worker answers a move out of a terminal state with BPMN error ORDER_STATE_CONFLICT', async () => {
      const { id } = await placed();
      await changeOrderState(orders, id, { state: 'completed', itemState: 'completed' });
      const job = { jobKey: '1', processInstanceKey: '2', bpmnProcessId: 'product-order', elementId: 'x', retries: 3, signal: new AbortController().signal };
      const err = await updateOrderState(orders, { orderId: id }, { ...job, headers: { state: 'inProgress' } }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(BusinessError);
      expect((err as BusinessError).code).to.equal('ORDER_STATE_CONFLICT');
      expect((await orders.findById(id))?.state).to.equal('completed');
    });
  });

  it('a start whose mark was lost (crash between the engine and Ordo\'s write): the retry finds the instance by business key, none is started twice', async () => {
    const config = testConfig();
    const ordo = await open(config);
    const id = await post(ordo);
    await eventually('order completed', async () => (await stateOf(ordo, id)) === 'completed');
    await ordo.starter.stop();
    await ordo.orders.collection.updateOne({ _id: id }, { $set: { '_ordo.process.status': 'pending', '_ordo.process.nextAttemptAt': new Date(0) } });
    expect(await ordo.starter.sweep()).to.equal(1);
    expect((await ordo.orders.findStored(id))?._ordo.process.status).to.equal('started');
    expect(await ordo.engine.instancesByBusinessKey(id, 'product-order')).to.have.length(1);
    expect((await ordo.orders.findStored(id))?.state).to.equal('completed');
  });

  it('an Ordo killed (kill -9) after the engine started the order, before it could record the start: another Ordo completes it, started once', async () => {
    const env = testEnv({ ORDO_ENGINE_TIMEOUT_MS: '2000' });
    const config = loadConfig(env);
    const crash = await crashAfterEngineStarts(env);
    try {
      const id = await crash.placeOrderAndDie();
      const lost = await ordoOrders(config, id);
      expect(lost?._ordo.process.status, 'the start was never recorded').to.equal('pending');
      expect(await crash.engine.instancesByBusinessKey(id, 'product-order'), 'the engine started it').to.have.length(1);

      const survivor = await open(config);
      await eventually('order completed by the surviving Ordo', async () => (await stateOf(survivor, id)) === 'completed', 90_000);
      const instances = await survivor.engine.instancesByBusinessKey(id, 'product-order');
      expect(instances.map((i) => i.processInstanceKey), 'one instance, the one the killed Ordo started').to.deep.equal([crash.startedInstance()]);
      expect((await survivor.orders.findStored(id))?._ordo.process).to.include({ status: 'started', attempts: 2, processInstanceKey: crash.startedInstance() });
    } finally {
      await crash.close();
    }
  });
});

/** An order as stored, read without an Ordo. */
async function ordoOrders(config: Config, id: string) {
  const db = await connectMongo(config.mongo);
  try {
    return await new OrderStore(db.db).findStored(id);
  } finally {
    await db.close();
  }
}
