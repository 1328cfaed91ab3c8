import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../engine/config/config.js';
import { startOrdo } from '../engine/ordo.js';
import { operatorHeaders } from './operator-token.js';
import { removeLeftovers, type RunFootprint } from '../test/support/run-leftovers.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { ensureStack } from '../compose/local/stack.js';

/**
 * TMF622 API figures, in one run against the configured servers:
 *   1. POST latency at a steady rate (default 50 orders/s for 20 s), with the process running;
 *   2. list-query latency over a collection of N stored orders, for each N given.
 * Usage: npm run build && node dist/bench/tmf622-api.js [rate=50] [seconds=20] [sizes=10000] [--api-only] [--scrape]
 * The local stack's server narrows a query only by the first field of an index (see the README's
 * local stack), so each list is timed beside the same find and count sent straight to the server.
 */
const rate = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 20);
const sizes = (process.argv[4] ?? '10000').split(',').map(Number);
/** `--api-only`: no job workers in the measured process, so the figure is the API's own, not the machine busy fulfilling. */
const apiOnly = process.argv.includes('--api-only');
/** `--scrape`: GET /metrics every second meanwhile, as Prometheus would (the cost of the metrics). */
const scrapeEverySecond = process.argv.includes('--scrape');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
/** Each list query this many times (after a few unmeasured), so that its p99 is not simply its slowest. */
const LIST_ROUNDS = 200;
const LIST_WARM_UP = 5;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const offerings = ['mobile-basic', 'mobile-plus', 'fibre-1g', 'fibre-500', 'tv-box'];
const states = ['completed', 'completed', 'completed', 'inProgress', 'failed', 'cancelled', 'acknowledged'];

function storedOrder(i: number, start: number) {
  const id = randomUUID();
  const state = states[i % states.length]!;
  const orderDate = new Date(start - i * 1000).toISOString();
  return {
    _id: id, id, href: `http://localhost/tmf-api/productOrderingManagement/v4/productOrder/${id}`, externalId: `LOAD-${i}`, state, orderDate, '@type': 'ProductOrder',
    description: 'bench order', relatedParty: [{ id: `cust-${i % 5000}`, role: 'Customer', '@referredType': 'Individual' }],
    productOrderItem: [{ id: '1', action: 'add', state, quantity: 1, productOffering: { id: offerings[i % offerings.length] } }],
    _ordo: { revision: 2, process: { bpmnProcessId: 'product-order', status: 'started', attempts: 1 }, traceContext: {}, requestHash: 'x', externalIdKey: `bench\u0000LOAD-${i}`, outbox: [] },
  };
}

