import { randomUUID } from 'node:crypto';
import { loadConfig } from '../engine/config/config.js';
import { startOrdo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { Role } from '../engine/security/principal.js';
import { ensureStack } from '../compose/local/stack.js';
import { removeLeftovers, type RunFootprint } from '../test/support/run-leftovers.js';
import { sampleOrder } from '../test/support/harness.js';
import { launchBrowser } from '../test/support/browser.js';
import { latencyFigures } from './latency.js';
import { operatorHeaders } from './operator-token.js';

/**
 * The console's order search over many orders, in real headless Chromium: one order is placed and
 * fulfilled, then copied to `count` orders (default 10,000) spread over 30 days and several states.
 * Measured, each `rounds` times (default 30): a full page load of a search until its first result
 * row is on screen; a new search within the page (no reload) until its results show; and the same
 * TMF622 list call alone, for comparison. Usage: npm run build && node dist/bench/console-search.js [count] [rounds]
 * With ORDO_BENCH_SCREENSHOTS=<dir>, it also saves PNGs of the search, the real order and the pools there.
 */
const count = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 30);

const figures = (xs: number[]) => latencyFigures(xs, [50, 95]);
const STATES = ['completed', 'completed', 'completed', 'inProgress', 'failed', 'cancelled', 'acknowledged', 'held'];

async function main(): Promise<void> {
  const run = Date.now().toString(36);
  const footprint: RunFootprint = { databases: [`ordo_bench_console_${run}`], topicPrefixes: [`bench-${run}`], tenants: [`benchconsole${run}`] };
  const config = loadConfig({ ...process.env, ORDO_HTTP_PORT: '0', ORDO_MONGO_DB: footprint.databases[0]!, ORDO_KAFKA_TOPIC_PREFIX: footprint.topicPrefixes[0]!, ORDO_ENGINE_TENANT: footprint.tenants[0]!, ORDO_LOG_LEVEL: 'error', ORDO_SIMULATORS: 'always', ORDO_CUSTOMER_CHECK: 'off' });
  if (config.localStack.wanted) await ensureStack(config, { quiet: true });
  const ordo = await startOrdo(config);
  await ordo.deployed;
  if (!ordo.localIssuer) throw new Error('the bench signs in at the local issuer: run it on the local stack');
  const headers = { 'content-type': 'application/json', ...(await operatorHeaders(ordo)) };
  const placed = (await (await fetch(`${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, { method: 'POST', headers, body: JSON.stringify(sampleOrder()) })).json()) as { id: string };
  for (let i = 0; (await ordo.orders.findStored(placed.id))?.state !== 'completed'; i++) {
    if (i > 600) throw new Error('the first order did not complete in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }

  // Copies of the real order: the same shape, their own ids, dates and states.
  const model = (await ordo.orders.collection.findOne({ _id: placed.id }))!;
  const { idempotencyKey, externalIdKey, outbox, ...meta } = model._ordo;
  const started = performance.now();
  for (let done = 0; done < count; ) {
    const batch = Array.from({ length: Math.min(1000, count - done) }, (_, k) => {
      const n = done + k;
      const id = randomUUID();
      const orderDate = new Date(Date.now() - Math.floor(Math.random() * 30 * 24 * 3600 * 1000)).toISOString();
      return { ...model, _id: id, id, href: model.href!.replace(placed.id, id), externalId: `BENCH-${n}`, orderDate, state: STATES[n % STATES.length]!, _ordo: { ...meta, outbox: [], revision: 0 } };
    });
    await ordo.orders.collection.insertMany(batch as never[], { ordered: false });
    done += batch.length;
  }
  console.log(`${count} orders stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const user = { name: 'bench-ops', password: randomUUID() };
  ordo.localIssuer.addUser(user.name, user.password, { sub: user.name, roles: [Role.allParties, Role.orderRead, Role.orderCancel, Role.inventoryRead, Role.catalogRead] });
  const browser = await launchBrowser();
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${ordo.baseUrl}/console/`);
  await page.getByLabel(/user ?name/i).fill(user.name);
  await page.getByLabel(/password/i).fill(user.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.locator('table.orders tbody tr').first().waitFor();

  const fullLoad: number[] = [];
  const inPage: number[] = [];
  const apiAlone: number[] = [];
  const token = (headers as Record<string, string>)['authorization'];
  for (let i = 0; i < rounds; i++) {
    const state = STATES[i % STATES.length]!;
    let t0 = performance.now();
    await page.goto(`${ordo.baseUrl}/console/?visit=${i}#/orders?state=${state}&from=2000-01-01`);
    await page.locator('table.orders tbody tr').first().waitFor();
    fullLoad.push(performance.now() - t0);

    const other = STATES[(i + 3) % STATES.length]!;
    t0 = performance.now();
    await page.evaluate((hash) => (location.hash = hash), `#/orders?state=${other}&r=${i}`);
    await page.waitForFunction((s) => document.querySelector('table.orders tbody tr td span.state')?.className.includes(`state-${s}`) && document.querySelector('p.loading') === null, other);
    inPage.push(performance.now() - t0);

    t0 = performance.now();
    const res = await fetch(`${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder?state=${state}&limit=50&sort=-orderDate&fields=id,state,orderDate,externalId,relatedParty,productOrderItem`, { headers: token ? { authorization: token } : {} });
    await res.json();
    apiAlone.push(performance.now() - t0);
  }
  const total = (await (await fetch(`${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder?limit=1`, { headers: token ? { authorization: token } : {} })).headers.get('x-total-count'));
  console.log(`console order search over ${total} orders, ${rounds} rounds, 50 a page, newest first`);
  console.log(`  page load → first result row on screen: ${figures(fullLoad)}`);
  console.log(`  new search within the page → results:   ${figures(inPage)}`);
  console.log(`  the TMF622 list call alone:             ${figures(apiAlone)}`);
  const shots = process.env['ORDO_BENCH_SCREENSHOTS'];
  if (shots) {
    await page.setViewportSize({ width: 1280, height: 900 });
    const shoot = async (hash: string, ready: string, file: string) => {
      await page.goto(`${ordo.baseUrl}/console/?shot=${file}${hash}`);
      await page.locator(ready).first().waitFor();
      await page.screenshot({ path: `${shots}/${file}.png`, fullPage: true });
    };
    await shoot('#/orders', 'table.orders tbody tr', 'order-search');
    await shoot(`#/orders/${placed.id}`, 'ol.timeline li', 'order-detail');
    await shoot('#/inventory', 'meter', 'inventory-pools');
    console.log(`screenshots in ${shots}`);
  }
  await browser.close();
  await ordo.close();
  await removeLeftovers(config, footprint);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
