import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../engine/config/config.js';
import { logger } from '../engine/observability/logger.js';
import { connectEngine } from '../engine/process/connect-engine.js';
import { ensureStack, stackDirs } from '../compose/local/stack.js';
import { findJdks, pickJdk } from '../compose/local/jdk.js';
import { httpOk, operaton, operatonArgs } from '../compose/local/servers.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { removeLeftovers } from '../test/support/run-leftovers.js';

/**
 * The two-node drill, without Docker: the topology of compose/docker-compose.yml on loopback.
 *   PostgreSQL (Debian's package, installed by this script when missing) with one database;
 *   two Operaton nodes on it (the first creates the schema, the second starts after it);
 *   the simulators (token issuer, payment provider, activation gateway) as one process;
 *   two Ordo processes (node dist/engine/main.js), each on its own engine node, one MongoDB
 *   database and one Kafka (the local stack's).
 * It places `orders` mobile orders over both Ordos; when half are accepted it kills (SIGKILL) the
 * second Operaton node and the second Ordo, and places the rest (a POST the dead Ordo did not answer
 * is repeated on the other with the same Idempotency-Key). Then it checks that every order
 * completed, that none was started twice, and that no number was given twice.
 *
 *   npm run build && node dist/bench/cluster-drill.js [orders=200]
 */
const orders = Number(process.argv[2] ?? 200);
const concurrency = 10;
const here = path.dirname(fileURLToPath(import.meta.url));
const PG_PORT = 55432;
const ENGINE_PORTS = [18080, 18081] as const;
const ORDO_PORTS = [18622, 18623] as const;
const SIM = { issuer: 19000, payment: 19100, activation: 19200, notify: 19300, idp: 19400 } as const;
const keys = { client: 'drill-operator', secret: randomUUID(), payment: randomUUID(), webhook: randomUUID(), activation: randomUUID(), notify: randomUUID(), idp: randomUUID(), pepper: randomUUID() };

const children: ChildProcess[] = [];
const say = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!(await probe().catch(() => false))) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

function start(name: string, command: string, args: string[], env: Record<string, string>, logs: string, cwd = process.cwd()): ChildProcess {
  const log = openSync(path.join(logs, `${name}.log`), 'a');
  const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', log, log] });
  children.push(child);
  return child;
}

