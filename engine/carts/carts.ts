import { PeriodicTask } from '../process/periodic-task.js';
import { cartWorkers } from '../../workers/index.js';
import type { Capability, Runnable } from '../capability.js';
import type { Db, MongoClient } from 'mongodb';
import type { Express } from 'express';
import type { Config } from '../config/config.js';
import type { Hub } from '../events/hub.js';
import { hubRoutes } from '../events/hub-routes.js';
import type { Logger } from '../observability/logger.js';
import { trySettleAbandoned } from '../payments/abandon-payment.js';
import { MessageNotifier } from '../process/message-notifier.js';
import { ProcessStarter } from '../process/process-starter.js';
import type { ProcessEngine } from '../process/process-engine.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import type { AbandonmentDeps } from './abandonment.js';
import { cartMessages, cartStarts, idleLifetimeMs } from './cart-messages.js';
import { CartStore } from './cart-store.js';
import { continueCheckout, type CheckoutDeps } from './checkout.js';
import { NumberHoldLimits } from './number-hold-limits.js';
import type { NumberDeps } from './cart-numbers.js';
import { shoppingCartRoutes } from './routes.js';
import { SHOPPING_CART_EVENTS, TMF663_API, TMF663_BASE_PATH, tmf663 } from './tmf663.js';

/** How often tombstones of deleted carts are purged once their delete event is out (ms). */
const PURGE_EVERY_MS = 60_000;
/** How often unfinished checkouts (a crash, a lost provider callback) are taken up again (ms). */
const SWEEP_EVERY_MS = 5_000;
/** How soon a message the cart's process did not take yet is offered again (ms, doubling up to 10 s). */
const SIGNAL_RETRY_MS = 500;

export interface CartSettings {
  db: Db;
  client: MongoClient;
  dbName: string;
  engine: ProcessEngine;
  config: Config['carts'];
  process: { retryMs: number; leaseMs: number; messageTtlMs: number };
  publicUrl: () => string;
  /** What carts use of the catalog, inventory, customers, payments and orders. */
  uses: Pick<CheckoutDeps, 'customers' | 'resources' | 'payments' | 'provider' | 'webhookUrl' | 'order' | 'checkCustomer' | 'reservationTtlMs' | 'paymentConfirmationTimeoutMs'> & Pick<NumberDeps, 'catalog'>;
  notifications: AbandonmentDeps['notifications'];
  log: Logger;
}

/** The shopping-cart capability: TMF663 carts, number choice, checkout, and each cart's abandoned-cart process. */
export interface Carts extends Capability {
  store: CartStore;
  /** What the cart workers need. */
  abandonment: AbandonmentDeps;
  mount(app: Express, hub: Hub): void;
  /** A provider callback decided a checkout's payment: the checkout goes on now. */
  paymentDecided(cartId: string): void;
  run(): void;
  stop(): Promise<void>;
}

/**
 * Each abandoned checkout payment due for a try is settled at the provider (see abandon-payment.ts);
 * one that fails is tried again later, one handed to a person is no longer due.
 */
async function settleAbandonedPayments(deps: CheckoutDeps): Promise<void> {
  const provider = deps.provider;
  if (!provider) return;
  for (const payment of await deps.payments.abandonedDue(new Date(), 50)) await trySettleAbandoned({ ...deps, provider }, payment);
}

export async function openCarts(settings: CartSettings): Promise<Carts> {
  const { config, log } = settings;
  const store = new CartStore(settings.db, settings.publicUrl);
  await store.ensureIndexes();
  const timings = { firstReminderAfterMs: config.firstReminderAfterMs, secondReminderAfterMs: config.secondReminderAfterMs, expireAfterMs: config.expireAfterMs };
  const starter = new ProcessStarter(cartStarts(store, timings), settings.engine, { retryMs: settings.process.retryMs, leaseMs: settings.process.leaseMs }, log);
  const notifier = new MessageNotifier(cartMessages(store), settings.engine, { pollMs: Math.min(settings.process.retryMs, SIGNAL_RETRY_MS), messageTtlMs: settings.process.messageTtlMs }, log);
  const limits = new NumberHoldLimits(settings.client, settings.dbName, { perCart: config.holdsPerCart, perCustomer: config.holdsPerCustomer, atOncePerCustomer: config.holdsAtOncePerCustomer, searchesPerCustomer: config.searchesPerCustomer, anonymousCartsPerIp: config.anonymousCartsPerIp });
  const deps: CheckoutDeps & { limits: NumberHoldLimits } = {
    ...settings.uses,
    carts: store,
    maxItems: config.maxItems,
    idleLifetimeMs: idleLifetimeMs(timings),
    start: (id) => starter.kick(id),
    signal: (id) => notifier.kick(id),
    limits,
    log,
  };
  // Checkouts going on in the background: stop() waits for them, so none writes after a close.
  const goingOn = new Set<Promise<void>>();
  const goOn = (cartId: string, poll = false) => {
    const step = continueCheckout(deps, cartId, poll)
      .then(
        () => undefined,
        (err: Error) => void log.warn('checkout could not go on yet; the sweep retries it', { cartId, error: err.message }),
      )
      .finally(() => goingOn.delete(step));
    goingOn.add(step);
  };
  const sweep = new PeriodicTask('sweeping unfinished checkouts', SWEEP_EVERY_MS, async () => (await store.dueCheckouts(new Date(), 50, deps.paymentConfirmationTimeoutMs)).forEach((cart) => goOn(cart._id, true)), log);
  const settle = new PeriodicTask('settling abandoned checkout payments', SWEEP_EVERY_MS, () => settleAbandonedPayments(deps), log);
  const background: Runnable = {
    run() {
      starter.run();
      notifier.run();
    },
    async stop() {
      await Promise.allSettled(goingOn);
      await starter.stop();
      await notifier.stop();
    },
  };
  const abandonment: AbandonmentDeps = { carts: store, resources: settings.uses.resources, notifications: settings.notifications, customers: settings.uses.customers, timings, link: config.link };
  return {
    name: 'carts',
    store,
    abandonment,
    events: SHOPPING_CART_EVENTS,
    workers: cartWorkers(abandonment),
    onceDeployed: [background],
    // Checkouts and their payments need no process: they go on while the engine is down.
    periodic: [sweep, settle, new PeriodicTask('purging deleted shopping carts', PURGE_EVERY_MS, () => store.purgeDeleted(), log)],
    ...background,
    mount(app, hub) {
      app.use(TMF663_BASE_PATH, apiDocsRoutes('TMF663-ShoppingCart-v4.0.0.swagger.json', TMF663_BASE_PATH, settings.publicUrl()));
      app.use(TMF663_BASE_PATH, hubRoutes(hub, TMF663_API, tmf663, () => `${settings.publicUrl()}${TMF663_BASE_PATH}`));
      app.use(TMF663_BASE_PATH, shoppingCartRoutes(deps));
    },
    paymentDecided: (cartId) => goOn(cartId),
  };
}
