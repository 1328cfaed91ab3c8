import { randomUUID } from 'node:crypto';
import { loadConfig } from '../engine/config/config.js';
import { startOrdo } from '../engine/ordo.js';
import { operatorHeaders } from './operator-token.js';
import { removeLeftovers, type RunFootprint } from '../test/support/run-leftovers.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { ORDER_RECEIVED_MESSAGE } from '../engine/orders/order-process.js';
import { readFileSync } from 'node:fs';
import { ensureStack, serverPids } from '../compose/local/stack.js';
import type { Config } from '../engine/config/config.js';
import type { TaskOutcome, Variables } from '../engine/process/process-engine.js';

/**
 * Ordo end to end vs bare Operaton on the same models (bpmn/product-order.bpmn calling
 * bpmn/mobile-subscription.bpmn for one mobile item, which decomposes into two service orders with
 * one resource order each), in one run.
 *   bare:  publish the start message with the variables Ordo would give; no-op workers complete
 *          every job at once with the outputs the models route on, touching nothing else.
 *   ordo:  POST the TMF622 order; validation, catalog, MongoDB, outbox, Kafka and the real workers.
 * Latency is from request to the order's completion. Usage:
 *   npm run build && node dist/bench/first-order.js [orders=200] [concurrency=20] [--warmup=50] [--bare-only]
 */
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}`))?.split('=')[1] ?? (process.argv.includes(`--${name}`) ? 'true' : undefined);
const orders = Number(positional[0] ?? 200);
const concurrency = Number(positional[1] ?? 20);
/** Orders run (bare) before measuring, so the engine's JIT is warm for both runs. */
const warmup = Number(flag('warmup') ?? 50);
const bareOnly = flag('bare-only') === 'true';

/** What Ordo gives every instance as its trace context (a W3C carrier as text), so both runs carry the same. */
const BARE_TRACE = JSON.stringify({ traceparent: `00-${'0'.repeat(31)}1-${'0'.repeat(15)}1-01` });

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

/** CPU time (user + system) of this process and of the local stack's servers, between start() and stop(). */
function cpuMeter(config: Config) {
  const pids = (): Record<string, number> => ({ node: process.pid, ...serverPids(config) });
  const ticks = (pid: number) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let before: Record<string, number> = {};
  let t0 = 0;
  return {
    start() {
      before = Object.fromEntries(Object.entries(pids()).map(([name, pid]) => [name, ticks(pid)]));
      t0 = Date.now();
    },
    stop(): string {
      const wall = (Date.now() - t0) / 1000;
      const used = Object.entries(pids()).map(([name, pid]) => [name, (ticks(pid) - (before[name] ?? 0)) / 100] as const);
      const total = used.reduce((sum, [, s]) => sum + s, 0);
      return `${used.map(([name, s]) => `${name} ${s.toFixed(1)}`).join(', ')}; total ${total.toFixed(1)} in ${wall.toFixed(1)} s of wall time (${((100 * total) / wall).toFixed(0)}% of one core)`;
    },
  };
}

async function main(): Promise<void> {
  const run = Date.now().toString(36);
  // Each run on its own engine tenant: the bare instances and Ordo's never meet.
  const footprint: RunFootprint = { databases: [`ordo_bench_${run}`, `ordo_bench_full_${run}`], topicPrefixes: [`bench-${run}`], tenants: [`benchbare${run}`, `benchordo${run}`] };
  // The orders name a made-up customer (cust-1): Ordo does not check it, as the bare engine does not.
  const env = { ...process.env, ORDO_HTTP_PORT: '0', ORDO_MONGO_DB: footprint.databases[0]!, ORDO_KAFKA_TOPIC_PREFIX: footprint.topicPrefixes[0]!, ORDO_LOG_LEVEL: 'error', ORDO_CUSTOMER_CHECK: 'off' };
  const config = loadConfig({ ...env, ORDO_ENGINE_TENANT: footprint.tenants[0]! });
  if (config.localStack.wanted) await ensureStack(config, { quiet: true });
  const cpu = cpuMeter(config);

  // Ordo is started without workers first: it deploys the model, and its client drives the bare run.
  const ordo = await startOrdo(config, { workers: false });
  await ordo.deployed;

  const bareRun = async (count: number): Promise<Result> => {
    const started = new Map<string, number>();
    const done = new Map<string, number>();
    const ended = new Set<string>();
    let finish: () => void = () => undefined;
    const allDone = new Promise<void>((r) => (finish = r));
    let allEnded: () => void = () => undefined;
    const everyInstanceEnded = new Promise<void>((r) => (allEnded = r));
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
        for (const id of serviceOrderIds) await startChild('service-order-received', id, { serviceOrderId: id, orderId: job.variables['orderId'], unitId: '1', parentOrderId: job.variables['orderId'], itemIds: ['1'], items: [], traceContext: BARE_TRACE });
        return { serviceOrderIds };
      },
      'create-resource-orders': async (job) => {
        const id = randomUUID();
        await startChild('resource-order-received', id, { resourceOrderId: id, orderId: job.variables['orderId'], unitId: '1', parentOrderId: job.variables['serviceOrderId'], itemIds: ['1-sim-card', '1-msisdn'], items: [], traceContext: BARE_TRACE });
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
          if (done.size === count) finish();
        }
        // The order's last task: its instance ends with it (the workers keep running until then).
        if (task.elementId === 'notify-order-finished' && started.has(orderId)) {
          ended.add(orderId);
          if (ended.size === count) allEnded();
        }
        return { kind: 'complete', variables };
      },
    );
    const ids = Array.from({ length: count }, () => `bare-${randomUUID()}`);
    const t0 = Date.now();
    await pool(ids, concurrency, async (id) => {
      started.set(id, Date.now());
      const fulfilment = [{ unitId: '1', itemId: '1', action: 'add', productOfferingId: 'mobile-basic', productSpecificationId: 'mobile-subscription', serviceSpecificationIds: [], bpmnProcessId: 'mobile-subscription' }];
      const variables = { orderId: id, externalId: null, customerId: 'cust-1', orderItems: [{ id: '1', action: 'add', productOfferingId: 'mobile-basic' }], fulfilment, traceContext: BARE_TRACE };
      await ordo.engine.startByMessage(ORDER_RECEIVED_MESSAGE, id, variables);
    });
    await allDone;
    const seconds = (Date.now() - t0) / 1000;
    await everyInstanceEnded;
    await workers.close();
    return { seconds, latenciesMs: ids.map((id) => done.get(id)! - started.get(id)!).sort((a, b) => a - b) };
  };
  // The engine's JIT warms up on a first batch that is not counted.
  if (warmup > 0) await bareRun(warmup);
  cpu.start();
  const bare = await bareRun(orders);
  const bareCpu = cpu.stop();
  await ordo.close();
  if (bareOnly) {
    console.log(`bare   ${(orders / bare.seconds).toFixed(1)} orders/s; CPU seconds ${bareCpu}`);
    await removeLeftovers(config, footprint);
    process.exit(0);
  }

  const full = await startOrdo(loadConfig({ ...env, ORDO_MONGO_DB: footprint.databases[1]!, ORDO_ENGINE_TENANT: footprint.tenants[1]! }));
  await full.deployed;
  const auth = await operatorHeaders(full);
  cpu.start();
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
  const ordoCpu = cpu.stop();
  await full.close();
  await removeLeftovers(config, footprint);

  const row = (name: string, r: Result) =>
    `${name.padEnd(6)} ${(orders / r.seconds).toFixed(1).padStart(8)} orders/s   p50 ${String(pct(r.latenciesMs, 50)).padStart(5)} ms   p95 ${String(pct(r.latenciesMs, 95)).padStart(5)} ms   p99 ${String(pct(r.latenciesMs, 99)).padStart(5)} ms`;
  console.log(`${orders} orders, ${concurrency} at a time, product-order + mobile-subscription + 2 service-order + 2 resource-order instances per order (6 process instances, about 38 jobs on the happy path)`);
  console.log(row('bare', bare));
  console.log(row('ordo', ordoRun));
  console.log(`ratio  throughput ordo/bare ${(bare.seconds / ordoRun.seconds).toFixed(2)}   p50 latency ordo/bare ${(pct(ordoRun.latenciesMs, 50) / pct(bare.latenciesMs, 50)).toFixed(2)}`);
  console.log(`CPU seconds (bare run)  ${bareCpu}`);
  console.log(`CPU seconds (ordo run)  ${ordoCpu}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