async function main(): Promise<void> {
  const run = Date.now().toString(36);
  // Everything the run leaves on the stack goes at its end: its databases, topics and engine tenant.
  const footprint: RunFootprint = { databases: [`ordo_bench_api_${run}`, ...sizes.map((n) => `ordo_bench_list_${n}_${run}`)], topicPrefixes: [`bench-${run}`], tenants: [`benchapi${run}`] };
  // The orders name made-up customers: Ordo's customer check is off, as in the tests of orders.
  const env = { ...process.env, ORDO_CUSTOMER_CHECK: 'off', ORDO_HTTP_PORT: '0', ORDO_KAFKA_TOPIC_PREFIX: footprint.topicPrefixes[0]!, ORDO_ENGINE_TENANT: footprint.tenants[0]!, ORDO_LOG_LEVEL: 'error' };
  const config = loadConfig({ ...env, ORDO_MONGO_DB: footprint.databases[0]! });
  if (config.localStack.wanted) await ensureStack(config, { quiet: true });
  const ordo = await startOrdo(config, { workers: !apiOnly });
  await ordo.deployed;
  const url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
  const auth = await operatorHeaders(ordo);

  // 1. POST at a steady rate, from a thread of its own; the event loop of Ordo's own thread is watched meanwhile.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const scrapes: number[] = [];
  const scraper = scrapeEverySecond ? setInterval(() => void timed(() => fetch(`${ordo.baseUrl}/metrics`).then((r) => r.text())).then((t) => scrapes.push(t)), 1000) : undefined;
  const load = await new Promise<{ latencies: number[]; achieved: number; error?: string }>((resolve, reject) => {
    const worker = new Worker(new URL('./post-load.js', import.meta.url), { workerData: { url, headers: auth, rate, seconds } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  loop.disable();
  clearInterval(scraper);
  if (load.error) throw new Error(load.error);
  const { latencies, achieved } = load;
  console.log(`POST productOrder at ${rate}/s for ${seconds} s (${rate * seconds} orders, achieved ${achieved.toFixed(1)}/s, workers ${apiOnly ? 'off' : 'running'}, metrics ${scrapeEverySecond ? 'scraped every second' : 'not scraped'}): p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}, max ${ms(Math.max(...latencies))}`);
  console.log(`  Ordo's event loop delay meanwhile: p50 ${ms(loop.percentile(50) / 1e6)}, p99 ${ms(loop.percentile(99) / 1e6)}, max ${ms(loop.max / 1e6)}`);
  if (scrapes.length) console.log(`  GET /metrics every second meanwhile (${scrapes.length} scrapes): p50 ${ms(pct(scrapes, 50))}, p99 ${ms(pct(scrapes, 99))}`);
  await ordo.close();

  // 2. List queries over N stored orders (loaded directly, in a database of their own).
  for (const n of sizes) {
    const listConfig = loadConfig({ ...env, ORDO_MONGO_DB: `ordo_bench_list_${n}_${run}`, ORDO_DEPLOY_ON_START: 'false' });
    const lister = await startOrdo(listConfig, { workers: false });
    await lister.starter.stop();
    const loadStart = Date.now();
    for (let i = 0; i < n; i += 1000) {
      await lister.orders.collection.insertMany(Array.from({ length: Math.min(1000, n - i) }, (_, k) => storedOrder(i + k, loadStart)));
    }
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const listUrl = `${lister.baseUrl}${TMF622_BASE_PATH}/productOrder`;
    const listAuth = await operatorHeaders(lister);
    const mid = new Date(loadStart - (n / 2) * 1000).toISOString();
    // Each query beside what it asks of MongoDB (the page and the count, at once, as Ordo asks them), sent
    // straight through the driver: the server's share of the time, without Ordo.
    const live = { '_ordo.deletedAt': { $exists: false } };
    const hidden = { _id: 0, _ordo: 0 };
    const queries: { name: string; query: string; filter: Document; limit: number; projection?: Document }[] = [
      { name: 'newest 100', query: '', filter: {}, limit: 100 },
      { name: 'state=failed, limit 20', query: '?state=failed&limit=20', filter: { state: 'failed' }, limit: 20 },
      { name: 'item offering, fields', query: '?productOrderItem.productOffering.id=fibre-1g&fields=state&limit=20', filter: { 'productOrderItem.productOffering.id': 'fibre-1g' }, limit: 20, projection: { _id: 0, id: 1, href: 1, state: 1 } },
      { name: 'orderDate range, sorted', query: `?orderDate.lt=${encodeURIComponent(mid)}&sort=-orderDate&limit=20`, filter: { orderDate: { $lt: mid } }, limit: 20 },
      { name: 'relatedParty.id', query: '?relatedParty.id=cust-42&limit=20', filter: { 'relatedParty.id': 'cust-42' }, limit: 20 },
    ];
    console.log(`list productOrder over ${n} stored orders (loaded in ${loadSeconds.toFixed(1)} s): through Ordo | the same find and count straight to MongoDB`);
    const bare = lister.orders.collection;
    for (const q of queries) {
      const times: number[] = [];
      const direct: number[] = [];
      for (let k = 0; k < LIST_ROUNDS + LIST_WARM_UP; k++) {
        if (k === LIST_WARM_UP) times.length = direct.length = 0;
        times.push(await timed(() => fetch(`${listUrl}${q.query}`, { headers: listAuth }).then((r) => r.text())));
        const filter = { ...q.filter, ...live };
        direct.push(await timed(() => Promise.all([bare.countDocuments(filter), bare.find(filter, { projection: q.projection ?? hidden }).sort({ orderDate: -1, _id: 1 }).limit(q.limit).toArray()])));
      }
      console.log(`  ${q.name.padEnd(26)} p50 ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))} | p50 ${ms(pct(direct, 50))}, p99 ${ms(pct(direct, 99))}`);
    }
    await lister.close();
  }
  await removeLeftovers(config, footprint);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
