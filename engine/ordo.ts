import path from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import { ConfigError, type Config } from './config/config.js';
import { connectMongo, type Database } from './db/mongo.js';
import { createKafkaProducer, type EventProducer } from './events/kafka.js';
import { OutboxRelay } from './events/outbox-relay.js';
import { OrderTimeline } from './console/order-timeline.js';
import { CONSOLE_PATH, consoleRoutes } from './console/console-routes.js';
import { consoleApiRoutes } from './console/console-api-routes.js';
import { poolLevels } from './console/pool-levels.js';
import { eventApis, outboxCollections } from './events/event-resources.js';
import { errorHandler, jsonBody, traceRequests } from './http/app.js';
import { ApiError } from './http/errors.js';
import { logger as log, setLogLevel } from './observability/logger.js';
import { OrderStore } from './orders/order-store.js';
import { openCatalog, type Catalog } from './catalog/catalog-service.js';
import { connectRemoteCatalog } from '../adapters/tmf620/connect.js';
import { ResourceStore } from './inventory/resource-store.js';
import { seedInventory } from './inventory/seed-inventory.js';
import type { OutboxEvent } from './events/tmf-event.js';
import { productCatalogRoutes, TMF620_BASE_PATH } from './catalog/routes.js';
import { TMF622_V5_FORMAT } from './orders/v5/tmf622-v5.js';
import { eventToV5 } from './orders/v5/v5-model.js';
import { TMF622_BASE_PATH } from './orders/tmf622.js';
import { Hub } from './events/hub.js';
import { CancelStore } from './cancellations/cancel-store.js';
import { apiDocsRoutes } from './tmf/api-docs.js';
import { hubAdminRoutes } from './events/hub-admin-routes.js';
import { readOnlyRoutes } from './tmf/read-routes.js';
import { ExtensionSchemas } from './tmf/extension-schemas.js';
import { ADMIN_BASE_PATH, extensionSchemaRoutes } from './tmf/extension-schema-routes.js';
import { deployModels, type DeployedProcess } from './process/deploy-models.js';
import { claimLeaseMs, ProcessStarter } from './process/process-starter.js';
import { PaymentStore } from './payments/payment-store.js';
import { PAYMENT_WEBHOOK_PATH, paymentWebhookRoutes } from './payments/webhook-routes.js';
import { assertPayable } from './payments/order-payment.js';
import { connectPaymentProvider, type PaymentProviderConnection } from '../adapters/payment/connect.js';
import { connectSalesforce } from '../adapters/salesforce/connect.js';
import { salesforceInboundRoutes } from '../adapters/salesforce/inbound-routes.js';
import { connectServiceNow } from '../adapters/servicenow/connect.js';
import { connectActivation, type ActivationConnection } from '../adapters/activation/connect.js';
import { FalloutStore } from './fallout/fallout.js';
import { connectEngine } from './process/connect-engine.js';
import { EngineUnavailableError, type ProcessEngine } from './process/process-engine.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import type { AnyWorker } from '../workers/runtime/define-worker.js';
import type { Capability, Runnable } from './capability.js';
import { ordersModule } from './orders/orders-module.js';
import { cancellationsModule } from './cancellations/cancellations-module.js';
import { inventoryModule } from './inventory/inventory-module.js';
import { paymentsModule } from './payments/payments-module.js';
import { falloutModule } from './fallout/fallout-module.js';
import { cpqModule } from './cpq/cpq-module.js';
import { decompositionModule } from './technical-orders/technical-orders-module.js';
import { customersModule } from './customers/customers.js';
import { signUpsModule } from './signup/sign-ups.js';
import helmet from 'helmet';
import { LocalIssuer, type TokenClaims } from '../adapters/oidc/local-issuer.js';
import { issuerKeys, securityGate } from './security/security-gate.js';
import { auditLog } from './security/audit-log.js';
import { openTechnicalOrders, type TechnicalOrders } from './technical-orders/technical-orders.js';
import { resourceOrderKind, serviceOrderKind } from './technical-orders/order-kinds.js';
import { ProductInventory } from './product-inventory/product-inventory.js';
import { ServiceInventory } from './service-inventory/service-inventory.js';
import { openCustomers, type Customers } from './customers/customers.js';
import { inFlightOrders, pseudonymiseOrders } from './orders/order-parties.js';
import { pseudonymiseRecords } from './tmf/pseudonymise.js';
import type { ErasureSubject } from './customers/erase-customer.js';
import { Notifications, messageListSpec, TMF681_BASE_PATH } from './notifications/notifications.js';
import { connectNotifications } from '../adapters/notification/connect.js';
import type { NotificationSimulator } from '../adapters/notification/simulator.js';
import { connectIdentityProvider } from '../adapters/keycloak/connect.js';
import type { KeycloakSimulator } from '../adapters/keycloak/simulator.js';
import { openSignUps, type SignUps } from './signup/sign-ups.js';
import { metricsRoutes, timeRequests } from './observability/metrics-routes.js';
import { stateGauges } from './observability/state-gauges.js';
import { ordoStateSources } from './observability/ordo-state.js';
import { openCarts, type Carts } from './carts/carts.js';

