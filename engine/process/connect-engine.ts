import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Logger } from '../observability/logger.js';
import type { ProcessEngine } from './process-engine.js';
import { OperatonEngine } from './operaton/operaton-engine.js';

/** The process engine Ordo is configured for (Operaton, over its REST API). */
export function connectEngine(config: Pick<Config, 'engine' | 'cockpit'>, log: Logger): ProcessEngine {
  const { url, user, password, tenant, timeoutMs } = config.engine;
  return new OperatonEngine(
    {
      url,
      ...(user ? { user, password } : {}),
      tenant,
      timeoutMs,
      cockpitUrl: config.cockpit.url,
      // The lock owner of fetched tasks: one per Ordo process.
      workerId: `ordo-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    },
    log,
  );
}
