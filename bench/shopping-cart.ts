import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF663_BASE_PATH } from '../engine/carts/tmf663.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF629_BASE_PATH, TMF632_BASE_PATH, TMF666_BASE_PATH } from '../engine/customers/tmf-apis.js';
import { Role } from '../engine/security/principal.js';
import { removeLeftovers } from '../test/support/run-leftovers.js';
import { benchConfig } from './bench-config.js';
import { latencyFigures } from './latency.js';
import { operatorHeaders } from './operator-token.js';
import { paced } from './paced.js';

/**
 * TMF663 carts in one run against the configured servers (the local stack by default, payment
 * provider simulated in-process), with the job workers running in the same process:
 *   1. cart operations at a steady rate (default 50/s for 20 s): create, PATCH items, GET, number
 *      candidates and number holds, in turn, on carts of 20 signed-in customers;
 *   2. checkout at a steady rate (default 10/s for 20 s) of carts holding a number: the POST (paid
 *      and ordered), and from the click to the order completed by its processes.
 * Usage: npm run build && node dist/bench/shopping-cart.js [opsRate=50] [checkoutRate=10] [seconds=20] [--api-only]
 * `--api-only`: no job workers in the process (orders are placed, not fulfilled): the API's own figures,
 * without the machine busy fulfilling the orders the checkouts make.
 */
const opsRate = Number(process.argv[2] ?? 50);
const checkoutRate = Number(process.argv[3] ?? 10);
const seconds = Number(process.argv[4] ?? 20);
const CUSTOMERS = 20;
const apiOnly = process.argv.includes('--api-only');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mobile = { id: '1', quantity: 1, action: 'add', productOffering: { id: 'mobile-basic' } };
const fibre = { id: '2', quantity: 1, action: 'add', productOffering: { id: 'fibre-500' }, product: { productCharacteristic: [{ name: 'downloadSpeed', value: 500 }, { name: 'installationAddress', value: 'Bahnhofstrasse 1, 8001 Zürich' }] } };

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - t0 };
}

/** A customer with one billing account, and a token bound to its party, as a signed-in shopper has. */
async function customer(ordo: Ordo, operator: Record<string, string>, n: number): Promise<Record<string, string>> {
  const individual = await call('POST', `${ordo.baseUrl}${TMF632_BASE_PATH}/individual`, operator, { givenName: 'Bench', familyName: `Shopper ${n}`, contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: `shopper.${n}.${Date.now()}@example.com` } }] });
  if (individual.status !== 201) throw new Error(`individual: ${individual.status} ${JSON.stringify(individual.body)}`);
  const party = individual.body.id as string;
  const created = await call('POST', `${ordo.baseUrl}${TMF629_BASE_PATH}/customer`, operator, { name: `Shopper ${n}`, engagedParty: { id: party, '@referredType': 'Individual' } });
  if (created.status !== 201) throw new Error(`customer: ${created.status} ${JSON.stringify(created.body)}`);
  const account = await call('POST', `${ordo.baseUrl}${TMF666_BASE_PATH}/billingAccount`, operator, { name: `Shopper ${n}`, relatedParty: [{ id: created.body.id, name: `Shopper ${n}`, role: 'owner', '@referredType': 'Customer' }] });
  if (account.status !== 201) throw new Error(`billing account: ${account.status} ${JSON.stringify(account.body)}`);
  const token = await ordo.localIssuer!.mint({ sub: `shopper-${n}`, roles: [Role.orderRead, Role.orderWrite], party }, { expiresInS: 3600 });
  return { authorization: `Bearer ${token}` };
}

