import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Admin, Consumer, stringDeserializers, type MessagesStream } from '@platformatic/kafka';
import { loadConfig, type Config } from '../../engine/config/config.js';
import type { PaymentDeps } from '../../engine/payments/collect-payment.js';
import { PAYMENT_WEBHOOK_PATH } from '../../engine/payments/webhook-routes.js';
import type { Ordo } from '../../engine/ordo.js';
import { terminalOrderStates } from '../../engine/orders/states.js';
import { finalSignUpStates } from '../../engine/signup/sign-up.js';
import { kafkaConnection, topicFor } from '../../engine/events/kafka.js';
import { LocalIssuer, type TokenClaims } from '../../adapters/oidc/local-issuer.js';
import { Role } from '../../engine/security/principal.js';
import { databaseOf, isolationsUsed, tenantOf, topicPrefixOf } from './run-leftovers.js';

/**
 * The token issuer of the whole test run: a real OIDC issuer on loopback. Every test Ordo trusts it,
 * and requests made with httpJson carry an operator token from it unless they say otherwise.
 */
export const issuer = await LocalIssuer.start({ audience: 'ordo' });
const operatorToken = await issuer.mint({ sub: 'test-operator', roles: [Role.operator] }, { expiresInS: 24 * 3600 });

/** Mints a token for the test run's issuer (roles, party, or claims set wrong on purpose). */
export const tokenFor = (claims: TokenClaims, options?: Parameters<LocalIssuer['mint']>[1]) => issuer.mint(claims, options);

/** The Authorization header of the test operator. */
export const operatorAuth = (): Record<string, string> => ({ authorization: `Bearer ${operatorToken}` });

/** A config pointing at the local stack with an isolated database, topic prefix and engine tenant per test run. */
export function testConfig(overrides: Record<string, string> = {}, isolation = randomUUID().slice(0, 8)): Config {
  return loadConfig(testEnv(overrides, isolation));
}

/** The environment of testConfig, for an Ordo run as a process of its own. */
export function testEnv(overrides: Record<string, string> = {}, isolation = randomUUID().slice(0, 8)): Record<string, string> {
  isolationsUsed.add(isolation);
  return {
    ...(process.env as Record<string, string>),
    ORDO_HTTP_PORT: '0',
    ORDO_MONGO_DB: databaseOf(isolation),
    ORDO_KAFKA_TOPIC_PREFIX: topicPrefixOf(isolation),
    ORDO_OUTBOX_POLL_MS: '200',
    ORDO_PROCESS_START_RETRY_MS: '500',
    // A failing step is tried again after 1 s (then 2 s, 4 s...), not 5 s: tests of retries stay short.
    ORDO_WORKER_RETRY_BACKOFF_MS: '1000',
    // ...and seen again within 2 s (a fetch waits for new tasks, not for retries that fall due).
    ORDO_WORKER_POLL_MS: '2000',
    // Made-up numbers and SIMs for mobile orders, also when a test points Ordo at another broker.
    ORDO_INVENTORY_SEED_SIZE: '1000',
    // Every test Ordo can pay and activate, also when a test points it at another broker: the job
    // types are global, so an Ordo without them would fail other tests' jobs.
    ORDO_SIMULATORS: 'always',
    ORDO_LOG_LEVEL: process.env['ORDO_LOG_LEVEL'] ?? 'error',
    // Its own tenant on the shared engine: its models, instances, messages and tasks are its own.
    ORDO_ENGINE_TENANT: tenantOf(isolation),
    ORDO_AUTH_ISSUER: issuer.url,
    // Test listeners run on loopback.
    ORDO_HUB_CALLBACK_HOSTS: '127.0.0.1,localhost',
    // Orders of most tests name a made-up customer (sampleOrder's cust-42); the customer tests turn the check on.
    ORDO_CUSTOMER_CHECK: 'off',
    // Also for tests that point Ordo at other servers (no local stack: a pepper is required).
    ORDO_OTP_PEPPER: 'test-pepper-0123456789',
    ...overrides,
  };
}


