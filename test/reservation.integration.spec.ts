import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF639_BASE_PATH } from '../engine/inventory/tmf639.js';
import { generatePool } from '../engine/inventory/generate-pool.js';
import { loadResources } from '../engine/inventory/load-pool.js';
import { logger } from '../engine/observability/logger.js';
import { runWorkers } from '../workers/runtime/run-workers.js';
import { reserveForUnit } from '../workers/reserve-resource/reserve-resource.js';
import { productIdFor } from '../engine/technical-orders/identities.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig, whereOrdersStand } from './support/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const characteristics = (values: Record<string, unknown>) => ({ product: { productCharacteristic: Object.entries(values).map(([name, value]) => ({ name, value })) } });
const mobile = (extra: Record<string, unknown> = {}) => sampleOrder({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-basic' }, ...extra }] });

async function finished(ordo: Ordo, id: string, timeoutMs = 60_000) {
  return eventually(`order ${id} to finish`, async () => {
    const order = (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body;
    return ['completed', 'partial', 'failed', 'cancelled'].includes(order.state) ? order : undefined;
  }, timeoutMs);
}

async function place(ordo: Ordo, body: Record<string, unknown>): Promise<string> {
  const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, body);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.id as string;
}

describe('mobile-subscription reserves a number and a SIM from the TMF639 inventory', () => {
  let ordo: Ordo;
  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_INVENTORY_SEED_SIZE: '200' }));
    await ordo.deployed;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
  });

  it('a completed order holds its MSISDN and SIM in use, linked to its TMF637 product, visible through TMF639', async () => {
    const id = await place(ordo, mobile());
    expect((await finished(ordo, id)).state).to.equal('completed');
    const held = (await ordo.orders.findStored(id))!._ordo.resources!;
    expect(held.map((h) => h.role).sort()).to.deep.equal(['msisdn', 'sim']);
    for (const h of held) {
      const resource = (await httpJson('GET', `${ordo.baseUrl}${TMF639_BASE_PATH}/resource/${h.resourceId}`)).body;
      expect(resource).to.include({ resourceStatus: 'available', usageState: 'active' });
      expect(resource.resourceCharacteristic.find((c: { name: string }) => c.name === 'productId').value).to.equal(productIdFor(id, '1'));
      expect(resource).not.to.have.property('_ordo');
    }
    expect(held.find((h) => h.role === 'msisdn')!.number).to.match(/^4179\d{7}$/);
    expect(held.find((h) => h.role === 'sim')!.number).to.match(/^894101\d{14}$/);
  });

  it('honours the customer\'s wishes: a golden number, a pattern', async () => {
    const golden = await place(ordo, mobile(characteristics({ numberCategory: 'golden' })));
    const patterned = await place(ordo, mobile(characteristics({ numberPreference: '41790000*7' })));
    for (const id of [golden, patterned]) expect((await finished(ordo, id)).state).to.equal('completed');
    expect((await ordo.orders.findStored(golden))!._ordo.resources!.find((h) => h.role === 'msisdn')!.number).to.match(/^4179999/);
    expect((await ordo.orders.findStored(patterned))!._ordo.resources!.find((h) => h.role === 'msisdn')!.number).to.match(/^41790000\d*7$/);
  });

  it('a SIM the customer already holds (ICCID given) is the one reserved', async () => {
    const sim = (await ordo.resources.collection.findOne({ '@type': 'PhysicalResource', resourceStatus: 'available', usageState: 'idle' }))!['serialNumber'] as string;
    const id = await place(ordo, mobile(characteristics({ ICCID: sim })));
    expect((await finished(ordo, id)).state).to.equal('completed');
    expect((await ordo.orders.findStored(id))!._ordo.resources!.find((h) => h.role === 'sim')!.number).to.equal(sim);
  });

  it('a number brought from another operator is ported in, not drawn from the pool, and completes its port-in', async () => {
    const id = await place(ordo, mobile(characteristics({ MSISDN: '41781234567', donorOperator: 'Other Mobile' })));
    expect((await finished(ordo, id)).state).to.equal('completed');
    const msisdn = (await ordo.orders.findStored(id))!._ordo.resources!.find((h) => h.role === 'msisdn')!;
    expect(msisdn).to.include({ number: '41781234567', ported: true });
    const stored = await ordo.resources.findStored(msisdn.resourceId);
    expect(stored!._ordo.pool).to.not.match(/^msisdn:standard/);
    expect(stored!.resourceCharacteristic!.find((c) => c.name === 'portInState')!.value).to.equal('completed');
  });
});

