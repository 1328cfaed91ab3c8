import { loadConfig } from '../engine/config/config.js';
import { connectMongo } from '../engine/db/mongo.js';
import { generatePool } from '../engine/inventory/generate-pool.js';
import { loadResources } from '../engine/inventory/load-pool.js';
import { reserveResource } from '../engine/inventory/reserve-resource.js';
import { ResourceStore } from '../engine/inventory/resource-store.js';
import { removeLeftovers } from '../test/support/run-leftovers.js';

/**
 * Reservation figures, one database per pool size (dropped afterwards):
 *   for each size, load a pool of generated MSISDNs, then `reservers` concurrent reservers take
 *   `count` numbers between them (latency p50/p99, reservations/s); then `reservers` contending on
 *   a pool of 100 until it is empty. Ends with the p50 ratio of the largest pool to the smallest.
 * Usage: npm run build && node dist/bench/inventory-reserve.js [sizes=10000,1000000] [reservers=8] [count=2000]
 */
const sizes = (process.argv[2] ?? '10000,1000000').split(',').map(Number);
const reservers = Number(process.argv[3] ?? 8);
const count = Number(process.argv[4] ?? 2000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

interface CaseResult {
  latencies: number[];
  misses: number;
  seconds: number;
}

/** `reservers` loops reserving for distinct order items until `count` are taken or the pool is empty. */
async function reserveConcurrently(store: ResourceStore, runId: string, total: number): Promise<CaseResult> {
  const latencies: number[] = [];
  let next = 0;
  let misses = 0;
  let empty = false;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: reservers }, async () => {
    while (!empty && next < total) {
      const item = next++;
      const t = process.hrtime.bigint();
      const reserved = await reserveResource(store, { kind: 'msisdn', orderId: `bench-${runId}`, itemId: String(item), role: 'msisdn', ttlMs: 600_000 });
      if (reserved) latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      else {
        misses++;
        empty = true;
      }
    }
  }));
  return { latencies, misses, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function line(label: string, r: CaseResult): string {
  return `${label.padEnd(34)} reserved ${String(r.latencies.length).padStart(5)}  p50 ${pct(r.latencies, 50).toFixed(2)} ms  p99 ${pct(r.latencies, 99).toFixed(2)} ms  ${(r.latencies.length / r.seconds).toFixed(0)} reservations/s${r.misses ? `  (${r.misses} found the pool empty)` : ''}`;
}

async function withPool<T>(size: number, use: (store: ResourceStore, loadSeconds: number) => Promise<T>): Promise<T> {
  const database = `ordo_bench_inventory_${Date.now()}_${size}`;
  const config = loadConfig({ ...process.env, ORDO_MONGO_DB: database });
  const db = await connectMongo(config.mongo);
  try {
    const store = new ResourceStore(db.db, 'http://localhost');
    await store.ensureIndexes();
    const t = process.hrtime.bigint();
    const report = await loadResources(store, generatePool({ kind: 'msisdn', count: size, prefix: '4179' }), { kind: 'msisdn' });
    const loadSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (report.loaded !== size) throw new Error(`loaded ${report.loaded} of ${size}`);
    return await use(store, loadSeconds);
  } finally {
    await db.close();
    await removeLeftovers(config, { databases: [database], topicPrefixes: [], tenants: [] });
  }
}

async function main(): Promise<void> {
  const p50s: number[] = [];
  for (const size of sizes) {
    await withPool(size, async (store, loadSeconds) => {
      console.log(`load ${size} MSISDNs: ${loadSeconds.toFixed(1)} s (${Math.round(size / loadSeconds)}/s)`);
      const result = await reserveConcurrently(store, String(size), Math.min(count, size));
      console.log(line(`pool ${size}, ${reservers} reservers`, result));
      p50s.push(pct(result.latencies, 50));
    });
  }
  await withPool(100, async (store) => console.log(line(`pool 100, ${reservers} reservers contending`, await reserveConcurrently(store, 'contended', 1000))));
  if (p50s.length > 1) console.log(`p50 ratio pool ${sizes.at(-1)} / pool ${sizes[0]}: ${(p50s.at(-1)! / p50s[0]!).toFixed(2)}`);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
