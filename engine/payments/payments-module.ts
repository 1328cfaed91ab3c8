import { paymentWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import { hubRoutes } from '../events/hub-routes.js';
import type { Logger } from '../observability/logger.js';
import type { OrderStore } from '../orders/order-store.js';
import { MessageNotifier } from '../process/message-notifier.js';
import type { ProcessEngine } from '../process/process-engine.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import { paymentResultMessages } from './payment-result.js';
import type { PaymentProvider } from './payment-provider.js';
import type { PaymentStore } from './payment-store.js';
import { paymentManagementRoutes } from './routes.js';
import { TMF676_API, TMF676_BASE_PATH, tmf676 } from './tmf676.js';

export interface PaymentsSettings {
  payments: PaymentStore;
  orders: OrderStore;
  provider: PaymentProvider | undefined;
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
    mount(app, hub) {
      app.use(TMF676_BASE_PATH, apiDocsRoutes('TMF676-Payment-v4.0.0.swagger.json', TMF676_BASE_PATH, settings.publicUrl()));
      app.use(TMF676_BASE_PATH, hubRoutes(hub, TMF676_API, tmf676, () => `${settings.publicUrl()}${TMF676_BASE_PATH}`));
      app.use(TMF676_BASE_PATH, paymentManagementRoutes(settings.payments));
    },
    workers: paymentWorkers(settings),
    onceDeployed: [results],
    resultArrived: (paymentId) => results.kick(paymentId),
  };
}