export { ORDER_PROCESS_ID } from './orders/orders-module.js';
/** How long /health waits for each dependency (ms). */
const HEALTH_TIMEOUT_MS = 2000;

export interface Ordo {
  /** Where this process listens. */
  baseUrl: string;
  /** The base of every `href` Ordo gives out. */
  publicUrl: string;
  config: Config;
  db: Database;
  orders: OrderStore;
  cancellations: CancelStore;
  catalog: Catalog;
  resources: ResourceStore;
  payments: PaymentStore;
  /** TMF641 service orders and TMF652 resource orders. */
  serviceOrders: TechnicalOrders;
  resourceOrders: TechnicalOrders;
  /** TMF637 product inventory and TMF638 service inventory. */
  products: ProductInventory;
  services: ServiceInventory;
  /** The payment provider (its port) and its webhook; `simulator` when Ordo runs the local one (ORDO_PAYMENT_PROVIDER_URL empty). */
  paymentProvider: PaymentProviderConnection;
  /** The network activation gateway (its port); `simulator` when Ordo runs the local one. */
  activation: ActivationConnection;
  /** TMF632 parties, TMF629 customers, TMF666 accounts, their users at the identity provider. */
  customers: Customers;
  signUps: SignUps;
  /** TMF663 shopping carts. */
  carts: Carts;
  notifications: Notifications;
  /** The Communication gateway simulator Ordo runs for the local stack, if it does. */
  notificationSimulator?: NotificationSimulator;
  /** The Keycloak simulator Ordo runs for the local stack, if it does. */
  identitySimulator?: KeycloakSimulator;
  /** The issuer whose tokens Ordo accepts (empty with ORDO_AUTH=off). */
  authIssuer: string;
  /** The local issuer Ordo runs for the local stack, if it does (mint tokens with it). */
  localIssuer?: LocalIssuer;
  /** The job workers of every capability, for running them elsewhere (tests, a worker-only process). */
  workers: AnyWorker[];
  /** Steps people must look at, handed to the incident desk. */
  fallouts: FalloutStore;
  /** The process engine (Operaton), through Ordo's engine port. */
  engine: ProcessEngine;
  starter: ProcessStarter;
  relay: OutboxRelay;
  hub: Hub;
  /** Resolves once bpmn/ is deployed and orders start (retried while the engine is unreachable). */
  deployed: Promise<DeployedProcess[]>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Run the job workers in this process (default true). */
  workers?: boolean;
  /** Signs the tokens of the Keycloak simulator's users (default: the local issuer, when Ordo runs it). */
  mintUserTokens?: (claims: TokenClaims) => Promise<string>;
}

