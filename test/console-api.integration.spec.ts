import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { logger } from '../engine/observability/logger.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ADMIN = '/ordo/admin/v1';

/** What the console needs beyond the TMF APIs: an order's overview, freeze and unfreeze, pool levels. */
describe('console API: overview, freeze and unfreeze, pool levels', function () {
  this.timeout(180_000);
  let ordo: Ordo;
  let workers: RunningWorkers | undefined;
  let holder: ChildProcess | undefined;
  const admin = (method: string, tail: string, body?: unknown) => httpJson(method, `${ordo.baseUrl}${ADMIN}${tail}`, body);

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_INVENTORY_SEED_SIZE: '40' }), { workers: false });
    await ordo.deployed;
  });
  after(async () => {
    holder?.kill('SIGKILL');
    await workers?.close();
    if (ordo) await retireTestOrdo(ordo);
  });

  it('the overview of a completed order: its timeline in order, the number and SIM it holds, its service and resource orders, its process', async () => {
    workers = runWorkers(ordo.engine, ordo.workers, ordo.config.workers, logger);
    const id = (await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder())).body.id as string;
    await eventually('the order completed', async () => (await ordo.orders.findStored(id))?.state === 'completed');
    // Events reach the timeline as they are relayed.
    const overview = await eventually('the completion in the timeline', async () => {
      const got = (await admin('GET', `/productOrder/${id}/overview`)).body;
      return got.timeline.some((e: { state?: string }) => e.state === 'completed') ? got : undefined;
    }, 30_000);
    expect(overview.timeline[0]).to.include({ orderId: id, eventType: 'ProductOrderCreateEvent', state: 'acknowledged' });
    const times = overview.timeline.map((e: { eventTime: string }) => e.eventTime);
    expect(times).to.deep.equal([...times].sort());
    expect(overview.frozen).to.equal(false);
    expect(overview.resources.map((r: { role: string }) => r.role).sort()).to.have.length(2);
    expect(overview.childOrders.map((c: { kind: string }) => c.kind)).to.include.members(['serviceOrder', 'resourceOrder']);
    expect(overview.process.cockpitUrl).to.match(/^http.*cockpit/);
    expect(overview.process.incidents).to.deep.equal([]);
    expect(overview.fallouts).to.deep.equal([]);
    // Each event once, however often the relay hands it on (at least once).
    const stored = await ordo.db.db.collection('orderTimeline').countDocuments({ orderId: id });
    expect(stored).to.equal(overview.timeline.length);

    expect((await admin('GET', '/productOrder/no-such-order/overview')).status).to.equal(404);
    expect((await admin('POST', `/productOrder/${id}/freeze`, {})).body).to.include({ code: 'ORDER_NOT_CHANGEABLE' });
  });

  it('freezes an order in flight (held; nothing fulfilled while frozen, once the held job is free again) and unfreezes it (it goes on and completes)', async () => {
    await workers?.close();
    const id = (await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder())).body.id as string;
    // The holder keeps the first job for 6 s (then its lock runs out and it leaves): time to freeze.
    holder = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'validate-order', '6000', id, ordo.config.engine.tenant], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => holder!.stdout!.once('data', resolve));

    expect((await admin('POST', `/productOrder/${id}/freeze`, { reason: 42 })).status, 'a reason that is not text').to.equal(400);
    expect((await ordo.orders.findStored(id))!.state, 'nothing changed by a refused call').to.equal('acknowledged');
    const frozen = await admin('POST', `/productOrder/${id}/freeze`, { reason: 'customer asked to wait' });
    expect(frozen.body).to.deep.equal({ id, state: 'held', changed: true });
    expect((await admin('POST', `/productOrder/${id}/freeze`, {})).body).to.deep.equal({ id, state: 'held', changed: false });
    expect((await admin('GET', `/productOrder/${id}/overview`)).body.frozen).to.equal(true);
    expect((await ordo.orders.findStored(id))!._ordo.freeze?.reason).to.equal('customer asked to wait (test-operator)');

    // Ordo's workers take the job once the holder's lock is over: the process stops at its safe point while frozen.
    workers = runWorkers(ordo.engine, ordo.workers, ordo.config.workers, logger);
    await new Promise((r) => setTimeout(r, 10_000));
    expect((await ordo.orders.findStored(id))!.state).to.equal('held');
    expect(await ordo.products.collection.countDocuments({ 'productOrderItem.productOrderId': id }), 'nothing fulfilled while frozen').to.equal(0);

    expect((await admin('POST', `/productOrder/${id}/unfreeze`, {})).body).to.include({ id, changed: true });
    expect((await admin('GET', `/productOrder/${id}/overview`)).body.frozen).to.equal(false);
    await eventually('the unfrozen order completed', async () => (await ordo.orders.findStored(id))?.state === 'completed', 120_000);
  });

  it('pool levels: every pool with how many numbers or SIMs are free of how many', async () => {
    const pools = (await admin('GET', '/inventoryPool')).body as { kind: string; category: string; free: number; total: number }[];
    expect(pools.map((p) => p.kind)).to.include.members(['msisdn', 'iccid']);
    for (const p of pools) expect(p.free).to.be.within(0, p.total);
    const msisdn = pools.filter((p) => p.kind === 'msisdn').reduce((sum, p) => sum + p.total, 0);
    expect(msisdn).to.equal(await ordo.resources.collection.countDocuments({ '_ordo.pool': /^msisdn/ }));
  });
});
