import { paymentWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import { hubRoutes } from '../events/hub-routes.js';
import type { Logger } from '../observability/logger.js';
import type { OrderStore } from '../orders/order-store.js';
import { MessageNotifier } from '../process/message-notifier.js';
import type { ProcessEngine } from '../process/process-engine.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import { paymentResultMessages } from './payment-result.js';
import type { Db } from 'mongodb';
import type { PaymentProvider, PaymentWebhook } from './payment-provider.js';
import type { PaymentStore } from './payment-store.js';
import { paymentManagementRoutes } from './routes.js';
import { paymentWebhookRoutes } from './webhook-routes.js';
import { PAYMENT_EVENTS, TMF676_API, TMF676_BASE_PATH, tmf676 } from './tmf676.js';

export interface PaymentsSettings {
  payments: PaymentStore;
  orders: OrderStore;
  provider: PaymentProvider | undefined;
  /** Reads the provider's signed callbacks. */
  webhook: PaymentWebhook;
  /** Where callbacks already taken are remembered (a replay is answered, not applied again). */
  db: Db;
  /** A callback about a shopping cart's checkout payment: the checkout goes on now. */
  checkoutDecided: (cartId: string) => void;
  webhookUrl: () => string;
  paymentConfirmationTimeoutMs: number;
  engine: ProcessEngine;
  messages: { pollMs: number; messageTtlMs: number };
  publicUrl: () => string;
  log: Logger;
}

/** TMF676 payments and refunds: the API, the steps that collect and refund, and the results the provider's callbacks bring. */
export function paymentsModule(settings: PaymentsSettings): Capability & { resultArrived(paymentId: string): void } {
  const results = new MessageNotifier(paymentResultMessages(settings.payments), settings.engine, settings.messages, settings.log);
  return {
    name: 'payments',
    mountUnauthenticated(app) {
      // Before the JSON parser: the callback's signature covers the raw bytes.
      app.use(paymentWebhookRoutes({ payments: settings.payments, webhook: settings.webhook, decided: (id) => results.kick(id), checkoutDecided: settings.checkoutDecided, log: settings.log }, settings.db.collection('paymentWebhookEvent')));
    },
    mount(app, hub) {
      app.use(TMF676_BASE_PATH, apiDocsRoutes('TMF676-Payment-v4.0.0.swagger.json', TMF676_BASE_PATH, settings.publicUrl()));
      app.use(TMF676_BASE_PATH, hubRoutes(hub, TMF676_API, tmf676, () => `${settings.publicUrl()}${TMF676_BASE_PATH}`));
      app.use(TMF676_BASE_PATH, paymentManagementRoutes(settings.payments));
    },
    events: PAYMENT_EVENTS,
    workers: paymentWorkers(settings),
    onceDeployed: [results],
    resultArrived: (paymentId) => results.kick(paymentId),
  };
}