async function main(): Promise<void> {
  const { config, footprint } = await benchConfig('cart', {
    ORDO_CUSTOMER_CHECK: 'registered',
    ORDO_INVENTORY_SEED_SIZE: '5000',
    // The bench holds far more numbers per customer than a shopper would.
    ORDO_CART_HOLD_LIMIT_PER_CART: '1000',
    ORDO_CART_HOLD_LIMIT_PER_CUSTOMER: '100000',
    ORDO_CART_HOLDS_AT_ONCE_PER_CUSTOMER: '100000',
    ORDO_CART_CANDIDATE_LIMIT_PER_CUSTOMER: '100000',
  });
  const ordo = await startOrdo(config, { workers: !apiOnly });
  await ordo.deployed;
  if (!ordo.localIssuer) throw new Error('the bench mints shoppers\' tokens with the local issuer: run it against the local stack');
  const operator = await operatorHeaders(ordo);
  const shoppers = await Promise.all(Array.from({ length: CUSTOMERS }, (_, n) => customer(ordo, operator, n)));
  const carts = `${ordo.baseUrl}${TMF663_BASE_PATH}/shoppingCart`;

  // 1. Cart operations, one kind after another, on carts of the 20 shoppers.
  const byOperation = new Map<string, number[]>();
  const record = (op: string, answer: { status: number; body: any; ms: number }, expected: number) => {
    if (answer.status !== expected) throw new Error(`${op}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    byOperation.set(op, [...(byOperation.get(op) ?? []), answer.ms]);
    return answer.body;
  };
  const live: { id: string; headers: Record<string, string> }[] = [];
  const operations = ['POST shoppingCart', 'PATCH shoppingCart', 'GET shoppingCart/{id}', 'GET numberCandidate', 'POST numberHold'] as const;
  const ops = await paced(opsRate, seconds, async (n) => {
    const op = live.length < CUSTOMERS ? operations[0] : operations[n % operations.length]!;
    if (op === 'POST shoppingCart') {
      const headers = shoppers[n % CUSTOMERS]!;
      const cart = record(op, await call('POST', carts, headers, { cartItem: [mobile] }), 201);
      live.push({ id: cart.id, headers });
      return;
    }
    const cart = live[n % live.length]!;
    if (op === 'PATCH shoppingCart') record(op, await call('PATCH', `${carts}/${cart.id}`, cart.headers, { cartItem: n % 2 ? [mobile, fibre] : [mobile] }), 200);
    else if (op === 'GET shoppingCart/{id}') record(op, await call('GET', `${carts}/${cart.id}`, cart.headers), 200);
    else if (op === 'GET numberCandidate') record(op, await call('GET', `${carts}/${cart.id}/numberCandidate?count=10`, cart.headers), 200);
    else record(op, await call('POST', `${carts}/${cart.id}/cartItem/1/numberHold`, cart.headers, {}), 201);
  });

  // 2. Checkout of carts that hold a number (made beforehand, not measured).
  const ready: { id: string; headers: Record<string, string> }[] = [];
  for (let n = 0; n < checkoutRate * seconds; n++) {
    const headers = shoppers[n % CUSTOMERS]!;
    const cart = (await call('POST', carts, headers, { cartItem: [mobile] })).body;
    const held = await call('POST', `${carts}/${cart.id}/cartItem/1/numberHold`, headers, {});
    if (held.status !== 201) throw new Error(`hold: ${held.status} ${JSON.stringify(held.body)}`);
    ready.push({ id: cart.id, headers });
  }
  const checkoutLatency: number[] = [];
  const toCompleted: number[] = [];
  const checkouts = await paced(checkoutRate, seconds, async (n) => {
    const cart = ready[n]!;
    const t0 = performance.now();
    const done = await call('POST', `${carts}/${cart.id}/checkout`, cart.headers, { payment: [{ id: 'tok_visa', '@referredType': 'BankCard' }] });
    if (done.status !== 200) throw new Error(`checkout: ${done.status} ${JSON.stringify(done.body).slice(0, 300)}`);
    checkoutLatency.push(done.ms);
    if (apiOnly) return;
    const orderUrl = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${done.body.productOrder.id}`;
    for (;;) {
      const order = (await call('GET', orderUrl, operator)).body;
      if (order.state === 'completed') break;
      if (['failed', 'partial', 'cancelled', 'rejected'].includes(order.state)) throw new Error(`order ${order.id} ended ${order.state}`);
      await sleep(100);
    }
    toCompleted.push(performance.now() - t0);
  });

  console.log(`cart operations at ${opsRate}/s for ${seconds} s (offered ${ops.offered.toFixed(1)}/s, ${ops.failed} failed), ${CUSTOMERS} shoppers, ${apiOnly ? 'API only (no workers)' : 'workers in the same process'}:`);
  console.log(`  all:   ${latencyFigures([...byOperation.values()].flat())}`);
  for (const op of operations) if (byOperation.get(op)?.length) console.log(`  ${op.padEnd(22)} ${latencyFigures(byOperation.get(op)!)} (${byOperation.get(op)!.length})`);
  console.log(`checkout at ${checkoutRate}/s for ${seconds} s (offered ${checkouts.offered.toFixed(1)}/s, ${checkouts.failed} failed), each cart holding a number, paid by card:`);
  console.log(`  POST checkout (paid, order placed): ${latencyFigures(checkoutLatency)}`);
  if (!apiOnly) console.log(`  click → order completed:            ${latencyFigures(toCompleted)}`);
  await ordo.close();
  await removeLeftovers(config, footprint);
  process.exit(ops.failed + checkouts.failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
