import type { Server } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { ConfigError, type Config } from './config/config.js';
import type { Database } from './db/mongo.js';
import { connectInfrastructure, type Infrastructure } from './infrastructure.js';
import type { Capability, Runnable } from './capability.js';
import { checkedEventResources } from './events/event-resources.js';
import { eventsModule } from './events/events-module.js';
import type { OutboxRelay } from './events/outbox-relay.js';
import type { Hub } from './events/hub.js';
import { errorHandler, jsonBody, traceRequests } from './http/app.js';
import { ApiError } from './http/errors.js';
import { logger as log, setLogLevel } from './observability/logger.js';
import { timeRequests } from './observability/metrics-routes.js';
import { operationsModule } from './observability/operations-module.js';
import { issuerKeys, securityGate } from './security/security-gate.js';
import { auditLog } from './security/audit-log.js';
import { deployModels, type DeployedProcess } from './process/deploy-models.js';
import { claimLeaseMs, type ProcessStarter } from './process/process-starter.js';
import { EngineUnavailableError, type ProcessEngine } from './process/process-engine.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import type { AnyWorker } from '../workers/runtime/define-worker.js';
import { OrderStore } from './orders/order-store.js';
import { ordersModule } from './orders/orders-module.js';
import { TMF622_BASE_PATH } from './orders/tmf622.js';
import { inFlightOrders, pseudonymiseOrders } from './orders/order-parties.js';
import { CancelStore } from './cancellations/cancel-store.js';
import { cancellationsModule } from './cancellations/cancellations-module.js';
import { openCatalog, type Catalog } from './catalog/catalog-service.js';
import { catalogModule } from './catalog/catalog-module.js';
import { TMF620_BASE_PATH } from './catalog/routes.js';
import { connectRemoteCatalog } from '../adapters/tmf620/connect.js';
import { ResourceStore } from './inventory/resource-store.js';
import { seedInventory } from './inventory/seed-inventory.js';
import { inventoryModule } from './inventory/inventory-module.js';
import { PaymentStore } from './payments/payment-store.js';
import { PAYMENT_WEBHOOK_PATH } from './payments/webhook-routes.js';
import { assertPayable } from './payments/order-payment.js';
import { paymentsModule } from './payments/payments-module.js';
import type { PaymentProviderConnection } from '../adapters/payment/connect.js';
import type { ActivationConnection } from '../adapters/activation/connect.js';
import { FalloutStore } from './fallout/fallout.js';
import { falloutModule } from './fallout/fallout-module.js';
import { cpqModule } from './cpq/cpq-module.js';
import { salesforceInboundRoutes } from '../adapters/salesforce/inbound-routes.js';
import { openTechnicalOrders, type TechnicalOrders } from './technical-orders/technical-orders.js';
import { resourceOrderKind, serviceOrderKind } from './technical-orders/order-kinds.js';
import { decompositionModule } from './technical-orders/technical-orders-module.js';
import { ProductInventory } from './product-inventory/product-inventory.js';
import { ServiceInventory } from './service-inventory/service-inventory.js';
import { customersModule, openCustomers, type Customers } from './customers/customers.js';
import type { ErasureSubject } from './customers/erase-customer.js';
import { pseudonymiseRecords } from './tmf/pseudonymise.js';
import { ExtensionSchemas } from './tmf/extension-schemas.js';
import { ADMIN_BASE_PATH } from './tmf/extension-schema-routes.js';
import { extensionSchemasModule } from './tmf/extension-schemas-module.js';
import { Notifications } from './notifications/notifications.js';
import { notificationsModule } from './notifications/notifications-module.js';
import type { NotificationSimulator } from '../adapters/notification/simulator.js';
import type { KeycloakSimulator } from '../adapters/keycloak/simulator.js';
import type { LocalIssuer, TokenClaims } from '../adapters/oidc/local-issuer.js';
import { openSignUps, signUpsModule, type SignUps } from './signup/sign-ups.js';
import { openCarts, type Carts } from './carts/carts.js';
import { CONSOLE_PATH } from './console/console-routes.js';
import { openConsole } from './console/console-module.js';
import { poolLevels } from './console/pool-levels.js';

export { ORDER_PROCESS_ID } from './orders/orders-module.js';

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