/** Composition root: connects to MongoDB, the process engine and Kafka, deploys models, serves the API, runs workers. */
export async function startOrdo(config: Config, options: StartOptions = {}): Promise<Ordo> {
  // Only serving the APIs needs an issuer; the CLI's commands do not.
  if (config.auth.enabled && !config.auth.issuer && !config.auth.simulate) throw new ConfigError(['ORDO_AUTH=on needs ORDO_AUTH_ISSUER (Ordo runs a local issuer only with the local stack); ORDO_AUTH=off turns authentication off']);
  // Only serving sign-ups needs it; a random one would make a code sent by one instance fail on another.
  if (!config.signUp.pepper && !config.localStack.wanted) throw new ConfigError(['ORDO_OTP_PEPPER: set a secret of at least 16 characters, the same on every Ordo instance (it keys the hashes of sign-up codes)']);
  setLogLevel(config.log.level);
  const db = await connectMongo(config.mongo);
  const engine = connectEngine(config, log);
  const orders = new OrderStore(db.db, engine);
  await orders.ensureIndexes();
  const cancellations = new CancelStore(db.db);
  await cancellations.ensureIndexes();
  const catalog = await openCatalog(db.db, config.catalog, connectRemoteCatalog(config.catalog), log);
  // hrefs need the public URL, known once the server listens (port 0 in tests).
  let publicUrl = config.http.publicUrl;
  const resources = new ResourceStore(db.db, () => publicUrl);
  await resources.ensureIndexes();
  const fallouts = new FalloutStore(db.db);
  await fallouts.ensureIndexes();
  const payments = new PaymentStore(db.db, () => publicUrl);
  await payments.ensureIndexes();
  const products = new ProductInventory(db.db, () => publicUrl);
  await products.ensureIndexes();
  const services = new ServiceInventory(db.db, () => publicUrl);
  await services.ensureIndexes();
  const paymentProvider = await connectPaymentProvider(config.payment, log);
  const activation = await connectActivation(config.activation, log);
  const extensions = new ExtensionSchemas(db.db);
  for (const location of await extensions.loadDirectory(config.extensionSchemasDir)) log.info('extension schema registered', { schemaLocation: location });

  const producer: EventProducer = createKafkaProducer(config.kafka);
  const hub = new Hub(db.db, { pollMs: config.outbox.pollMs, ...config.hub }, log, { [TMF622_V5_FORMAT]: eventToV5 });
  await hub.ensureIndexes();
  const timeline = new OrderTimeline(db.db);
  await timeline.ensureIndexes();
  const startLeaseMs = claimLeaseMs(config.engine.timeoutMs);
  const technical = { db: db.db, catalog: catalog.store, engine, publicUrl: () => publicUrl, pollMs: config.process.startRetryMs, startLeaseMs, messageTtlMs: config.process.messageTtlMs, log };
  const serviceOrders = await openTechnicalOrders(serviceOrderKind, technical);
  const resourceOrders = await openTechnicalOrders(resourceOrderKind, technical);
  const localIssuer = config.auth.enabled && config.auth.simulate ? await LocalIssuer.start({ audience: config.auth.audience, stateFile: path.join(config.localStack.dir, 'local-issuer.json') }) : undefined;
  const notify = await connectNotifications(config.notify, log);
  const notifications = new Notifications(db.db, notify.channel, () => publicUrl);
  await notifications.ensureIndexes();
  const identity = await connectIdentityProvider(config.identity, options.mintUserTokens ?? (localIssuer ? (claims) => localIssuer.mint(claims) : undefined), config.auth.partyClaim, log);
  const customers = await openCustomers({
    db: db.db,
    publicUrl: () => publicUrl,
    check: config.customers.check,
    identityProvider: identity.provider,
    inFlightOrders: (refs) => inFlightOrders(orders, refs),
    // What stays for accounting names the person by the pseudonym; the rest forgets them.
    forgetters: [
      { what: 'orders', forget: (subject) => pseudonymiseOrders(orders, pseudonymisation(subject)) },
      ...[payments.payments, payments.refunds, serviceOrders.store, resourceOrders.store, products.store, services.store].map((store) => ({ what: store.collection.collectionName, forget: (subject: ErasureSubject) => pseudonymiseRecords(store.collection, pseudonymisation(subject)) })),
      notifications.forgetter(),
      // Last, once the parties are tombstoned: nothing about them is fanned out after it.
      { what: 'hubEvents', last: true, forget: (subject) => hub.forget({ ...pseudonymisation(subject), removed: [subject.customerId, ...subject.partyIds], drop: ['notificationContact'] }) },
    ],
  });
  const signUps = await openSignUps({ db: db.db, client: db.client, dbName: config.mongo.db, engine, identities: customers.records.identities, publicUrl: () => publicUrl, config: config.signUp, process: { retryMs: config.process.startRetryMs, leaseMs: startLeaseMs, messageTtlMs: config.process.messageTtlMs }, log });
  customers.forgetAlso(signUps.forgetter());

  const fanOut = async (events: OutboxEvent[]) => {
    for (const api of new Set(events.map((e) => eventApis[e.resource]))) if (api) await hub.enqueue(api, events.filter((e) => eventApis[e.resource] === api));
    // The console's timeline is a view: failing to record it never holds up the hub or Kafka.
    await timeline.record(events).catch((err: Error) => log.warn('could not record events in the order timeline', { events: events.length, error: err.message }));
  };
  const relay = new OutboxRelay(outboxCollections(db.db), producer, config.kafka.topicPrefix, config.outbox.pollMs, log, fanOut);
  relay.wakeOnWrites(db.client);
  const servicenow = connectServiceNow(config.servicenow);
  const sf = config.salesforce;
  const salesforce = connectSalesforce(sf);

  const authIssuer = config.auth.enabled ? config.auth.issuer || localIssuer!.url : '';
  if (localIssuer) log.info('local token issuer running (local stack)', { issuer: localIssuer.url });
  if (!config.auth.enabled) log.warn('ORDO_AUTH=off: every request is let in as an operator, without a token. Never run a shared or production Ordo like this.');

  const app = express();
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', trustProxySetting(config.http.trustProxy));
  let server: Server;
  try {
    server = await new Promise((resolve, reject) => {
      const s = app.listen(config.http.port, config.http.host, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    await engine.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const baseUrl = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  publicUrl ||= `http://localhost:${port}`;
  // The console signs in at the local issuer as a public client, at whichever address the browser uses.
  const consoleUris = [...new Set([publicUrl, baseUrl, `http://localhost:${port}`].map((u) => `${u}${CONSOLE_PATH}/`))];
  localIssuer?.addPublicClient(config.console.clientId, { redirectUris: consoleUris, postLogoutRedirectUris: consoleUris });
  await seedInventory(resources, config.inventory.seedSize, log);

  app.use(traceRequests);
  app.use(timeRequests);
  app.use(securityHeaders);
  app.use(auditLog(db.db, log));
  // Before the JSON parser: the callback's signature covers the raw bytes.
  // Late-bound: the payments and carts capabilities open below, after the routes that come first.
  let paymentDecided: (paymentId: string) => void = () => undefined;
  let checkoutDecided: (cartId: string) => void = () => undefined;
  app.use(paymentWebhookRoutes({ payments, webhook: paymentProvider.webhook, decided: (id) => paymentDecided(id), checkoutDecided: (id) => checkoutDecided(id), log }, db.db.collection('paymentWebhookEvent')));
  app.use(securityGate({ ...config.auth, issuer: authIssuer }, config.auth.enabled ? issuerKeys(authIssuer) : undefined, log, jsonBody));
  app.use(noTrailingSlash);
  // Browsers ask for it on the API docs pages; there is none.
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  // For Kubernetes: live while the process answers; ready while it can accept orders (MongoDB up).
  app.get('/health/live', (_req, res) => void res.json({ status: 'up' }));
  app.get('/health/ready', async (_req, res) => {
    const mongo = await withTimeout(db.db.command({ ping: 1 }), HEALTH_TIMEOUT_MS).then(() => 'up', () => 'down');
    res.status(mongo === 'up' ? 200 : 503).json({ status: mongo, components: { mongo } });
  });
  const state = stateGauges(
    ordoStateSources({
      orders: orders.collection as never,
      resources: resources.collection,
      payments: payments.payments.collection,
      carts: db.db.collection('shoppingCart'),
      fallouts: fallouts.collection as never,
      hubDeliveries: hub.deliveries as never,
      hubListeners: hub.listeners,
      incidentCount: () => withTimeout(engine.incidentCount(), HEALTH_TIMEOUT_MS),
      outboxLagSeconds: () => relay.oldestPendingAgeSeconds(),
    }),
    (gauge, err) => log.warn('a metric could not be read', { metric: gauge, error: err.message }),
  );
  app.use(metricsRoutes(state, config.metrics.token));
  app.get('/health', async (_req, res) => {
    const [mongo, engineState, kafka] = await Promise.all([
      db.db.command({ ping: 1 }).then(() => 'up', () => 'down'),
      withTimeout(engine.version(), HEALTH_TIMEOUT_MS).then(() => 'up', () => 'down'),
      producer.reachable(HEALTH_TIMEOUT_MS).then((up) => (up ? 'up' : 'down')),
    ]);
    const components = { mongo, engine: engineState, kafka };
    // Without MongoDB no order can be accepted; without the engine or Kafka orders are still accepted and wait.
    const status = mongo === 'down' ? 'down' : Object.values(components).every((c) => c === 'up') ? 'up' : 'degraded';
    res.status(status === 'down' ? 503 : 200).json({ status, components });
  });
  const messages = { pollMs: config.process.startRetryMs, messageTtlMs: config.process.messageTtlMs };
  const processSettings = { retryMs: config.process.startRetryMs, leaseMs: startLeaseMs, messageTtlMs: config.process.messageTtlMs };
  const webhookUrl = () => `${publicUrl}${PAYMENT_WEBHOOK_PATH}`;
  const fallout = falloutModule({ orders, fallouts, servicenow, links: engine, engine, messages, log });
  const cancelling = cancellationsModule({ orders, cancellations, publicUrl, engine, messages, log });
  const ordering = ordersModule({
    orders,
    catalog,
    extensions,
    publicUrl,
    engine,
    process: processSettings,
    assertPayable: (order) => assertPayable(order, !!paymentProvider.client),
    checkCustomer: customers.checkCustomer,
    fallout: { fallouts, servicenow, links: engine },
    cancellations: cancelling.routeDeps,
    log,
  });
  const paying = paymentsModule({ payments, orders, provider: paymentProvider.client, webhookUrl, paymentConfirmationTimeoutMs: config.payment.confirmationTimeoutMs, engine, messages, publicUrl: () => publicUrl, log });
  paymentDecided = (id) => paying.resultArrived(id);
  const carts = await openCarts({
    db: db.db,
    client: db.client,
    dbName: config.mongo.db,
    engine,
    config: config.carts,
    process: processSettings,
    publicUrl: () => publicUrl,
    uses: {
      catalog: catalog.source,
      customers: customers.cartCustomers,
      resources,
      payments,
      provider: paymentProvider.client,
      webhookUrl,
      order: ordering.routeDeps,
      checkCustomer: customers.checkCustomer,
      reservationTtlMs: config.inventory.reservationTtlMs,
      paymentConfirmationTimeoutMs: config.payment.confirmationTimeoutMs,
    },
    notifications,
    log,
  });
  checkoutDecided = (id) => carts.paymentDecided(id);

  // The capabilities, in the order their routes are mounted; they stop in reverse.
  const capabilities: Capability[] = [
    ordering,
    cancelling,
    inventoryModule({ resources, orders, reservationTtlMs: config.inventory.reservationTtlMs, sweepMs: config.inventory.sweepMs, log }),
    paying,
    fallout,
    cpqModule({ orders, salesforce }),
    decompositionModule({ orders, catalog, resources, serviceOrders, resourceOrders, products, services, activation: activation.gateway, publicUrl: () => publicUrl }),
    customersModule(customers, () => publicUrl, log),
    signUpsModule(signUps, { records: customers.records, users: customers.users, notifications, otpTtlMs: config.signUp.otpTtlMs }),
    carts,
  ];
  app.use(ADMIN_BASE_PATH, extensionSchemaRoutes(extensions));
  app.use(ADMIN_BASE_PATH, hubAdminRoutes(hub));
  app.use(ADMIN_BASE_PATH, consoleApiRoutes({ orders, timeline, payments, serviceOrders: serviceOrders.store, resourceOrders: resourceOrders.store, fallouts, engine, pools: poolLevels(resources.collection as never), unfrozen: (id) => ordering.unfrozen(id), resolved: (id) => fallout.resolved(id), cases: servicenow, log }));
  app.use(consoleRoutes({ authEnabled: config.auth.enabled, issuer: authIssuer, clientId: config.console.clientId, scope: config.console.scope, roleClient: config.auth.clientId, cockpitUrl: config.cockpit.url, apis: { productOrder: TMF622_BASE_PATH, productCatalog: TMF620_BASE_PATH, admin: ADMIN_BASE_PATH } }));
  app.use(TMF620_BASE_PATH, productCatalogRoutes(catalog.store, () => publicUrl));
  for (const capability of capabilities) capability.mount?.(app, hub);
  // The CPQ's inbound route belongs to its adapter (Salesforce's field names and auth).
  if (sf.inboundToken) app.use(salesforceInboundRoutes({ ...ordering.routeDeps, inboundToken: sf.inboundToken, unfrozen: (id) => ordering.unfrozen(id), log }));
  app.use(TMF681_BASE_PATH, apiDocsRoutes('TMF681-Communication-v4.0.0.swagger.json', TMF681_BASE_PATH, publicUrl));
  app.use(TMF681_BASE_PATH, readOnlyRoutes([{ resource: 'communicationMessage', typeName: 'CommunicationMessage', store: notifications.records, spec: messageListSpec }]));
  app.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', 'No such resource', `${req.method} ${req.path} is not served`)));
  app.use(errorHandler(log));
  log.info('ordo listening', { baseUrl, publicUrl });

  relay.run();
  hub.run();
  const periodic = capabilities.flatMap((c) => c.periodic ?? []).map((task) => task.start());
  // What starts processes or sends them messages: it runs once the models are deployed (a start
  // message before its process exists would start nothing) and stops before the connections close.
  const onceDeployed = capabilities.flatMap((c) => (c.onceDeployed ?? []).map((part): [string, Runnable] => [c.name, part]));
  // Orders are accepted while the engine is unreachable; they start once the models are deployed.
  const stopping = new AbortController();
  const deployed = (config.process.deployOnStart ? deployWhenReachable(engine, config.process.startRetryMs, stopping.signal) : Promise.resolve([])).then((list) => {
    for (const d of list) log.info('process deployed', { bpmnProcessId: d.bpmnProcessId, version: d.version, resource: d.resourceName });
    if (!stopping.signal.aborted) for (const [, part] of onceDeployed) part.run();
    return list;
  });
  deployed.catch((err: Error) => {
    if (!stopping.signal.aborted) log.error('deploying bpmn/ failed; no order will start until it is fixed', { error: err.message });
  });

  const workerDefinitions = capabilities.flatMap((c) => c.workers ?? []);
  const workers: RunningWorkers | undefined = options.workers === false ? undefined : runWorkers(engine, workerDefinitions, config.workers, log);

  return {
    baseUrl,
    publicUrl,
    config,
    db,
    orders,
    cancellations,
    catalog,
    resources,
    payments,
    serviceOrders,
    resourceOrders,
    products,
    services,
    authIssuer,
    ...(localIssuer ? { localIssuer } : {}),
    paymentProvider,
    activation,
    customers,
    signUps,
    carts,
    notifications,
    ...(notify.simulator ? { notificationSimulator: notify.simulator } : {}),
    ...(identity.simulator ? { identitySimulator: identity.simulator } : {}),
    workers: workerDefinitions,
    fallouts,
    engine,
    starter: ordering.starter,
    relay,
    hub,
    deployed,
    async close() {
      stopping.abort();
      // Each step runs even if an earlier one fails: a half-closed Ordo must not keep timers or sockets.
      const steps: [string, () => Promise<unknown>][] = [
        // Together: the workers' grace for the tasks in hand counts from the stop.
        ['http and workers', () => Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), workers?.close()])],
        ['periodic tasks', () => Promise.all(periodic.map((task) => task.stop()))],
        ...[...onceDeployed].reverse().map(([name, part]): [string, () => Promise<unknown>] => [name, () => part.stop()]),
        ['payment simulator', async () => paymentProvider.simulator?.close()],
        ['activation simulator', async () => activation.simulator?.close()],
        ['notification simulator', async () => notify.simulator?.close()],
        ['identity simulator', async () => identity.simulator?.close()],
        ['local issuer', async () => localIssuer?.close()],
        ['relay', () => relay.stop()],
        ['hub', () => hub.stop()],
        ['kafka', () => producer.close()],
        ['engine', () => engine.close()],
        ['mongo', () => db.close()],
      ];
      for (const [name, step] of steps) {
        await step().catch((err: Error) => log.warn('error while closing', { component: name, error: err.message }));
      }
    },
  };
}

/**
 * Security headers on every answer (helmet). The APIs answer JSON only, so their policy forbids
 * everything; the Swagger UI pages under api-docs load their own scripts and styles.
 */
const apiHeaders = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
const docsHeaders = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], frameAncestors: ["'none'"] } } });
/** `productOrder/` is not the list: a resource path ends without a slash (the API docs pages keep theirs). */
const noTrailingSlash: express.RequestHandler = (req, _res, next) =>
  next(req.path.length > 1 && req.path.endsWith('/') && !req.path.includes('/api-docs') && req.path !== `${CONSOLE_PATH}/` ? new ApiError(404, 'NOT_FOUND', 'No such resource', `${req.method} ${req.path} is not served (no trailing slash)`) : undefined);