describe('reservation under pressure and failure (bpmn/mobile-subscription.bpmn)', () => {
  describe('a crowded pool', () => {
    let crowded: Ordo;
    before(async () => {
      crowded = await startOrdo(testConfig({ ORDO_INVENTORY_SEED_SIZE: '0' }));
    });
    after(async function () {
      this.timeout(120_000);
      if (crowded) await retireTestOrdo(crowded, 60_000);
    });

    it('120 concurrent orders against 30 free numbers: 30 complete, 90 fail on NO_RESOURCE_AVAILABLE, no number held twice, SIMs of the failed ones released', async function () {
      // 120 orders and their failure paths take 20 to 70 s on two cores (a JIT-cold engine, or the
      // third suite run of a CI on a grown engine database, is the slow end; 200 orders once ran out
      // of 300 s there). The wait below says how long is too long, and what was left unfinished; the
      // Ordo is started and retired in hooks so that neither eats into it.
      this.timeout(300_000);
      await loadResources(crowded.resources, generatePool({ kind: 'msisdn', count: 30, prefix: '4176' }), { kind: 'msisdn' });
      await loadResources(crowded.resources, generatePool({ kind: 'iccid', count: 150, prefix: '894102' }), { kind: 'iccid' });
      await crowded.deployed;
      const ids = await Promise.all(Array.from({ length: 120 }, () => place(crowded, mobile())));
      const orders = await eventually('all 120 orders to finish', async () => {
        const done = await crowded.orders.collection.find({ _id: { $in: ids }, state: { $in: ['completed', 'failed'] } }).toArray();
        return done.length === ids.length ? done : undefined;
      }, 240_000, 1000).catch(async (err: Error) => {
        const where = await whereOrdersStand(crowded, ids).catch((e: Error) => `(where they stand is unknown: ${e.message})`);
        throw new Error(`${err.message}\n${where}`);
      });
      expect(orders.filter((o) => o['state'] === 'completed')).to.have.length(30);
      const failed = orders.filter((o) => o['state'] === 'failed');
      expect(failed).to.have.length(90);
      for (const o of failed) expect(o['_ordo'].fulfilment[0].reason).to.equal('No msisdn available');
      const inUse = await crowded.resources.collection.find({ '@type': 'LogicalResource', usageState: 'active' }).toArray();
      expect(inUse).to.have.length(30);
      expect(new Set(inUse.map((r) => r['value'])).size).to.equal(30);
      expect(await crowded.resources.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(0);
      expect(await crowded.resources.collection.countDocuments({ '@type': 'PhysicalResource', usageState: 'active' })).to.equal(30);
    });
  });

  it('a SIM that cannot be found releases the number already reserved, and the item fails with the reason', async () => {
    const ordo = await startOrdo(testConfig({ ORDO_INVENTORY_SEED_SIZE: '0' }));
    try {
      await loadResources(ordo.resources, generatePool({ kind: 'msisdn', count: 3, prefix: '4177' }), { kind: 'msisdn' });
      await ordo.deployed;
      const id = await place(ordo, mobile());
      const order = await finished(ordo, id);
      expect(order.state).to.equal('failed');
      expect((await ordo.orders.findStored(id))!._ordo.fulfilment![0]!.reason).to.equal('No sim available');
      expect(await ordo.resources.collection.countDocuments({ resourceStatus: 'available', usageState: 'idle' })).to.equal(3);
    } finally {
      await retireTestOrdo(ordo);
    }
  });

  it('a worker that dies after reserving, before completing its job: the redelivered job returns the same number, none leaks', async () => {
    const config = testConfig({ ORDO_INVENTORY_SEED_SIZE: '100', ORDO_WORKER_TIMEOUT_MS: '3000' });
    const ordo = await startOrdo(config, { workers: false });
    try {
      await ordo.deployed;
      const id = await place(ordo, mobile());
      // Everything but reservation runs; a separate process takes the MSISDN job and dies with it.
      const others = runWorkers(ordo.engine, ordo.workers.filter((w) => w.type !== 'reserve-resource'), config.workers, logger);
      const doomed = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'reserve-resource', '3000', id, ordo.config.engine.tenant], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        await new Promise((resolve) => doomed.stdout.once('data', resolve));
        // What the dying worker did before it could complete the job.
        const first = await reserveForUnit({ orders: ordo.orders, resources: ordo.resources, ttlMs: 60_000 }, { orderId: id, unitId: '1' }, { headers: { kind: 'msisdn', role: 'msisdn' } } as never);
        doomed.kill('SIGKILL');
        const reserving = runWorkers(ordo.engine, ordo.workers.filter((w) => w.type === 'reserve-resource'), config.workers, logger);
        try {
          expect((await finished(ordo, id)).state).to.equal('completed');
        } finally {
          await reserving.close();
        }
        const msisdn = (await ordo.orders.findStored(id))!._ordo.resources!.filter((h) => h.role === 'msisdn');
        expect(msisdn.map((h) => h.number)).to.deep.equal([first.number]);
        expect(await ordo.resources.collection.countDocuments({ '@type': 'LogicalResource', resourceStatus: { $ne: 'available' } })).to.equal(0);
        expect(await ordo.resources.collection.countDocuments({ '@type': 'LogicalResource', usageState: 'active' })).to.equal(1);
      } finally {
        doomed.kill('SIGKILL');
        await others.close();
      }
    } finally {
      await retireTestOrdo(ordo);
    }
  });

  it('cancelling an order that holds a number and a SIM gives both back to the pool', async () => {
    const config = testConfig({ ORDO_INVENTORY_SEED_SIZE: '100' });
    const ordo = await startOrdo(config, { workers: false });
    try {
      await ordo.deployed;
      const id = await place(ordo, mobile());
      // The order runs up to its confirmation, which a separate process holds: number and SIM are reserved.
      const holder = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'confirm-resources', '120000', id, ordo.config.engine.tenant], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        // Not confirm-resources: the holder must be the one to take that job.
        const workers = runWorkers(ordo.engine, ordo.workers.filter((w) => w.type !== 'confirm-resources'), config.workers, logger);
        try {
          await new Promise((resolve) => holder.stdout.once('data', resolve));
          expect(await ordo.resources.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(2);
          const cancel = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder`, { productOrder: { id }, cancellationReason: 'changed mind' });
          expect(cancel.status).to.equal(201);
          expect((await finished(ordo, id)).state).to.equal('cancelled');
          expect(await ordo.resources.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(0);
          const held = (await ordo.orders.findStored(id))!._ordo.resources!;
          for (const h of held) expect(await ordo.resources.findHeld(h.key)).to.equal(null);
        } finally {
          await workers.close();
        }
      } finally {
        holder.kill('SIGKILL');
      }
    } finally {
      await retireTestOrdo(ordo);
    }
  });

  it('cancelling an order after one of its items completed gives back only what the unfinished item holds', async () => {
    const config = testConfig({ ORDO_INVENTORY_SEED_SIZE: '100' });
    const ordo = await startOrdo(config, { workers: false });
    try {
      await ordo.deployed;
      const id = await place(ordo, sampleOrder({ productOrderItem: ['1', '2'].map((itemId) => ({ id: itemId, action: 'add', productOffering: { id: 'mobile-basic' } })) }));
      // Item 2's confirmation is held by a separate process; item 1 runs to completion.
      const holder = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'confirm-resources', '120000', id, ordo.config.engine.tenant, '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const all = ordo.workers;
        const workers = runWorkers(ordo.engine, all.filter((w) => w.type !== 'confirm-resources'), config.workers, logger);
        let confirming: { close(): Promise<void> } | undefined;
        try {
          await new Promise((resolve) => holder.stdout.once('data', resolve));
          confirming = runWorkers(ordo.engine, all.filter((w) => w.type === 'confirm-resources'), config.workers, logger);
          await eventually('the other item completed', async () => (await ordo.orders.findStored(id))!.productOrderItem.some((i) => i.state === 'completed'), 30_000);
          expect((await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder`, { productOrder: { id } })).status).to.equal(201);
          expect((await finished(ordo, id)).state).to.equal('cancelled');
          const completedUnit = (await ordo.orders.findStored(id))!._ordo.fulfilment!.find((u) => u.state === 'completed')!.unitId;
          const held = (await ordo.orders.findStored(id))!._ordo.resources!;
          for (const h of held) {
            const resource = await ordo.resources.findStored(h.resourceId);
            if (h.unitId === completedUnit) expect(resource, `${h.role} of the completed item`).to.include({ resourceStatus: 'available', usageState: 'active' });
            else expect(resource, `${h.role} of the cancelled item`).to.include({ resourceStatus: 'available', usageState: 'idle' });
          }
        } finally {
          await workers.close();
          await confirming?.close();
        }
      } finally {
        holder.kill('SIGKILL');
      }
    } finally {
      await retireTestOrdo(ordo);
    }
  });
});
