import path from 'node:path';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { importCatalog } from '../engine/catalog/import-catalog.js';
import { packageRoot } from '../engine/paths.js';
import { logger } from '../engine/observability/logger.js';
import { runWorkers } from '../workers/runtime/run-workers.js';
import { Tmf620Simulator } from '../adapters/tmf620/simulator.js';
import { deployModelFiles } from '../engine/process/deploy-models.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';
import { defaultCatalog, defaultCatalogFile } from './support/catalog.js';

const characteristics = (values: Record<string, unknown>) => ({ productCharacteristic: Object.entries(values).map(([name, value]) => ({ name, value })) });
const item = (id: string, offering: string, extra: Record<string, unknown> = {}) => ({ id, action: 'add', quantity: 1, productOffering: { id: offering }, ...extra });
const fibre = (id: string) => item(id, 'fibre-1000', { product: characteristics({ installationAddress: 'Bahnhofstrasse 1, 8001 Zürich', downloadSpeed: 1000 }) });

describe('catalog-driven orchestration: the catalog picks each item\'s process, the order follows its items', () => {
  let ordo: Ordo;
  let base: string;

  before(async () => {
    ordo = await startOrdo(testConfig());
    await ordo.deployed;
    base = `${ordo.baseUrl}${TMF622_BASE_PATH}`;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
  });

  const place = async (body: Record<string, unknown>) => {
    const res = await httpJson('POST', `${base}/productOrder`, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  const finished = (id: string) =>
    eventually(`order ${id} to finish`, async () => {
      const order = (await httpJson('GET', `${base}/productOrder/${id}`)).body;
      return ['completed', 'partial', 'failed', 'rejected', 'cancelled'].includes(order.state) ? order : undefined;
    }, 60_000);

  it('each item runs the process its product specification names (mobile-subscription, broadband) and the order completes', async () => {
    const id = await place(sampleOrder({ productOrderItem: [item('1', 'mobile-basic'), fibre('2')] }));
    const order = await finished(id);
    expect(order.state).to.equal('completed');
    expect(order.productOrderItem.map((i: { state: string }) => i.state)).to.deep.equal(['completed', 'completed']);
    const units = (await ordo.orders.findStored(id))!._ordo.fulfilment!;
    expect(units.map((u) => [u.itemId, u.bpmnProcessId, u.state])).to.deep.equal([['1', 'mobile-subscription', 'completed'], ['2', 'broadband', 'completed']]);
    expect(units[1]!.serviceSpecificationIds).to.deep.equal(['fibre-access-cfs']);
    // Ops find the instance from the order: its page in Cockpit.
    expect(order.processInstanceKey).to.match(/^[0-9a-f-]{36}$/);
    expect(order.processInstanceUrl).to.equal(`${ordo.config.cockpit.url}/#/ordo-orders?instance=${order.processInstanceKey}`);
  });

  it('one item failing ends the order partial, with the reason kept; all failing ends it failed', async () => {
    const partial = await place(sampleOrder({ productOrderItem: [item('1', 'mobile-basic'), item('2', 'fibre-500')] }));
    const order = await finished(partial);
    expect(order.state).to.equal('partial');
    expect(order.productOrderItem.map((i: { state: string }) => i.state)).to.deep.equal(['completed', 'failed']);
    const failedUnit = (await ordo.orders.findStored(partial))!._ordo.fulfilment!.find((u) => u.itemId === '2')!;
    expect(failedUnit.reason).to.contain('installationAddress: required by broadband and not given');
    // What the integrator reads: a note from Ordo on the order.
    expect(order.note).to.have.length(1);
    expect(order.note[0]).to.include({ author: 'Ordo' });
    expect(order.note[0].text).to.match(/^Item 2 failed: Product configuration invalid: .*installationAddress: required by broadband/);

    const failed = await place(sampleOrder({ productOrderItem: [item('1', 'mobile-basic', { product: characteristics({ plan: 'platinum' }) })] }));
    const all = await finished(failed);
    expect(all.state).to.equal('failed');
    expect((await ordo.orders.findStored(failed))!._ordo.fulfilment![0]!.reason).to.match(/plan: "platinum" is not one of/);
  });

  it('a bundle item is fulfilled by one process per offering it contains, and completes when both have', async () => {
    const id = await place(sampleOrder({ productOrderItem: [item('1', 'home-and-mobile', { product: characteristics({ installationAddress: 'Rue du Rhône 2, 1204 Genève', plan: 'unlimited' }) })] }));
    const order = await finished(id);
    expect(order.state, JSON.stringify((await ordo.orders.findStored(id))!._ordo.fulfilment)).to.equal('completed');
    const units = (await ordo.orders.findStored(id))!._ordo.fulfilment!;
    expect(units.map((u) => [u.unitId, u.bpmnProcessId, u.state])).to.deep.equal([
      ['1/fibre-1000', 'broadband', 'completed'],
      ['1/mobile-unlimited', 'mobile-subscription', 'completed'],
    ]);
  });

  it('unknown, retired or unmapped offerings are refused at POST (422) and nothing is stored', async () => {
    const before = await ordo.orders.collection.countDocuments();
    const unknown = await httpJson('POST', `${base}/productOrder`, sampleOrder({ productOrderItem: [item('1', 'mobile-basic'), item('2', 'no-such-offering')] }));
    expect(unknown.status).to.equal(422);
    expect(unknown.body).to.include({ code: 'UNKNOWN_PRODUCT_OFFERING', '@type': 'Error' });
    expect(unknown.body.message).to.contain('item 2 (productOffering no-such-offering)');
    const retired = await httpJson('POST', `${base}/productOrder`, sampleOrder({ productOrderItem: [item('1', 'mobile-classic-2019')] }));
    expect(retired.status).to.equal(422);
    expect(retired.body.code).to.equal('OFFERING_NOT_ORDERABLE');
    expect(await ordo.orders.collection.countDocuments()).to.equal(before);
  });

  it('a retired offering can still be disconnected: action delete runs the disconnect process', async () => {
    const id = await place(sampleOrder({ productOrderItem: [{ id: '1', action: 'delete', productOffering: { id: 'mobile-classic-2019' }, product: { id: 'prod-77' } }] }));
    expect((await finished(id)).state).to.equal('completed');
    expect((await ordo.orders.findStored(id))!._ordo.fulfilment![0]!.bpmnProcessId).to.equal('disconnect');
  });

  it('an order without a customer waits, pending, until the client PATCHes one in', async () => {
    const id = await place(sampleOrder({ relatedParty: [{ id: 'agent-1', role: 'SalesAgent', '@referredType': 'Individual' }] }));
    await eventually('pending', async () => (await httpJson('GET', `${base}/productOrder/${id}`)).body.state === 'pending', 30_000);
    const patched = await httpJson('PATCH', `${base}/productOrder/${id}`, { relatedParty: [{ id: 'agent-1', role: 'SalesAgent', '@referredType': 'Individual' }, { id: 'cust-9', role: 'Customer', '@referredType': 'Individual' }] }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    expect((await finished(id)).state).to.equal('completed');
  });

  it('an analyst maps a product to a new process: deploy it, import the catalog, new orders run it (no code change)', async () => {
    await deployModelFiles(ordo.engine, [path.join(packageRoot, 'test', 'fixtures', 'bpmn', 'express-activation.bpmn')], 'test-express-activation');
    const catalog = defaultCatalog();
    const spec = catalog.productSpecification.find((s) => s.id === 'mobile-subscription')!;
    spec.fulfilmentProcess = { ...spec.fulfilmentProcess, add: { bpmnProcessId: 'express-activation' } };
    expect((await importCatalog(ordo.catalog.store, catalog)).imported).to.equal(true);
    try {
      const id = await place(sampleOrder());
      expect((await finished(id)).state).to.equal('completed');
      expect((await ordo.orders.findStored(id))!._ordo.fulfilment![0]!.bpmnProcessId).to.equal('express-activation');
    } finally {
      await importCatalog(ordo.catalog.store, defaultCatalog());
    }
  });
});

describe('catalog-driven orchestration: models and catalog change while orders run', () => {
  it('a new model version deployed mid-run: the running order finishes on the old version, new orders take the new one', async () => {
    const ordo = await startOrdo(testConfig());
    const fixture = (name: string) => path.join(packageRoot, 'test', 'fixtures', 'bpmn', name);
    const slowStepOf = new Map<string, () => void>();
    const slowStep = ordo.engine.work([{ topic: 'test.versioned-activation.slow-step', variables: ['orderId'] }], { maxTasks: 4, lockMs: 60_000, handlerTimeoutMs: 120_000, pollMs: 5000 }, async (task) => {
      await new Promise<void>((release) => slowStepOf.set(String(task.variables['orderId']), release));
      return { kind: 'complete', variables: {} };
    });
    try {
      await ordo.deployed;
      await deployModelFiles(ordo.engine, [fixture('versioned-activation-v1.bpmn')], 'test-versioned-activation');
      const catalog = defaultCatalog();
      const spec = catalog.productSpecification.find((s) => s.id === 'mobile-subscription')!;
      spec.fulfilmentProcess = { ...spec.fulfilmentProcess, add: { bpmnProcessId: 'versioned-activation' } };
      await importCatalog(ordo.catalog.store, catalog);
      const url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
      const stateOf = async (id: string) => (await httpJson('GET', `${url}/${id}`)).body.state as string;

      const running = (await httpJson('POST', url, sampleOrder())).body.id as string;
      await eventually('the running order to reach the step only v1 has', async () => slowStepOf.has(running), 30_000);
      await deployModelFiles(ordo.engine, [fixture('versioned-activation-v2.bpmn')], 'test-versioned-activation');

      const next = (await httpJson('POST', url, sampleOrder())).body.id as string;
      await eventually('the new order to complete on v2', async () => (await stateOf(next)) === 'completed', 30_000);
      expect(slowStepOf.has(next)).to.equal(false);
      expect(await stateOf(running)).to.equal('inProgress');

      slowStepOf.get(running)!();
      await eventually('the running order to complete on v1', async () => (await stateOf(running)) === 'completed', 30_000);
    } finally {
      for (const release of slowStepOf.values()) release();
      await slowStep.close();
      await retireTestOrdo(ordo);
    }
  });

  it('the catalog names a version tag: new orders run that version, not the latest', async () => {
    const ordo = await startOrdo(testConfig());
    const fixture = (name: string) => path.join(packageRoot, 'test', 'fixtures', 'bpmn', name);
    const reachedSlowStep = new Set<string>();
    const slowStep = ordo.engine.work([{ topic: 'test.versioned-activation.slow-step', variables: ['orderId'] }], { maxTasks: 4, lockMs: 60_000, handlerTimeoutMs: 120_000, pollMs: 5000 }, async (task) => {
      reachedSlowStep.add(String(task.variables['orderId']));
      return { kind: 'complete', variables: {} };
    });
    try {
      await ordo.deployed;
      await deployModelFiles(ordo.engine, [fixture('versioned-activation-v1.bpmn')], 'test-versioned-activation');
      await deployModelFiles(ordo.engine, [fixture('versioned-activation-v2.bpmn')], 'test-versioned-activation');
      const catalog = defaultCatalog();
      const spec = catalog.productSpecification.find((s) => s.id === 'mobile-subscription')!;
      const url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
      const completedOrder = async () => {
        const id = (await httpJson('POST', url, sampleOrder())).body.id as string;
        await eventually(`order ${id} completed`, async () => (await httpJson('GET', `${url}/${id}`)).body.state === 'completed', 30_000);
        return id;
      };

      spec.fulfilmentProcess = { ...spec.fulfilmentProcess, add: { bpmnProcessId: 'versioned-activation', versionTag: 'v1' } };
      await importCatalog(ordo.catalog.store, catalog);
      const pinned = await completedOrder();
      expect(reachedSlowStep.has(pinned), 'v1 (tagged) has the slow step').to.equal(true);

      spec.fulfilmentProcess = { ...spec.fulfilmentProcess, add: { bpmnProcessId: 'versioned-activation' } };
      await importCatalog(ordo.catalog.store, catalog);
      const latest = await completedOrder();
      expect(reachedSlowStep.has(latest), 'the latest (v2) has none').to.equal(false);
    } finally {
      await slowStep.close();
      await importCatalog(ordo.catalog.store, defaultCatalog()).catch(() => undefined);
      await retireTestOrdo(ordo);
    }
  });
});

describe('catalog-driven orchestration: the catalog changes while an order waits', () => {
  it('an offering retired after the order was accepted rejects it at validation, with the reason as a note', async () => {
    const ordo = await startOrdo(testConfig(), { workers: false });
    try {
      await ordo.deployed;
      const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
      const catalog = defaultCatalog();
      catalog.productOffering.find((o) => o.id === 'mobile-basic')!.lifecycleStatus = 'Retired';
      await importCatalog(ordo.catalog.store, catalog);
      const workers = runWorkers(ordo.engine, ordo.workers, ordo.config.workers, logger);
      try {
        const order = await eventually('rejected', async () => {
          const got = (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${res.body.id}`)).body;
          return got.state === 'rejected' ? got : undefined;
        }, 30_000);
        expect(order.productOrderItem[0].state).to.equal('rejected');
        expect(order.note[0]).to.include({ author: 'Ordo' });
        expect(order.note[0].text).to.contain('mobile-basic is Retired');
      } finally {
        await workers.close();
      }
    } finally {
      await retireTestOrdo(ordo);
    }
  });
});

describe('catalog from a remote TMF620 API', () => {
  it('orders are checked against the remote catalog; while it is down POST answers 503 and stores nothing', async () => {
    const simulator = await Tmf620Simulator.start();
    simulator.loadFile(defaultCatalogFile);
    const ordo = await startOrdo(testConfig({ ORDO_CATALOG_SOURCE: 'remote', ORDO_TMF620_URL: simulator.baseUrl, ORDO_CATALOG_SEED_FILE: '', ORDO_TMF620_TTL_MS: '60000' }), { workers: false });
    try {
      const url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
      expect((await httpJson('POST', url, sampleOrder())).status).to.equal(201);
      expect((await httpJson('POST', url, sampleOrder({ productOrderItem: [item('1', 'nope')] }))).status).to.equal(422);
      expect(simulator.requestCount('productOffering', 'mobile-basic')).to.equal(1);
      simulator.setFault({ status: 503 });
      const down = await httpJson('POST', url, sampleOrder({ productOrderItem: [item('1', 'mobile-unlimited')] }));
      expect(down.status).to.equal(503);
      expect(down.body.code).to.equal('CATALOG_UNAVAILABLE');
      expect(await ordo.orders.collection.countDocuments()).to.equal(1);
    } finally {
      await retireTestOrdo(ordo, 0);
      await simulator.close();
    }
  });
});