/**
 * Ends a test's Ordo without leaving work in the shared engine: waits for its orders' processes to
 * finish, cancels any that cannot (the starter records each instance on its order), then closes it
 * and drops its database.
 */
export async function retireTestOrdo(ordo: Ordo, waitMs = 20_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  const stores = [ordo.orders.collection, ordo.serviceOrders.store.collection, ordo.resourceOrders.store.collection];
  const unfinished = async () =>
    (await Promise.all(stores.map((c) => c.find({ '_ordo.process.status': 'started', state: { $nin: [...terminalOrderStates] } }).toArray()))).flat();
  // Sign-ups wait minutes for a code nobody will type: cancelled, not waited for.
  const waitingSignUps = () => ordo.signUps.store.collection.find({ '_ordo.process.status': 'started', state: { $nin: [...finalSignUpStates] } }).toArray();
  while ((await unfinished()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await Promise.all([...(await unfinished()), ...(await waitingSignUps())].map(async (doc) => {
    const key = (doc['_ordo'] as { process?: { processInstanceKey?: string } } | undefined)?.process?.processInstanceKey;
    if (key) await ordo.engine.cancelInstance(key).catch(() => undefined);
  }));
  await ordo.db.db.dropDatabase().catch(() => undefined);
  await ordo.close();
}

/**
 * Where orders that have not finished stand: how many are in each state, and for a few of those
 * still running, the fulfilment step each unit is at and the engine's incidents. A wait for many
 * orders that runs out says why with this.
 */
/** What paying for an order's units needs, as this Ordo's payments capability has it. */
export const paymentDepsOf = (ordo: Ordo): PaymentDeps => ({ orders: ordo.orders, payments: ordo.payments, provider: ordo.paymentProvider.client, webhookUrl: () => `${ordo.publicUrl}${PAYMENT_WEBHOOK_PATH}` });

export async function whereOrdersStand(ordo: Ordo, ids: string[], shown = 5): Promise<string> {
  const docs = await ordo.orders.collection.find({ _id: { $in: ids } }).toArray();
  const states = new Map<string, number>();
  for (const d of docs) states.set(String(d['state']), (states.get(String(d['state'])) ?? 0) + 1);
  const lines = [`${docs.length} of ${ids.length} stored; by state: ${[...states].map(([s, n]) => `${s} ${n}`).join(', ')}`];
  const running = docs.filter((d) => !terminalOrderStates.includes(d['state'] as never)).slice(0, shown);
  for (const d of running) {
    const ordoPart = d['_ordo'] as { process?: { status?: string; processInstanceKey?: string }; fulfilment?: { unitId?: string; status?: string; step?: string }[] } | undefined;
    const key = ordoPart?.process?.processInstanceKey;
    const incidents = key ? await ordo.engine.incidents(key).catch((err: Error) => [{ elementId: '?', message: err.message }]) : [];
    lines.push(`  ${String(d['_id'])}: ${String(d['state'])}, process ${ordoPart?.process?.status ?? 'none'} ${key ?? ''}; units ${JSON.stringify(ordoPart?.fulfilment ?? [])}; incidents ${JSON.stringify(incidents.map((i) => `${i.elementId}: ${i.message}`))}`);
    for (const held of (d['_ordo'] as { resources?: { resourceId: string; role: string; key: string }[] } | undefined)?.resources ?? []) {
      const resource = await ordo.resources.collection.findOne({ _id: held.resourceId });
      const ordoOfResource = resource?.['_ordo'] as { reservation?: unknown; lastRelease?: unknown } | undefined;
      lines.push(`    holds ${held.role} ${held.resourceId} (${held.key}): ${String(resource?.['resourceStatus'])}/${String(resource?.['usageState'])}, reservation ${JSON.stringify(ordoOfResource?.reservation)}, last release ${JSON.stringify(ordoOfResource?.lastRelease)}`);
    }
  }
  // An incident at a call activity is the engine's copy of one in the called process: list the
  // installation's own ones too, which say what failed.
  if (running.length > 0) {
    const all = await ordo.engine.incidents().catch((err: Error) => [{ processInstanceKey: '?', elementId: '?', type: '?', message: err.message }]);
    for (const i of all.slice(0, 2 * shown)) lines.push(`  incident in ${i.processInstanceKey} at ${i.elementId} (${i.type}): ${i.message}`);
  }
  return lines.join('\n');
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface ReceivedEvent {
  key: string;
  body: { eventType: string; eventId: string; event: Record<string, Record<string, unknown>> };
}

/** Leaves the group without waiting for what is in flight; never fails. */
const closeNow = (consumer: Consumer<string, string, string, string>) => new Promise<void>((resolve) => consumer.close(true, () => resolve()));

/** Subscribes to a resource's event topic from the beginning and collects what arrives. */
export async function collectEvents(config: Config, resource: string): Promise<{ events: ReceivedEvent[]; stop(): Promise<void> }> {
  const connection = kafkaConnection(config.kafka, 'ordo-test');
  const topic = topicFor(config.kafka.topicPrefix, resource);
  // A broker just restarted still loads its partitions and answers "does not host this
  // topic-partition" for a while (to the admin, and then to the consumer's metadata request): ask
  // again until it is ready.
  const { consumer, stream } = await eventually(`Kafka to serve topic ${topic}`, async () => {
    const admin = new Admin(connection);
    try {
      if (!(await admin.listTopics()).includes(topic)) await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    } finally {
      await admin.close();
    }
    const candidate = new Consumer({ ...connection, groupId: `ordo-test-${randomUUID()}`, deserializers: stringDeserializers });
    try {
      return { consumer: candidate, stream: await candidate.consume({ topics: [topic], mode: 'earliest', autocommit: false }) as MessagesStream<string, string, string, string> };
    } catch (err) {
      await closeNow(candidate);
      throw err;
    }
  }, 60_000, 1000);
  const events: ReceivedEvent[] = [];
  stream.on('data', (message) => events.push({ key: message.key ?? '', body: JSON.parse(message.value ?? '{}') }));
  return {
    events,
    stop: async () => {
      await stream.close().catch(() => undefined);
      await closeNow(consumer);
    },
  };
}

/**
 * A JSON request. It carries the test operator's token unless `headers` set `authorization`
 * (an empty value sends none).
 */
export async function httpJson(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const auth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') ? {} : operatorAuth();
  const sent = Object.fromEntries(Object.entries({ ...auth, ...headers }).filter(([, v]) => v !== ''));
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...sent },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const sampleOrder = (overrides: Record<string, unknown> = {}) => ({
  externalId: `EXT-${randomUUID().slice(0, 8)}`,
  description: 'Mobile subscription',
  relatedParty: [{ id: 'cust-42', role: 'Customer', '@referredType': 'Individual' }],
  productOrderItem: [{ id: '1', action: 'add', quantity: 1, productOffering: { id: 'mobile-basic', name: 'Mobile Basic' } }],
  ...overrides,
});

/**
 * The order state in each event of a one-item order that completes: created, order in progress,
 * its item in progress and then completed (by the item's process), order completed.
 */
export const oneItemOrderStates = ['acknowledged', 'inProgress', 'inProgress', 'inProgress', 'completed'];
/** The events of those states: the order's state changes twice; in between only its item moves. */
export const oneItemOrderEventTypes = ['ProductOrderCreateEvent', 'ProductOrderStateChangeEvent', 'ProductOrderAttributeValueChangeEvent', 'ProductOrderAttributeValueChangeEvent', 'ProductOrderStateChangeEvent'];

/** A loopback port nothing listens on (now). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