/** The console sets its own policy (console-routes.ts): its page loads its scripts, styles and translations. */
const isConsole = (path: string) => path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
const securityHeaders: express.RequestHandler = (req, res, next) => (isConsole(req.path) ? next() : (req.path.includes('/api-docs') ? docsHeaders : apiHeaders)(req, res, next));

async function deployWhenReachable(engine: ProcessEngine, everyMs: number, stop: AbortSignal): Promise<DeployedProcess[]> {
  for (let n = 1; ; n++) {
    try {
      return await deployModels(engine);
    } catch (err) {
      // A refused model is final; an engine that is down or starting is waited for.
      if (stop.aborted || !(err instanceof EngineUnavailableError)) throw err;
      log.warn('process engine not reachable; deployment will be retried', { attempt: n, error: (err as Error).message });
      await sleep(Math.min(everyMs * n, 15_000), stop).catch(() => undefined);
    }
  }
}

/** An erased customer's parties, customer and accounts: their names in the records that stay become the pseudonym. */
const pseudonymisation = (subject: ErasureSubject) => ({ ids: [subject.customerId, ...subject.partyIds, ...subject.accountIds], pseudonym: subject.pseudonym });

/** ORDO_TRUST_PROXY as Express takes it: a hop count, true, or addresses and subnets. */
function trustProxySetting(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  return value === 'true' ? true : value;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });
}
