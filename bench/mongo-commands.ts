import { randomUUID } from 'node:crypto';
import { loadConfig } from '../engine/config/config.js';
import { startOrdo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { ensureStack } from '../compose/local/stack.js';
import { removeLeftovers, type RunFootprint } from '../test/support/run-leftovers.js';
import { operatorHeaders } from './operator-token.js';
import { runWorkers } from '../workers/runtime/run-workers.js';
import { logger } from '../engine/observability/logger.js';

/**
 * What Ordo asks of MongoDB, counted by command and collection: for 10 s idle, then for `orders`
 * POSTs one after another (no fulfilment: --api-only style, workers off), per POST; before those,
 * with the workers running, for `fulfilled` orders placed together and run to `completed`, per
 * order end to end (every job of its six process instances). The figures behind the front-door levers (catalog
 * cache, batched audit, relay woken by writes) and the per-job round trips.
 * Usage: npm run build && node dist/bench/mongo-commands.js [orders=100] [idleSeconds=10] [fulfilled=20]
 */
const orders = Number(process.argv[2] ?? 100);
const idleSeconds = Number(process.argv[3] ?? 10);
const fulfilled = Number(process.argv[4] ?? 20);
const WAIT_MS = 120_000;

/** Whether a command is the event relay's: its filter names the outbox flags or the relay's lease. */
function byRelay(command: Record<string, unknown>): boolean {
  const updates = command['updates'] as { q?: unknown }[] | undefined;
  const filter = command['filter'] ?? command['query'] ?? updates?.[0]?.q;
  return /"_ordo\.(outboxPending|fanOutPending|outboxLeaseOwner)"/.test(JSON.stringify(filter ?? {}));
}

async function main(): Promise<void> {
  const run = Date.now().toString(36);
  const footprint: RunFootprint = { databases: [`ordo_bench_cmd_${run}`], topicPrefixes: [`benchcmd-${run}`], tenants: [`benchcmd${run}`] };
  const env = { ...process.env, ORDO_CUSTOMER_CHECK: 'off', ORDO_HTTP_PORT: '0', ORDO_KAFKA_TOPIC_PREFIX: footprint.topicPrefixes[0]!, ORDO_ENGINE_TENANT: footprint.tenants[0]!, ORDO_LOG_LEVEL: 'error', ORDO_MONGO_DB: footprint.databases[0]! };
  const config = loadConfig(env);
  if (config.localStack.wanted) await ensureStack(config, { quiet: true });
  const monitored = { ...config, mongo: { ...config.mongo, url: `${config.mongo.url}${config.mongo.url.includes('?') ? '&' : '?'}monitorCommands=true` } };
  const ordo = await startOrdo(monitored, { workers: false });
  const counts = new Map<string, number>();
  ordo.db.client.on('commandStarted', (e) => {
    const collection = (e.command as Record<string, unknown>)[e.commandName];
    const key = `${e.commandName} ${typeof collection === 'string' ? collection : ''}${byRelay(e.command) ? ' (event relay)' : ''}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const report = (title: string, per: number) => {
    const rows = [...counts].sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((n, [, c]) => n + c, 0);
    console.log(`${title}: ${(total / per).toFixed(1)} commands${per === 1 ? '' : ' each'}`);
    for (const [key, c] of rows.slice(0, 60)) console.log(`  ${(c / per).toFixed(2).padStart(8)}  ${key}`);
    counts.clear();
  };
  try {
    await ordo.deployed;
    await new Promise((r) => setTimeout(r, 2000));
    counts.clear();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    report(`idle, per second (${idleSeconds} s)`, idleSeconds);
    const headers = { ...(await operatorHeaders(ordo)), 'content-type': 'application/json' };
    // First, with the workers: the orders of the API-only phase below start processes no worker runs.
    counts.clear();
    const workers = runWorkers(ordo.engine, ordo.workers, config.workers, logger);
    try {
      const placed = await Promise.all(Array.from({ length: fulfilled }, async () => {
        // A customer, as bench/first-order.ts orders: without one the order waits for the client to name it.
        const res = await fetch(`${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, { method: 'POST', headers, body: JSON.stringify({ externalId: `CMD-${randomUUID()}`, relatedParty: [{ id: 'cust-1', role: 'Customer', '@referredType': 'Individual' }], productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-basic' } }] }) });
        if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      }));
      const deadline = Date.now() + WAIT_MS;
      while ((await ordo.orders.collection.countDocuments({ _id: { $in: placed }, state: 'completed' })) < placed.length) {
        if (Date.now() > deadline) throw new Error(`orders did not complete within ${WAIT_MS / 1000} s: ${JSON.stringify(await ordo.orders.collection.find({ _id: { $in: placed }, state: { $ne: 'completed' } }, { projection: { state: 1, '_ordo.process.status': 1 } }).limit(3).toArray())}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await workers.close();
    }
    report(`per order end to end, POST to completed (${fulfilled} orders, workers on, the wait's own counting polls included)`, fulfilled);
    counts.clear();
    for (let i = 0; i < orders; i++) {
      const res = await fetch(`${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, { method: 'POST', headers, body: JSON.stringify({ externalId: `CMD-${randomUUID()}`, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-basic' } }] }) });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    }
    // The relay's and starter's share of each order lands just after its POST.
    await new Promise((r) => setTimeout(r, 1000));
    report(`per POST, with what it causes in the next second (${orders} orders, workers off)`, orders);
  } finally {
    await ordo.close();
    await removeLeftovers(config, footprint);
  }
}

main().then(() => process.exit(0), (err: Error) => { console.error(err); process.exit(1); });
