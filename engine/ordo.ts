import type { Server } from 'node:http';
import express from 'express';
import type { Config } from './config/config.js';
import { connectMongo, type Database } from './db/mongo.js';
import { createKafkaProducer, type EventProducer } from './events/kafka.js';
import { OutboxRelay } from './events/outbox-relay.js';
import { errorHandler, jsonBody, traceRequests } from './http/app.js';
import { ApiError } from './http/errors.js';
import { logger as log, setLogLevel } from './observability/logger.js';
import { OrderStore } from './orders/order-store.js';
import { productOrderRoutes } from './orders/routes.js';
import { TMF622_BASE_PATH } from './orders/tmf622.js';
import { deployModels, type DeployedProcess } from './process/deploy-models.js';
import { ProcessStarter } from './process/process-starter.js';
import { createZeebeClient, type ZeebeClient } from './process/zeebe.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import { allWorkers } from '../workers/index.js';

/** The process every product order runs (its message start event receives `order-received`). */
export const ORDER_PROCESS_ID = 'product-order';

export interface Ordo {
  /** Where this process listens. */
  baseUrl: string;
  /** The base of every `href` Ordo gives out. */
  publicUrl: string;
  config: Config;
  db: Database;
  orders: OrderStore;
  zeebe: ZeebeClient;
  starter: ProcessStarter;
  relay: OutboxRelay;
  /** Resolves once bpmn/ is deployed and orders start (retried while Zeebe is unreachable). */
  deployed: Promise<DeployedProcess[]>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Run the job workers in this process (default true). */
  workers?: boolean;
}

/** Composition root: connects to MongoDB, Zeebe and Kafka, deploys models, serves the API, runs workers. */
export async function startOrdo(config: Config, options: StartOptions = {}): Promise<Ordo> {
  setLogLevel(config.log.level);
  const db = await connectMongo(config.mongo);
  const orders = new OrderStore(db.db);
  await orders.ensureIndexes();

  const zeebe = createZeebeClient(config.zeebe);

  const producer: EventProducer = createKafkaProducer(config.kafka);
  const relay = new OutboxRelay([orders.collection], producer, config.kafka.topicPrefix, config.outbox.pollMs, log);
  relay.run();

  const starter = new ProcessStarter(orders, zeebe, { retryMs: config.process.startRetryMs, messageTtlMs: config.process.messageTtlMs }, log);
  // Orders are accepted while Zeebe is unreachable; they start once the models are deployed
  // (a start message published before its process exists would start nothing).
  let closing = false;
  const deployed = (config.process.deployOnStart ? retryUntil(() => deployModels(zeebe), () => closing, config.process.startRetryMs) : Promise.resolve([])).then((list) => {
    for (const d of list) log.info('process deployed', { bpmnProcessId: d.bpmnProcessId, version: d.version, resource: d.resourceName });
    if (!closing) starter.run();
    return list;
  });
  deployed.catch(() => undefined); // only rejects when closed before Zeebe was ever reached

  const workers: RunningWorkers | undefined = options.workers === false ? undefined : runWorkers(zeebe, allWorkers({ orders }), config.workers, log);

  const app = express();
  app.disable('x-powered-by');
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.http.port, config.http.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const baseUrl = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  const publicUrl = config.http.publicUrl || `http://localhost:${port}`;

  app.use(traceRequests);
  app.use(jsonBody);
  app.get('/health', async (_req, res) => {
    const mongo = await db.db.command({ ping: 1 }).then(() => 'up', () => 'down');
    const status = mongo === 'up' ? 'up' : 'down';
    res.status(status === 'up' ? 200 : 503).json({ status, components: { mongo } });
  });
  app.use(TMF622_BASE_PATH, productOrderRoutes({ orders, publicUrl, bpmnProcessId: ORDER_PROCESS_ID, startProcess: (id) => starter.kick(id) }));
  app.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', 'No such resource', `${req.method} ${req.path} is not served`)));
  app.use(errorHandler(log));
  log.info('ordo listening', { baseUrl, publicUrl });

  return {
    baseUrl,
    publicUrl,
    config,
    db,
    orders,
    zeebe,
    starter,
    relay,
    deployed,
    async close() {
      closing = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await workers?.close();
      await starter.stop();
      await relay.stop();
      await producer.close();
      await zeebe.close();
      await db.close();
    },
  };
}

async function retryUntil<T>(attempt: () => Promise<T>, stopped: () => boolean, everyMs: number): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (stopped()) throw err;
      log.warn('Zeebe not reachable; deployment will be retried', { attempt: n, error: (err as Error).message });
      await new Promise((r) => setTimeout(r, Math.min(everyMs * n, 15_000)));
    }
  }
}
