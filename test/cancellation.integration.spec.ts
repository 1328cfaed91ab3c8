import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Config } from '../engine/config/config.js';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH, tmf622 } from '../engine/orders/tmf622.js';
import { logger } from '../engine/observability/logger.js';
import { superviseCancellations } from '../engine/cancellations/supervise-cancellations.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('TMF622 cancelProductOrder: cancellation runs through the order process (bpmn/product-order.bpmn)', () => {
  let config: Config;
  let ordo: Ordo;
  let base: string;
  let workers: RunningWorkers | undefined;
  const holders: ChildProcess[] = [];

  before(async () => {
    config = testConfig();
    ordo = await startOrdo(config, { workers: false });
    await ordo.deployed;
    base = `${ordo.baseUrl}${TMF622_BASE_PATH}`;
  });
  after(async () => {
    holders.forEach((h) => h.kill('SIGKILL'));
    await workers?.close();
    if (ordo) await retireTestOrdo(ordo);
  });

  /** Places an order and keeps it running: a separate worker takes its first job and sits on it. */
  async function runningOrder(): Promise<string> {
    await workers?.close(); // Ordo's own workers must not take the job the holder is waiting for
    workers = undefined;
    const { body } = await httpJson('POST', `${base}/productOrder`, sampleOrder());
    const holder = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'validate-order', '120000', body.id, ordo.config.engine.tenant], { stdio: ['ignore', 'pipe', 'inherit'] });
    holders.push(holder);
    await new Promise((resolve) => holder.stdout!.once('data', resolve));
    workers ??= runWorkers(ordo.engine, ordo.workers, config.workers, logger);
    return body.id as string;
  }

  it('cancels a running order: the task goes acknowledged -> done, the order and its items end cancelled', async () => {
    const orderId = await runningOrder();
    const posted = await httpJson('POST', `${base}/cancelProductOrder`, { productOrder: { id: orderId }, cancellationReason: 'customer changed their mind' });
    expect(posted.status).to.equal(201);
    expect(posted.body).to.include({ state: 'acknowledged', cancellationReason: 'customer changed their mind' });
    expect(posted.body.productOrder).to.include({ id: orderId, '@referredType': 'ProductOrder' });
    expect(posted.headers.get('location')).to.equal(posted.body.href);
    expect(tmf622.validator('CancelProductOrder')(posted.body)).to.deep.equal([]);

    const done = await eventually('cancellation done', async () => {
      const got = await httpJson('GET', `${base}/cancelProductOrder/${posted.body.id}`);
      return got.body.state === 'done' ? got.body : undefined;
    });
    expect(done.effectiveCancellationDate).to.be.a('string');
    const order = (await httpJson('GET', `${base}/productOrder/${orderId}`)).body;
    expect(order.state).to.equal('cancelled');
    expect(order.productOrderItem.map((i: { state: string }) => i.state)).to.deep.equal(['cancelled']);
    expect(order.completionDate).to.be.a('string');

    const listed = await httpJson('GET', `${base}/cancelProductOrder?productOrder.id=${orderId}`);
    expect(listed.body.map((c: { id: string }) => c.id)).to.deep.equal([posted.body.id]);
    expect(listed.headers.get('x-total-count')).to.equal('1');
  });

  it('refuses a second cancellation while one is open, and any cancellation of a finished order', async () => {
    const orderId = await runningOrder();
    await workers?.close(); // keep the first cancellation open while the second arrives
    workers = undefined;
    const first = await httpJson('POST', `${base}/cancelProductOrder`, { productOrder: { id: orderId } });
    const second = await httpJson('POST', `${base}/cancelProductOrder`, { productOrder: { id: orderId } });
    workers = runWorkers(ordo.engine, ordo.workers, config.workers, logger);
    expect([first.status, second.status]).to.deep.equal([201, 409]);
    expect(second.body.code).to.equal('CANCELLATION_IN_PROGRESS');
    await eventually('order cancelled', async () => (await ordo.orders.findById(orderId))?.state === 'cancelled');
    const late = await httpJson('POST', `${base}/cancelProductOrder`, { productOrder: { id: orderId } });
    expect(late.status).to.equal(409);
    expect(late.body.code).to.equal('ORDER_NOT_CANCELLABLE');
    expect(await ordo.cancellations.collection.countDocuments({ 'productOrder.id': orderId })).to.equal(1);
  });

  it('answers bad requests with TMF errors and stores nothing', async () => {
    const before = await ordo.cancellations.collection.countDocuments();
    const cases: [unknown, number, string][] = [
      [{}, 400, 'INVALID_BODY'],
      [{ productOrder: {} }, 400, 'INVALID_BODY'],
      [{ productOrder: { id: 'no-such-order' } }, 422, 'UNKNOWN_ORDER'],
      [{ productOrder: { id: 'x' }, $where: 1 }, 400, 'INVALID_BODY'],
    ];
    for (const [body, status, code] of cases) {
      const res = await httpJson('POST', `${base}/cancelProductOrder`, body);
      expect(res.status, JSON.stringify(body)).to.equal(status);
      expect(res.body).to.include({ code, '@type': 'Error' });
    }
    expect((await httpJson('GET', `${base}/cancelProductOrder/nope`)).status).to.equal(404);
    expect((await httpJson('DELETE', `${base}/cancelProductOrder/nope`)).status).to.equal(405);
    expect(await ordo.cancellations.collection.countDocuments()).to.equal(before);
  });

  it('closes a cancellation whose order finished before the process could take it', async () => {
    workers ??= runWorkers(ordo.engine, ordo.workers, config.workers, logger);
    const { body: order } = await httpJson('POST', `${base}/productOrder`, sampleOrder());
    await eventually('order completed', async () => (await ordo.orders.findById(order.id))?.state === 'completed');
    const id = `late-${order.id}`;
    await ordo.cancellations.insert({
      id, href: 'x', state: 'acknowledged', productOrder: { id: order.id, href: order.href, '@referredType': 'ProductOrder' }, '@type': 'CancelProductOrder',
      _id: id, _ordo: { revision: 0, createdAt: new Date(Date.now() - 120_000), outbox: [] },
    });
    expect(await superviseCancellations(ordo.orders, ordo.cancellations, logger)).to.be.greaterThan(0);
    const closed = await ordo.cancellations.findById(id);
    expect(closed?.state).to.equal('terminatedWithError');
    expect(closed?.errorMessage).to.contain('completed before it could be cancelled');
  });
});
