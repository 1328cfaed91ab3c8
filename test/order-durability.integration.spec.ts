import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Config } from '../engine/config/config.js';
import type { Ordo } from '../engine/ordo.js';
import { changeOrderState } from '../engine/orders/change-order-state.js';
import { OrderStore } from '../engine/orders/order-store.js';
import { placeOrder } from '../engine/orders/place-order.js';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { ORDER_RECEIVED_MESSAGE } from '../engine/process/process-starter.js';
import { runWorkers } from '../workers/runtime/run-workers.js';
import { allWorkers } from '../workers/index.js';
import { logger } from '../engine/observability/logger.js';
import { collectEvents, eventually, httpJson, retireTestOrdo, sampleOrder, startTestOrdo, testConfig } from './support/harness.js';

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
    const o = await startTestOrdo(config, options);
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

  it('Zeebe unreachable: the order is stored and acknowledged, and starts once Zeebe is back', async () => {
    const isolation = `zeebe-down-${Date.now()}`;
    const down = await open(testConfig({ ZEEBE_GRPC_ADDRESS: `grpc://${closedPort}` }, isolation));
    const id = await post(down);
    await new Promise((r) => setTimeout(r, 3000));
    const stored = await down.orders.findStored(id);
    expect(stored?.state).to.equal('acknowledged');
    expect(stored?._ordo.process.status).to.equal('pending');
    await close(down);

    const up = await open(testConfig({}, isolation));
    await eventually('order completed after Zeebe came back', async () => (await stateOf(up, id)) === 'completed');
    expect((await up.orders.findStored(id))?._ordo.process.status).to.equal('started');
  });

  it('Kafka unreachable: the order completes and its events wait in the outbox, then arrive in order', async () => {
    const isolation = `kafka-down-${Date.now()}`;
    const down = await open(testConfig({ ORDO_KAFKA_BROKERS: closedPort }, isolation));
    const id = await post(down);
    await eventually('order completed while Kafka is down', async () => (await stateOf(down, id)) === 'completed');
    expect((await down.orders.findStored(id))?._ordo.outbox.map((e) => e.body.eventType)).to.deep.equal([
      'ProductOrderCreateEvent',
      'ProductOrderStateChangeEvent',
      'ProductOrderStateChangeEvent',
    ]);
    await close(down);

    const config = testConfig({}, isolation);
    const received = await collectEvents(config, 'productOrder');
    try {
      const up = await open(config, { workers: false });
      const mine = await eventually('events published after Kafka came back', async () => {
        const list = received.events.filter((e) => e.key === id);
        return list.length >= 3 ? list : undefined;
      });
      expect(mine.map((e) => e.body.event['productOrder']?.['state'])).to.deep.equal(['acknowledged', 'inProgress', 'completed']);
      await eventually('outbox emptied', async () => (await up.orders.findStored(id))?._ordo.outbox.length === 0);
    } finally {
      await received.stop();
    }
  });

  it('a worker killed while holding a job: the job is handed out again after its timeout and the order completes', async () => {
    const config = testConfig({ ORDO_WORKER_TIMEOUT_MS: '3000' });
    const ordo = await open(config, { workers: false });
    const id = await post(ordo);
    const doomed = spawn(process.execPath, [path.join(here, 'support', 'crashing-worker.js'), 'update-order-state', '3000', id], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve) => doomed.stdout.on('data', (d: Buffer) => resolve(d.toString())));
      expect(line).to.match(new RegExp(`^holding \\d+ ${id}`));
      doomed.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 500));
      expect(await stateOf(ordo, id)).to.equal('acknowledged');

      const workers = runWorkers(ordo.zeebe, allWorkers({ orders: ordo.orders }), config.workers, logger);
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
    const placed = () => placeOrder(sampleOrder(), { orders, publicUrl: 'http://ordo.test', bpmnProcessId: 'product-order', startProcess: () => undefined });

    it('a redelivered state change is applied once and emits one event', async () => {
      const { id } = await placed();
      const first = await changeOrderState(orders, id, { state: 'inProgress', itemState: 'inProgress' });
      const again = await changeOrderState(orders, id, { state: 'inProgress', itemState: 'inProgress' });
      expect(first.outcome).to.equal('changed');
      expect(again.outcome).to.equal('unchanged');
      const outbox = (await orders.findStored(id))?._ordo.outbox ?? [];
      expect(outbox.map((e) => e.body.eventType)).to.deep.equal(['ProductOrderCreateEvent', 'ProductOrderStateChangeEvent']);
    });

    it('concurrent changes of one order are serialised: each applied once, none lost', async () => {
      const { id } = await placed();
      const results = await Promise.all([
        changeOrderState(orders, id, { state: 'inProgress', itemState: { '1': 'inProgress' } }),
        changeOrderState(orders, id, { state: 'inProgress', itemState: { '1': 'inProgress' } }),
        changeOrderState(orders, id, { state: 'inProgress', itemState: { '1': 'inProgress' } }),
      ]);
      expect(results.filter((r) => r.outcome === 'changed')).to.have.length(1);
      const stored = await orders.findStored(id);
      expect(stored?._ordo.revision).to.equal(1);
      expect(stored?._ordo.outbox).to.have.length(2);
    });

    it('a terminal order refuses to move on (the worker turns this into BPMN error ORDER_STATE_CONFLICT)', async () => {
      const { id } = await placed();
      await changeOrderState(orders, id, { state: 'completed', itemState: 'completed' });
      const refused = await changeOrderState(orders, id, { state: 'inProgress' });
      expect(refused.outcome).to.equal('refused');
      expect((await orders.findById(id))?.state).to.equal('completed');
    });
  });

  it('a repeated start of the same order is refused by Zeebe, so an order never runs twice', async () => {
    const ordo = await open(testConfig());
    const id = await post(ordo);
    await eventually('order completed', async () => (await stateOf(ordo, id)) === 'completed');
    const again = ordo.zeebe.publishMessage({ name: ORDER_RECEIVED_MESSAGE, correlationKey: id, messageId: `${ORDER_RECEIVED_MESSAGE}:${id}`, timeToLive: 60_000, variables: { orderId: id } });
    const err = await again.then(() => undefined, (e: Error) => e);
    expect(String(err?.message)).to.match(/ALREADY_EXISTS|already/i);

    // The starter lost its record of the start (crash between publish and write): it re-sends, Zeebe refuses, nothing runs twice.
    await ordo.orders.collection.updateOne({ _id: id }, { $set: { '_ordo.process.status': 'pending', '_ordo.process.nextAttemptAt': new Date(0) } });
    expect(await ordo.starter.sweep()).to.equal(1);
    await new Promise((r) => setTimeout(r, 3000));
    const stored = await ordo.orders.findStored(id);
    expect(stored?.state).to.equal('completed');
    expect(stored?._ordo.process.status).to.equal('started');
    expect(stored?._ordo.outbox ?? []).to.have.length(0);
  });
});
