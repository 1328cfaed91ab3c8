import path from 'node:path';
import type { Config } from './config/config.js';
import { connectMongo, type Database } from './db/mongo.js';
import { createKafkaProducer, type EventProducer } from './events/kafka.js';
import { Hub } from './events/hub.js';
import type { Logger } from './observability/logger.js';
import { connectEngine } from './process/connect-engine.js';
import type { ProcessEngine } from './process/process-engine.js';
import type { IncidentDesk } from './fallout/incident-desk.js';
import type { CpqSystem } from './cpq/cpq-system.js';
import { connectPaymentProvider, type PaymentProviderConnection } from '../adapters/payment/connect.js';
import { connectActivation, type ActivationConnection } from '../adapters/activation/connect.js';
import { connectNotifications, type Notifications as NotificationConnection } from '../adapters/notification/connect.js';
import { connectIdentityProvider, type IdentityConnection } from '../adapters/keycloak/connect.js';
import { connectServiceNow } from '../adapters/servicenow/connect.js';
import { connectSalesforce } from '../adapters/salesforce/connect.js';
import { LocalIssuer, type TokenClaims } from '../adapters/oidc/local-issuer.js';

/** What Ordo runs on and talks to: the database, the engine, Kafka, the hub's queues, and every external system (or its local simulator). */
export interface Infrastructure {
  db: Database;
  engine: ProcessEngine;
  producer: EventProducer;
  hub: Hub;
  /** The local issuer Ordo runs for the local stack, if it does. */
  localIssuer: LocalIssuer | undefined;
  paymentProvider: PaymentProviderConnection;
  activation: ActivationConnection;
  notify: NotificationConnection;
  identity: IdentityConnection;
  servicenow: IncidentDesk | undefined;
  salesforce: CpqSystem | undefined;
  /** Closes what was connected, simulators first, MongoDB last; each step runs even if an earlier one fails. The hub is not stopped here: the events capability runs and stops it. */
  close(): Promise<void>;
}

/** Connects everything in turn; a failure closes what was already connected before it is thrown. */
export async function connectInfrastructure(config: Config, mintUserTokens: ((claims: TokenClaims) => Promise<string>) | undefined, log: Logger): Promise<Infrastructure> {
  const opened: [string, () => Promise<unknown>][] = [];
  const close = async () => {
    for (const [name, step] of [...opened].reverse()) await step().catch((err: Error) => log.warn('error while closing', { component: name, error: err.message }));
  };
  const keep = <T>(name: string, part: T, closing: (part: T) => Promise<unknown> | undefined): T => {
    opened.push([name, async () => closing(part)]);
    return part;
  };
  try {
    const db = keep('mongo', await connectMongo(config.mongo), (d) => d.close());
    const engine = keep('engine', connectEngine(config, log), (e) => e.close());
    const producer = keep('kafka', createKafkaProducer(config.kafka), (p) => p.close());
    const hub = new Hub(db.db, { pollMs: config.outbox.pollMs, ...config.hub }, log);
    await hub.ensureIndexes();
    const localIssuer = config.auth.enabled && config.auth.simulate ? keep('local issuer', await LocalIssuer.start({ audience: config.auth.audience, stateFile: path.join(config.localStack.dir, 'local-issuer.json') }), (i) => i.close()) : undefined;
    const identity = keep('identity simulator', await connectIdentityProvider(config.identity, mintUserTokens ?? (localIssuer ? (claims) => localIssuer.mint(claims) : undefined), config.auth.partyClaim, log), (c) => c.simulator?.close());
    const notify = keep('notification simulator', await connectNotifications(config.notify, log), (c) => c.simulator?.close());
    const activation = keep('activation simulator', await connectActivation(config.activation, log), (c) => c.simulator?.close());
    const paymentProvider = keep('payment simulator', await connectPaymentProvider(config.payment, log), (c) => c.simulator?.close());
    return { db, engine, producer, hub, localIssuer, paymentProvider, activation, notify, identity, servicenow: connectServiceNow(config.servicenow), salesforce: connectSalesforce(config.salesforce), close };
  } catch (err) {
    await close();
    throw err;
  }
}
