import { randomUUID } from 'node:crypto';
import { loadConfig } from '../engine/config/config.js';
import { startOrdo } from '../engine/ordo.js';
import { operatorHeaders } from './operator-token.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { ORDER_RECEIVED_MESSAGE } from '../engine/process/process-starter.js';
import { ensureStack } from '../compose/local/stack.js';
import type { TaskOutcome, Variables } from '../engine/process/process-engine.js';

/**
 * Ordo end to end vs bare Operaton on the same models (bpmn/product-order.bpmn calling
 * bpmn/mobile-subscription.bpmn for one mobile item, which decomposes into two service orders with
 * one resource order each), in one run.
 *   bare:  publish the start message with the variables Ordo would give; no-op workers complete
 *          every job at once with the outputs the models route on, touching nothing else.
 *   ordo:  POST the TMF622 order; validation, catalog, MongoDB, outbox, Kafka and the real workers.
 * Latency is from request to the order's last job being done. Usage:
 *   npm run build && node dist/bench/first-order.js [orders=200] [concurrency=20]
 */
const orders = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 20);

interface Result {
  seconds: number;
  latenciesMs: number[];
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ORDO_HTTP_PORT: '0', ORDO_MONGO_DB: `ordo_bench_${Date.now()}`, ORDO_KAFKA_TOPIC_PREFIX: 'bench', ORDO_LOG_LEVEL: 'error', ORDO_OUTBOX_POLL_MS: '100' });
  if (config.localStack.wanted) await ensureStack(config, { quiet: true });

  // Ordo is started without workers first: it deploys the model, and its client drives the bare run.
  const ordo = await startOrdo(config, { workers: false });
  await ordo.deployed;

  const bare = await (async (): Promise<Result> => {
    const started = new Map<string, number>();
    const done = new Map<string, number>();
    let finish: () => void = () => undefined;
    const allDone = new Promise<void>((r) => (finish = r));
    // What each job type answers in the bare run: just the outputs the models route on. The
    // decomposition steps start the same child processes (two service orders, each with one
    // resource order of two items) and the children's end tells the parent, as Ordo does (offered
    // until the parent waits: the engine keeps no message), so both runs drive the same instances.
    const startChild = (name: string, id: string, variables: Variables) => ordo.engine.startByMessage(name, id, variables);
    const tellParent = async (name: string, parentId: string, childField: string, childId: string) => {
      while ((await ordo.engine.correlate({ name, target: { businessKey: parentId, localVariables: { [childField]: childId } } })) === 0) await new Promise((r) => setTimeout(r, 50));
    };
    const answers: Record<string, (job: { variables: Variables; properties: Record<string, string> }) => Promise<Variables>> = {
      'validate-order': async () => ({ orderValid: true, rejectionReason: '', missingInformation: '' }),
      'update-order-state': async () => ({ orderState: 'inProgress' }),
      'update-item-state': async () => ({ itemState: 'inProgress' }),
      'check-product-configuration': async () => ({ productConfiguration: { plan: 'basic' } }),
      'reserve-resource': async () => ({ resourceId: 'r-1', number: '41790000001', ported: false }),
      'confirm-resources': async () => ({ confirmedResources: ['r-1'] }),
      'complete-order': async () => ({ orderState: 'completed' }),
      'hold-if-frozen': async () => ({ frozen: false, freezeKey: '' }),
      'notify-salesforce': async () => ({ notified: false }),
      'collect-payment': async () => ({ paymentOutcome: 'notRequired', paymentId: '', paymentConfirmationTimeout: 'PT30M' }),
      'create-service-orders': async (job) => {
        const serviceOrderIds = [randomUUID(), randomUUID()];
        for (const id of serviceOrderIds) await startChild('service-order-received', id, { serviceOrderId: id, orderId: job.variables['orderId'], unitId: '1', parentOrderId: job.variables['orderId'], itemIds: ['1'], items: [], traceContext: {} });
        return { serviceOrderIds };
      },
      'create-resource-orders': async (job) => {
        const id = randomUUID();
        await startChild('resource-order-received', id, { resourceOrderId: id, orderId: job.variables['orderId'], unitId: '1', parentOrderId: job.variables['serviceOrderId'], itemIds: ['1-sim-card', '1-msisdn'], items: [], traceContext: {} });
        return { resourceOrderIds: [id] };
      },
      'update-technical-order-state': async (job) => {
        const state = String(job.properties['state']);
        if (state === 'completed') {
          const service = job.variables['orderType'] === 'serviceOrder';
          const id = String(job.variables['technicalOrderId']);
          void tellParent(service ? 'service-order-finished' : 'resource-order-finished', String(job.variables['parentOrderId']), service ? 'serviceOrderId' : 'resourceOrderId', id);
        }
        return { technicalOrderState: state };
      },
      'check-child-orders': async () => ({ childOrdersState: 'completed', childOrdersReason: '' }),
      'activate-resource': async () => ({ activated: true }),
      'record-service-inventory': async () => ({ serviceIds: [] }),
      'record-product-inventory': async () => ({ productId: 'p-1' }),
    };
    const variablesOf = ['orderId', 'serviceOrderId', 'orderType', 'technicalOrderId', 'parentOrderId'];
    const workers = ordo.engine.work(
      Object.keys(answers).map((topic) => ({ topic, variables: variablesOf })),
      { maxTasks: config.workers.maxJobs, lockMs: config.workers.lockMs, handlerTimeoutMs: config.workers.timeoutMs, pollMs: config.workers.pollMs },
      async (task): Promise<TaskOutcome> => {
        const variables = await answers[task.topic]!({ variables: task.variables, properties: task.properties });
        // Only this run's orders count (instances left by an interrupted run may still finish).
        const orderId = String(task.variables['orderId']);
        if (task.topic === 'complete-order' && started.has(orderId)) {
          done.set(orderId, Date.now());
          if (done.size === orders) finish();
        }
        return { kind: 'complete', variables };
      },
    );
    const ids = Array.from({ length: orders }, () => `bare-${randomUUID()}`);
    const t0 = Date.now();
    await pool(ids, concurrency, async (id) => {
      started.set(id, Date.now());
      const fulfilment = [{ unitId: '1', itemId: '1', action: 'add', productOfferingId: 'mobile-basic', productSpecificationId: 'mobile-subscription', serviceSpecificationIds: [], bpmnProcessId: 'mobile-subscription' }];
      const variables = { orderId: id, externalId: null, customerId: 'cust-1', orderItems: [{ id: '1', action: 'add', productOfferingId: 'mobile-basic' }], fulfilment, traceContext: {} };
      await ordo.engine.startByMessage(ORDER_RECEIVED_MESSAGE, id, variables);
    });
    await allDone;
    const seconds = (Date.now() - t0) / 1000;
    await workers.close();
    return { seconds, latenciesMs: ids.map((id) => done.get(id)! - started.get(id)!).sort((a, b) => a - b) };
  })();
  await ordo.close();

  const full = await startOrdo(config);
  await full.deployed;
  const auth = await operatorHeaders(full);
  const ordoRun = await (async (): Promise<Result> => {
    const started = new Map<string, number>();
    const t0 = Date.now();
    await pool(Array.from({ length: orders }, (_, i) => i), concurrency, async (i) => {
      const t = Date.now();
      const res = await fetch(`${full.baseUrl}${TMF622_BASE_PATH}/productOrder`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ externalId: `BENCH-${i}`, relatedParty: [{ id: 'cust-1', role: 'Customer', '@referredType': 'Individual' }], productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-basic' } }] }),
      });
      if (res.status !== 201) throw new Error(`POST productOrder answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { id: string };
      started.set(body.id, t);
    });
    const done = new Map<string, number>();
    while (done.size < orders) {
      const completed = await full.orders.collection.find({ state: 'completed', _id: { $nin: [...done.keys()] } }, { projection: { _id: 1 } }).toArray();
      const now = Date.now();
      for (const c of completed) done.set(c._id, now);
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (Math.max(...done.values()) - t0) / 1000;
    return { seconds, latenciesMs: [...started.entries()].map(([id, t]) => done.get(id)! - t).sort((a, b) => a - b) };
  })();
  await full.db.db.dropDatabase();
  await full.close();

  const row = (name: string, r: Result) =>
    `${name.padEnd(6)} ${(orders / r.seconds).toFixed(1).padStart(8)} orders/s   p50 ${String(pct(r.latenciesMs, 50)).padStart(5)} ms   p95 ${String(pct(r.latenciesMs, 95)).padStart(5)} ms   p99 ${String(pct(r.latenciesMs, 99)).padStart(5)} ms`;
  console.log(`${orders} orders, ${concurrency} at a time, product-order + mobile-subscription + 2 service-order + 2 resource-order instances per order (6 process instances, about 38 jobs on the happy path)`);
  console.log(row('bare', bare));
  console.log(row('ordo', ordoRun));
  console.log(`ratio  throughput ordo/bare ${(bare.seconds / ordoRun.seconds).toFixed(2)}   p50 latency ordo/bare ${(pct(ordoRun.latenciesMs, 50) / pct(bare.latenciesMs, 50)).toFixed(2)}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
