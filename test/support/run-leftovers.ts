import { Admin } from '@platformatic/kafka';
import { MongoClient } from 'mongodb';
import type { Config } from '../../engine/config/config.js';
import { answer, operatonClient } from '../../engine/process/operaton/operaton-rest.js';
import { kafkaConnection } from '../../engine/events/kafka.js';

/** What one run (a test process, a bench) put on servers that outlive it. */
export interface RunFootprint {
  databases: string[];
  /** Kafka topics whose names start with `<prefix>.` */
  topicPrefixes: string[];
  /** Engine tenants whose deployments go, with every instance and its history. */
  tenants: string[];
}

/** The isolation ids handed out by this test process (databases, topic prefixes, engine tenants). */
export const isolationsUsed = new Set<string>();

export const tenantOf = (isolation: string) => `t${isolation.replace(/[^a-zA-Z0-9]/g, '')}`;
export const topicPrefixOf = (isolation: string) => `test-${isolation}`;
export const databaseOf = (isolation: string) => `ordo_test_${isolation}`;

/** The footprint of the tests run by this process. */
export const testFootprint = (): RunFootprint => {
  const ids = [...isolationsUsed];
  return { databases: ids.map(databaseOf), topicPrefixes: ids.map(topicPrefixOf), tenants: ids.map(tenantOf) };
};

/**
 * Removes what a run left on servers that outlive it (a developer's running local stack): its
 * databases, its Kafka topics, and its engine tenants' deployments. Without this a developer's
 * stack grows with every run, and gets slower and bigger. Only the run's own names are touched: a
 * run beside it keeps its own.
 */
export async function removeLeftovers(config: Config, footprint: RunFootprint): Promise<{ databases: number; topics: number; deployments: number }> {
  // Each part runs to its end even when another fails, and the first failure is reported after.
  const parts = await Promise.allSettled([
    removeDatabases(config, footprint.databases),
    removeTopics(config, footprint.topicPrefixes),
    removeDeployments(config, footprint.tenants),
  ]);
  const failed = parts.find((p): p is PromiseRejectedResult => p.status === 'rejected');
  if (failed) throw failed.reason;
  const [databases, topics, deployments] = parts.map((p) => (p as PromiseFulfilledResult<number>).value);
  return { databases: databases!, topics: topics!, deployments: deployments! };
}

async function removeDatabases(config: Config, names: string[]): Promise<number> {
  if (names.length === 0) return 0;
  const client = await MongoClient.connect(config.mongo.url);
  try {
    const wanted = new Set(names);
    const ours = (await client.db().admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name).filter((n) => wanted.has(n));
    for (const name of ours) {
      // Collection by collection: mongo-java-server (the local stack's server) now and then refuses
      // dropDatabase on stale index entries of its own, and then keeps the empty database's name.
      const db = client.db(name);
      for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) await db.collection(collection).drop();
      await db.dropDatabase().catch(() => undefined);
    }
    return ours.length;
  } finally {
    await client.close();
  }
}

async function removeTopics(config: Config, prefixes: string[]): Promise<number> {
  if (prefixes.length === 0) return 0;
  const admin = new Admin({ ...kafkaConnection(config.kafka, 'ordo-leftovers'), timeout: 30_000 });
  try {
    const ours = (await admin.listTopics()).filter((t) => prefixes.some((p) => t.startsWith(`${p}.`)));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    return ours.length;
  } finally {
    await admin.close();
  }
}

async function removeDeployments(config: Config, tenants: string[]): Promise<number> {
  const { url, user, password, timeoutMs } = config.engine;
  const rest = operatonClient({ url, timeoutMs, ...(user ? { user, password } : {}) });
  let removed = 0;
  // A few tenants per request keeps the query string short.
  for (let i = 0; i < tenants.length; i += 20) {
    const found = await answer(rest.GET('/deployment', { params: { query: { tenantIdIn: tenants.slice(i, i + 20).join(',') } } }), "listing a run's deployments");
    for (const d of found) {
      await answer(
        rest.DELETE('/deployment/{id}', { params: { path: { id: d.id ?? '' }, query: { cascade: true, skipCustomListeners: true, skipIoMappings: true } } }),
        `deleting deployment ${d.id}`,
      );
      removed++;
    }
  }
  return removed;
}
