import { loadConfig, type Config } from '../engine/config/config.js';
import { ensureStack } from '../compose/local/stack.js';
import type { RunFootprint } from '../test/support/run-leftovers.js';

/**
 * A bench's configuration: the environment's, on a database, topic prefix and engine tenant of the
 * run's own (its footprint, removed at the end with removeLeftovers), with the simulators in-process;
 * the local stack is started when it is used.
 */
export async function benchConfig(name: string, overrides: Record<string, string>): Promise<{ config: Config; footprint: RunFootprint }> {
  const run = Date.now().toString(36);
  const footprint: RunFootprint = { databases: [`ordo_bench_${name}_${run}`], topicPrefixes: [`bench-${run}`], tenants: [`bench${name}${run}`] };
  const config = loadConfig({
    ...process.env,
    ORDO_HTTP_PORT: '0',
    ORDO_MONGO_DB: footprint.databases[0]!,
    ORDO_KAFKA_TOPIC_PREFIX: footprint.topicPrefixes[0]!,
    ORDO_ENGINE_TENANT: footprint.tenants[0]!,
    ORDO_LOG_LEVEL: 'error',
    ORDO_SIMULATORS: 'always',
    ...overrides,
  });
  if (config.localStack.wanted) await ensureStack(config, { quiet: true });
  return { config, footprint };
}
