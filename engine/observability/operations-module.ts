import type { Db } from 'mongodb';
import type { Capability } from '../capability.js';
import { withTimeout } from '../with-timeout.js';
import type { EventProducer } from '../events/kafka.js';
import type { ProcessEngine } from '../process/process-engine.js';
import type { Logger } from './logger.js';
import { metricsRoutes } from './metrics-routes.js';
import { ordoStateSources, type OrdoState } from './ordo-state.js';
import { stateGauges } from './state-gauges.js';

/** How long /health waits for each dependency (ms). */
const HEALTH_TIMEOUT_MS = 2000;

export interface OperationsSettings {
  db: Db;
  engine: ProcessEngine;
  producer: EventProducer;
  /** What the scrape-time gauges read (the engine's incident count is asked here, with the health timeout). */
  state: Omit<OrdoState, 'incidentCount'>;
  metricsToken: string;
  log: Logger;
}

/** What operations watch: /health for Kubernetes and people, /metrics for Prometheus. */
export function operationsModule(settings: OperationsSettings): Capability {
  const { db, engine, producer } = settings;
  const ping = () => db.command({ ping: 1 });
  const state = stateGauges(
    ordoStateSources({ ...settings.state, incidentCount: () => withTimeout(engine.incidentCount(), HEALTH_TIMEOUT_MS, 'counting incidents') }),
    (gauge, err) => settings.log.warn('a metric could not be read', { metric: gauge, error: err.message }),
  );
  return {
    name: 'operations',
    mount(app) {
      // For Kubernetes: live while the process answers; ready while it can accept orders (MongoDB up).
      app.get('/health/live', (_req, res) => void res.json({ status: 'up' }));
      app.get('/health/ready', async (_req, res) => {
        const mongo = await withTimeout(ping(), HEALTH_TIMEOUT_MS, 'the MongoDB ping').then(() => 'up', () => 'down');
        res.status(mongo === 'up' ? 200 : 503).json({ status: mongo, components: { mongo } });
      });
      app.use(metricsRoutes(state, settings.metricsToken));
      app.get('/health', async (_req, res) => {
        const [mongo, engineState, kafka] = await Promise.all([
          ping().then(() => 'up', () => 'down'),
          withTimeout(engine.version(), HEALTH_TIMEOUT_MS, 'asking the engine its version').then(() => 'up', () => 'down'),
          producer.reachable(HEALTH_TIMEOUT_MS).then((up) => (up ? 'up' : 'down')),
        ]);
        const components = { mongo, engine: engineState, kafka };
        // Without MongoDB no order can be accepted; without the engine or Kafka orders are still accepted and wait.
        const status = mongo === 'down' ? 'down' : Object.values(components).every((c) => c === 'up') ? 'up' : 'degraded';
        res.status(status === 'down' ? 503 : 200).json({ status, components });
      });
    },
  };
}

