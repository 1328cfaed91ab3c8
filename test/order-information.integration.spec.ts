import path from 'node:path';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { requestOrderInformationWorker } from '../workers/request-order-information/worker.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import { logger } from '../engine/observability/logger.js';
import { packageRoot } from '../engine/paths.js';
import { deployModelFiles } from '../engine/process/deploy-models.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';
import { TestListener } from './support/listener.js';

/**
 * A process asks the ordering system for information: the order goes pending, the event names the
 * attributes, a PATCH that supplies them releases the waiting process. The model is a test fixture
 * started directly, so the product-order process (its jobs not served here) does not interfere.
 */
describe('information required: the process asks, the client PATCHes, the process goes on', () => {
  let ordo: Ordo;
  let base: string;
  let workers: RunningWorkers;
  const listener = new TestListener();
  /** Variables of the fixture's last task, reached only once the process is released. */
  const released: Record<string, unknown>[] = [];
  let releaseWorker: { close(): Promise<unknown> };

  before(async () => {
    ordo = await startOrdo(testConfig(), { workers: false });
    await ordo.deployed;
    await deployModelFiles(ordo.engine, [path.join(packageRoot, 'test', 'fixtures', 'bpmn', 'order-information-test.bpmn')], 'test-order-information');
    releaseWorker = ordo.engine.work([{ topic: 'test.order-information.released', variables: ['orderId', 'providedFields'] }], { maxTasks: 4, lockMs: 10_000, handlerTimeoutMs: 10_000, pollMs: 5000 }, async (task) => {
      released.push(task.variables);
      return { kind: 'complete', variables: {} };
    });
    workers = runWorkers(ordo.engine, [requestOrderInformationWorker({ orders: ordo.orders })], ordo.config.workers, logger);
    base = `${ordo.baseUrl}${TMF622_BASE_PATH}`;
    await httpJson('POST', `${base}/hub`, { callback: await listener.start(), query: 'eventType=ProductOrderInformationRequiredEvent' });
  });
  after(async () => {
    await workers?.close();
    await releaseWorker?.close();
    await listener.stop();
    if (ordo) await retireTestOrdo(ordo, 0);
  });

  it('pending + ProductOrderInformationRequiredEvent(fieldPath), then PATCH releases the process', async () => {
    const placed = await httpJson('POST', `${base}/productOrder`, sampleOrder());
    const orderId = placed.body.id as string;
    await ordo.engine.startByMessage('order-information-test', orderId, { orderId });
    const releasedFor = () => released.find((v) => v['orderId'] === orderId);

    const event = await eventually('the information-required event', async () => listener.received.find((e) => e.event['productOrder']?.['id'] === orderId), 30_000);
    expect(event).to.include({ eventType: 'ProductOrderInformationRequiredEvent' });
    expect((event as unknown as Record<string, unknown>)['fieldPath']).to.equal('billingAccount');
    expect((event as unknown as Record<string, unknown>)['description']).to.equal('Postpaid plans are billed to an account');
    expect((await httpJson('GET', `${base}/productOrder/${orderId}`)).body.state).to.equal('pending');

    // Something else first: the process keeps waiting.
    await httpJson('PATCH', `${base}/productOrder/${orderId}`, { description: 'still no account' }, { 'content-type': 'application/merge-patch+json' });
    await new Promise((r) => setTimeout(r, 2000));
    expect(releasedFor()).to.equal(undefined);

    const patched = await httpJson('PATCH', `${base}/productOrder/${orderId}`, { billingAccount: { id: 'BA-7', '@referredType': 'BillingAccount' } }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const variables = await eventually('the process to go on', async () => releasedFor(), 30_000);
    expect(variables['providedFields']).to.deep.equal(['billingAccount']);
    const stored = await ordo.orders.findStored(orderId);
    expect(stored!._ordo.informationRequired).to.include({ jobKey: stored!._ordo.informationRequired!.jobKey });
    expect(stored!._ordo.informationRequired!.providedAt).to.be.instanceOf(Date);
    expect(stored!._ordo.informationRequired!.notifyPending).to.equal(undefined);
    expect(listener.received.filter((e) => e.event['productOrder']?.['id'] === orderId)).to.have.length(1);
  });

  it('information that no PATCH could supply is refused before the order changes', async () => {
    const { requestOrderInformation } = await import('../engine/orders/order-information.js');
    const placed = await httpJson('POST', `${base}/productOrder`, sampleOrder());
    let refused: unknown;
    await requestOrderInformation(ordo.orders, placed.body.id, { fieldPath: ['productOrderItem'], processInstanceKey: '1', jobKey: '1' }).catch((e: unknown) => (refused = e));
    expect(String(refused)).to.match(/productOrderItem/);
    expect((await httpJson('GET', `${base}/productOrder/${placed.body.id}`)).body.state).to.equal('acknowledged');
  });
});