/** Debian's PostgreSQL: installed with apt when missing (as root), run as its own cluster on PG_PORT. */
function postgres(work: string): { bin: string; stop(): void } {
  const binOf = () => {
    const root = '/usr/lib/postgresql';
    const version = existsSync(root) ? readdirSync(root).sort().reverse().find((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : undefined;
    return version ? path.join(root, version, 'bin') : undefined;
  };
  let bin = binOf();
  if (!bin) {
    if (process.getuid?.() !== 0) throw new Error("PostgreSQL is not installed and this is not root: run 'sudo apt-get install -y postgresql' and start the drill again");
    say('installing PostgreSQL from Debian packages (apt-get install postgresql)...');
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    bin = binOf();
    if (!bin) throw new Error('apt-get installed no PostgreSQL server');
  }
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the package's postgres user.
  const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (tool: string, args: string[]) => execFileSync(asUser[0] ?? path.join(bin!, tool), asUser.length ? [...asUser.slice(1), path.join(bin!, tool), ...args] : args, { stdio: 'pipe' });
  const data = path.join(work, 'pg');
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  if (asUser.length) execFileSync('chown', ['-R', 'postgres', work]);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  run('pg_ctl', ['-D', data, '-l', path.join(work, 'postgres.log'), '-o', `-p ${PG_PORT} -k ${data} -c listen_addresses=127.0.0.1 -c max_connections=200`, '-w', 'start']);
  run('psql', ['-h', '127.0.0.1', '-p', String(PG_PORT), '-U', 'postgres', '-c', 'create database operaton']);
  return { bin, stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']) };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const t0 = Date.now();
  say('local stack (MongoDB, Kafka, and the engine build)...');
  await ensureStack(config, { quiet: true });
  const dirs = stackDirs(config);
  const work = path.join(os.tmpdir(), `ordo-drill-${Date.now()}`);
  const logs = path.join(work, 'logs');
  mkdirSync(logs, { recursive: true });
  const pg = postgres(work);
  say(`PostgreSQL on 127.0.0.1:${PG_PORT} (${pg.bin})`);
  const jdk = pickJdk(findJdks(), operaton.java, 'operaton');
  const engineEnv = (i: number) => ({
    ORDO_ENGINE_PORT: String(ENGINE_PORTS[i]),
    ORDO_ENGINE_DB_URL: `jdbc:postgresql://127.0.0.1:${PG_PORT}/operaton`,
    ORDO_ENGINE_DB_USER: 'postgres',
    ORDO_ENGINE_DB_PASSWORD: '',
    ORDO_ENGINE_SCHEMA_UPDATE: i === 0 ? 'true' : 'false',
    // A killed node's jobs (async continuations) go to the other after this.
    ORDO_ENGINE_JOB_LOCK_MS: '20000',
  });
  const engines: ChildProcess[] = [];
  for (const i of [0, 1]) {
    const nodeWork = path.join(work, `operaton-${i + 1}`);
    mkdirSync(nodeWork, { recursive: true });
    engines.push(start(`operaton-${i + 1}`, jdk.java, operatonArgs(dirs, nodeWork), engineEnv(i), logs, nodeWork));
    // The first node creates the schema; the second starts once it is there.
    await until(`operaton-${i + 1}`, () => httpOk(`http://127.0.0.1:${ENGINE_PORTS[i]}/engine-rest/version`), 180_000);
    say(`operaton-${i + 1} ready on ${ENGINE_PORTS[i]}`);
  }
  start('simulators', process.execPath, [path.join(here, '..', 'adapters', 'run-simulators.js')], {
    SIM_ISSUER_PORT: String(SIM.issuer), SIM_PAYMENT_PORT: String(SIM.payment), SIM_ACTIVATION_PORT: String(SIM.activation), SIM_NOTIFY_PORT: String(SIM.notify), SIM_IDP_PORT: String(SIM.idp),
    SIM_CLIENT_ID: keys.client, SIM_CLIENT_SECRET: keys.secret, SIM_PAYMENT_API_KEY: keys.payment, SIM_PAYMENT_WEBHOOK_SECRET: keys.webhook, SIM_ACTIVATION_API_KEY: keys.activation, SIM_NOTIFY_API_KEY: keys.notify, SIM_IDP_CLIENT_SECRET: keys.idp,
  }, logs);
  await until('simulators', () => httpOk(`http://127.0.0.1:${SIM.issuer}/.well-known/openid-configuration`), 30_000);
  const run = Date.now().toString(36);
  const ordoEnv = (i: number) => ({
    ORDO_LOCAL_STACK: 'never',
    ORDO_HTTP_PORT: String(ORDO_PORTS[i]),
    ORDO_PUBLIC_URL: `http://127.0.0.1:${ORDO_PORTS[i]}`,
    ORDO_ENGINE_URL: `http://127.0.0.1:${ENGINE_PORTS[i]}/engine-rest`,
    ORDO_MONGO_URL: config.mongo.url,
    ORDO_MONGO_DB: `drill_${run}`,
    ORDO_KAFKA_BROKERS: config.kafka.brokers.join(','),
    ORDO_KAFKA_TOPIC_PREFIX: `drill-${run}`,
    ORDO_AUTH_ISSUER: `http://127.0.0.1:${SIM.issuer}`,
    ORDO_PAYMENT_PROVIDER_URL: `http://127.0.0.1:${SIM.payment}`,
    ORDO_PAYMENT_PROVIDER_API_KEY: keys.payment,
    ORDO_PAYMENT_WEBHOOK_SECRET: keys.webhook,
    ORDO_ACTIVATION_URL: `http://127.0.0.1:${SIM.activation}`,
    ORDO_ACTIVATION_API_KEY: keys.activation,
    ORDO_NOTIFY_URL: `http://127.0.0.1:${SIM.notify}`,
    ORDO_NOTIFY_API_KEY: keys.notify,
    ORDO_IDP_URL: `http://127.0.0.1:${SIM.idp}`,
    ORDO_IDP_CLIENT_SECRET: keys.idp,
    ORDO_OTP_PEPPER: keys.pepper,
    ORDO_INVENTORY_SEED_SIZE: String(Math.max(1000, orders * 2)),
    ORDO_WORKER_LOCK_MS: '5000',
    ORDO_LOG_LEVEL: 'warn',
    // The drill's orders name made-up customers.
    ORDO_CUSTOMER_CHECK: 'off',
  });
  const ordos = [0, 1].map((i) => start(`ordo-${i + 1}`, process.execPath, [path.join(here, '..', 'engine', 'main.js')], ordoEnv(i), logs));
  for (const i of [0, 1]) await until(`ordo-${i + 1}`, () => httpOk(`http://127.0.0.1:${ORDO_PORTS[i]}/health`, (b) => b.includes('"up"')), 120_000);
  say(`two Ordos ready (${ORDO_PORTS.join(', ')}); setup took ${((Date.now() - t0) / 1000).toFixed(0)} s; logs in ${logs}`);

  const token = ((await (await fetch(`http://127.0.0.1:${SIM.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: keys.client, client_secret: keys.secret }) })).json()) as { access_token: string }).access_token;
  const alive = [true, true];
  let accepted = 0;
  let retriedElsewhere = 0;
  let killedAt: number | undefined;
  const ids = new Set<string>();
  const place = async (n: number): Promise<void> => {
    const body = JSON.stringify({ externalId: `DRILL-${run}-${n}`, relatedParty: [{ id: `cust-${n}`, role: 'Customer', '@referredType': 'Individual' }], productOrderItem: [{ id: '1', action: 'add', quantity: 1, productOffering: { id: 'mobile-basic' } }] });
    const idempotencyKey = `drill-${run}-${n}`;
    for (let target = n % 2; ; target = 0) {
      if (!alive[target]) target = 0;
      try {
        const res = await fetch(`http://127.0.0.1:${ORDO_PORTS[target]}${TMF622_BASE_PATH}/productOrder`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey }, body, signal: AbortSignal.timeout(15_000) });
        if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
        ids.add(((await res.json()) as { id: string }).id);
        accepted++;
        return;
      } catch (err) {
        if (target === 0) throw err;
        retriedElsewhere++; // the dead Ordo did not answer: the same request to the other one
      }
    }
  };
  const tPlace = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < orders) {
      const n = next++;
      if (!killedAt && n === Math.floor(orders / 2)) {
        killedAt = Date.now();
        engines[1]!.kill('SIGKILL');
        ordos[1]!.kill('SIGKILL');
        alive[1] = false;
        say(`killed operaton-2 and ordo-2 (SIGKILL) after ${accepted} accepted orders`);
      }
      await place(n);
    }
  }));
  say(`${ids.size} orders accepted in ${((Date.now() - tPlace) / 1000).toFixed(1)} s (${retriedElsewhere} POSTs repeated on ordo-1)`);

  const mongo = await MongoClient.connect(config.mongo.url);
  const db = mongo.db(`drill_${run}`);
  const states = async () => Object.fromEntries((await db.collection('productOrder').aggregate([{ $group: { _id: '$state', n: { $sum: 1 } } }]).toArray()).map((g) => [g['_id'], g['n']]));
  await until('every order to end', async () => {
    const s = await states();
    return Object.entries(s).filter(([state]) => ['completed', 'failed', 'partial', 'rejected', 'cancelled'].includes(state)).reduce((sum, [, n]) => sum + (n as number), 0) >= ids.size;
  }, 15 * 60_000);
  const finished = Date.now();
  const byState = await states();

  const engine = connectEngine({ engine: { ...config.engine, url: `http://127.0.0.1:${ENGINE_PORTS[0]}/engine-rest`, tenant: '' }, cockpit: config.cockpit }, logger);
  const startedTwice: string[] = [];
  for (const id of ids) if ((await engine.instancesByBusinessKey(id, 'product-order')).length !== 1) startedTwice.push(id);
  const held = await db.collection('productOrder').aggregate([{ $unwind: '$_ordo.resources' }, { $group: { _id: '$_ordo.resources.number', orders: { $addToSet: '$_id' } } }, { $match: { 'orders.1': { $exists: true } } }]).toArray();
  const inUse = await db.collection('resource').countDocuments({ usageState: 'active' });
  // Starts a dead Ordo had claimed (or made) and the other finished: attempts above one.
  const startsRetried = await db.collection('productOrder').countDocuments({ '_ordo.process.attempts': { $gt: 1 } });
  const summary = {
    orders,
    accepted: ids.size,
    byState,
    startedTwice: startedTwice.length,
    numbersHeldByTwoOrders: held.length,
    resourcesInUse: inUse,
    startsRetried,
    killedAfterSeconds: killedAt ? (killedAt - tPlace) / 1000 : undefined,
    allDoneAfterSeconds: (finished - tPlace) / 1000,
    ordersPerSecond: Number((ids.size / ((finished - tPlace) / 1000)).toFixed(2)),
    postsRepeatedOnTheOtherOrdo: retriedElsewhere,
  };
  say(`summary ${JSON.stringify(summary)}`);
  await engine.close();
  await mongo.close();
  // The drill's engines have a database of their own; on the shared MongoDB and Kafka it leaves nothing.
  await removeLeftovers(config, { databases: [`drill_${run}`], topicPrefixes: [`drill-${run}`], tenants: [] });
  const ok = ids.size === orders && byState['completed'] === orders && startedTwice.length === 0 && held.length === 0 && inUse === 2 * orders;
  say(ok ? 'DRILL PASSED: every order completed, none started twice, no number given twice' : 'DRILL FAILED');
  for (const c of children) c.kill('SIGTERM');
  await sleep(3000);
  pg.stop();
  process.exit(ok ? 0 : 1);
}

main().catch((err: Error) => {
  console.error(err.message);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