/** Composition root: connects the infrastructure, opens the capabilities, mounts their routes, runs them, and closes them in reverse. */
export async function startOrdo(config: Config, options: StartOptions = {}): Promise<Ordo> {
  // Only serving the APIs needs an issuer; the CLI's commands do not.
  if (config.auth.enabled && !config.auth.issuer && !config.auth.simulate) throw new ConfigError(['ORDO_AUTH=on needs ORDO_AUTH_ISSUER (Ordo runs a local issuer only with the local stack); ORDO_AUTH=off turns authentication off']);
  // Only serving sign-ups needs it; a random one would make a code sent by one instance fail on another.
  if (!config.signUp.pepper && !config.localStack.wanted) throw new ConfigError(['ORDO_OTP_PEPPER: set a secret of at least 16 characters, the same on every Ordo instance (it keys the hashes of sign-up codes)']);
  setLogLevel(config.log.level);
  const infra = await connectInfrastructure(config, options.mintUserTokens, log);
  try {
    return await serve(config, options, infra);
  } catch (err) {
    await infra.close();
    throw err;
  }
}

async function serve(config: Config, options: StartOptions, infra: Infrastructure): Promise<Ordo> {
  const { db, engine, hub, localIssuer, paymentProvider, activation, notify, identity } = infra;
  // hrefs need the public URL, known once the server listens (port 0 in tests).
  let publicUrl = config.http.publicUrl;
  const href = () => publicUrl;
  const orders = await indexed(new OrderStore(db.db, engine));
  const cancellations = await indexed(new CancelStore(db.db));
  const catalog = await openCatalog(db.db, config.catalog, connectRemoteCatalog(config.catalog), log);
  const resources = await indexed(new ResourceStore(db.db, href));
  const fallouts = await indexed(new FalloutStore(db.db));
  const payments = await indexed(new PaymentStore(db.db, href));
  const products = await indexed(new ProductInventory(db.db, href));
  const services = await indexed(new ServiceInventory(db.db, href));
  const notifications = await indexed(new Notifications(db.db, notify.channel, href));
  const extensions = new ExtensionSchemas(db.db);
  for (const location of await extensions.loadDirectory(config.extensionSchemasDir)) log.info('extension schema registered', { schemaLocation: location });
  const startLeaseMs = claimLeaseMs(config.engine.timeoutMs);
  const processSettings = { retryMs: config.process.startRetryMs, leaseMs: startLeaseMs, messageTtlMs: config.process.messageTtlMs };
  const messages = { pollMs: config.process.startRetryMs, messageTtlMs: config.process.messageTtlMs };
  const technical = { db: db.db, catalog: catalog.store, engine, publicUrl: href, pollMs: config.process.startRetryMs, startLeaseMs, messageTtlMs: config.process.messageTtlMs, log };
  const serviceOrders = await openTechnicalOrders(serviceOrderKind, technical);
  const resourceOrders = await openTechnicalOrders(resourceOrderKind, technical);
  const customers = await openCustomers({
    db: db.db,
    publicUrl: href,
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
  const signUps = await openSignUps({ db: db.db, client: db.client, dbName: config.mongo.db, engine, identities: customers.records.identities, publicUrl: href, config: config.signUp, process: processSettings, log });
  customers.forgetAlso(signUps.forgetter());

  const authIssuer = config.auth.enabled ? config.auth.issuer || localIssuer!.url : '';
  if (localIssuer) log.info('local token issuer running (local stack)', { issuer: localIssuer.url });
  if (!config.auth.enabled) log.warn('ORDO_AUTH=off: every request is let in as an operator, without a token. Never run a shared or production Ordo like this.');

  const app = express();
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', trustProxySetting(config.http.trustProxy));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.http.port, config.http.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const baseUrl = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  publicUrl ||= `http://localhost:${port}`;
  // The console signs in at the local issuer as a public client, at whichever address the browser uses.
  const consoleUris = [...new Set([publicUrl, baseUrl, `http://localhost:${port}`].map((u) => `${u}${CONSOLE_PATH}/`))];
  localIssuer?.addPublicClient(config.console.clientId, { redirectUris: consoleUris, postLogoutRedirectUris: consoleUris });
  // Whatever fails from here on must not leave the port open (tests and embedders start Ordo again).
  try {
    await seedInventory(resources, config.inventory.seedSize, log);

    const webhookUrl = () => `${publicUrl}${PAYMENT_WEBHOOK_PATH}`;
    const fallout = falloutModule({ orders, fallouts, servicenow: infra.servicenow, links: engine, engine, messages, log });
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
      fallout: { fallouts, servicenow: infra.servicenow, links: engine },
      cancellations: cancelling.routeDeps,
      log,
    });
    // Late-bound: the carts capability opens after payments, whose callbacks go on with its checkouts.
    let checkoutDecided: (cartId: string) => void = () => undefined;
    const paying = paymentsModule({ payments, orders, provider: paymentProvider.client, webhook: paymentProvider.webhook, db: db.db, checkoutDecided: (id) => checkoutDecided(id), webhookUrl, paymentConfirmationTimeoutMs: config.payment.confirmationTimeoutMs, engine, messages, publicUrl: href, log });
    const carts = await openCarts({
      db: db.db,
      client: db.client,
      dbName: config.mongo.db,
      engine,
      config: config.carts,
      process: processSettings,
      publicUrl: href,
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
    const inbound = config.salesforce.inboundToken ? salesforceInboundRoutes({ ...ordering.routeDeps, inboundToken: config.salesforce.inboundToken, unfrozen: (id) => ordering.unfrozen(id), log }) : undefined;
    const opsConsole = await openConsole(db.db, {
      page: { authEnabled: config.auth.enabled, issuer: authIssuer, clientId: config.console.clientId, scope: config.console.scope, roleClient: config.auth.clientId, cockpitUrl: config.cockpit.url, apis: { productOrder: TMF622_BASE_PATH, productCatalog: TMF620_BASE_PATH, admin: ADMIN_BASE_PATH } },
      api: { orders, payments, serviceOrders: serviceOrders.store, resourceOrders: resourceOrders.store, fallouts, engine, pools: poolLevels(resources.collection as never), unfrozen: (id) => ordering.unfrozen(id), resolved: (id) => fallout.resolved(id), cases: infra.servicenow, log },
    });

    // What Ordo does, in the order the routes are mounted.
    const features: Capability[] = [
      extensionSchemasModule(extensions),
      opsConsole,
      catalogModule(catalog, href),
      ordering,
      cancelling,
      inventoryModule({ resources, orders, reservationTtlMs: config.inventory.reservationTtlMs, sweepMs: config.inventory.sweepMs, log }),
      paying,
      fallout,
      cpqModule({ orders, salesforce: infra.salesforce, inbound }),
      decompositionModule({ orders, catalog, resources, serviceOrders, resourceOrders, products, services, activation: activation.gateway, publicUrl: href }),
      customersModule(customers, href, log),
      signUpsModule(signUps, { records: customers.records, users: customers.users, notifications, otpTtlMs: config.signUp.otpTtlMs }),
      carts,
      notificationsModule(notifications, href),
    ];
    for (const c of features) if (c.eventFormats) hub.acceptFormats(c.eventFormats);
    const events = eventsModule({ db: db.db, client: db.client, producer: infra.producer, hub, topicPrefix: config.kafka.topicPrefix, pollMs: config.outbox.pollMs, resources: checkedEventResources(features), views: features.flatMap((c) => c.views ?? []), log });
    const operations = operationsModule({
      db: db.db,
      engine,
      producer: infra.producer,
      state: { orders: orders.collection as never, resources: resources.collection, payments: payments.payments.collection, carts: db.db.collection('shoppingCart'), fallouts: fallouts.collection as never, hubDeliveries: hub.deliveries as never, hubListeners: hub.listeners, outboxLagSeconds: () => events.relay.oldestPendingAgeSeconds() },
      metricsToken: config.metrics.token,
      log,
    });
    // Events first: they stop last, once nothing queues any more. Their views and formats come from the features.
    const capabilities: Capability[] = [events, operations, ...features];

    app.use(traceRequests);
    app.use(timeRequests);
    app.use(securityHeaders);
    app.use(auditLog(db.db, log));
    for (const capability of capabilities) capability.mountUnauthenticated?.(app);
    app.use(securityGate({ ...config.auth, issuer: authIssuer }, config.auth.enabled ? issuerKeys(authIssuer) : undefined, log, jsonBody));
    app.use(noTrailingSlash);
    // Browsers ask for it on the API docs pages; there is none.
    app.get('/favicon.ico', (_req, res) => void res.status(204).end());
    for (const capability of capabilities) capability.mount?.(app, hub);
    app.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', 'No such resource', `${req.method} ${req.path} is not served`)));
    app.use(errorHandler(log));
    log.info('ordo listening', { baseUrl, publicUrl });

    const background = capabilities.flatMap((c) => (c.background ?? []).map((part): [string, Runnable] => [c.name, part]));
    for (const [, part] of background) part.run();
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
      relay: events.relay,
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
          // Capabilities in reverse; within one, in its own order (the relay before the hub it hands events to).
          ...[...capabilities].reverse().flatMap((c) => background.filter(([name]) => name === c.name)).map(([name, part]): [string, () => Promise<unknown>] => [name, () => part.stop()]),
          ['infrastructure', () => infra.close()],
        ];
        for (const [name, step] of steps) {
          await step().catch((err: Error) => log.warn('error while closing', { component: name, error: err.message }));
        }
      },
    };
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
}

/** A store, once its indexes exist. */
async function indexed<T extends { ensureIndexes(): Promise<void> }>(store: T): Promise<T> {
  await store.ensureIndexes();
  return store;
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });
}
