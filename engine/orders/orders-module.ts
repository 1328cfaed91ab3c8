import { orderWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import type { CancellationDeps } from '../cancellations/request-cancellation.js';
import type { Catalog } from '../catalog/catalog-service.js';
import { hubRoutes } from '../events/hub-routes.js';
import type { FalloutDeps } from '../fallout/fallout.js';
import type { Logger } from '../observability/logger.js';
import { MessageNotifier } from '../process/message-notifier.js';
import { PeriodicTask } from '../process/periodic-task.js';
import type { ProcessEngine } from '../process/process-engine.js';
import { ProcessStarter } from '../process/process-starter.js';
import { productOrderStarts } from './order-process.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import type { ExtensionSchemas } from '../tmf/extension-schemas.js';
import { unfreezeMessages } from './freeze-order.js';
import { orderInformationMessages } from './order-information.js';
import type { OrderStore } from './order-store.js';
import type { CustomerCheck } from './validate-order.js';
import { productOrderRoutes, type ProductOrderRouteDeps } from './routes.js';
import { PRODUCT_ORDER_EVENTS, TMF622_API, TMF622_BASE_PATH, tmf622 } from './tmf622.js';
import { productOrderV5Routes } from './v5/routes-v5.js';
import { TMF622_V5_BASE_PATH, TMF622_V5_FORMAT, tmf622v5 } from './v5/tmf622-v5.js';
import { eventToV5 } from './v5/v5-model.js';

/** The process every product order runs (its message start event receives `order-received`). */
export const ORDER_PROCESS_ID = 'product-order';
/** How often tombstones of deleted orders are purged once their delete event is out (ms). */
const PURGE_EVERY_MS = 60_000;

export interface OrdersSettings {
  orders: OrderStore;
  catalog: Catalog;
  extensions: ExtensionSchemas;
  publicUrl: string;
  engine: ProcessEngine;
  process: { retryMs: number; leaseMs: number; messageTtlMs: number };
  /** 422 unless the order can be paid as it says. */
  assertPayable: ProductOrderRouteDeps['assertPayable'];
  checkCustomer: CustomerCheck | undefined;
  /** What the item steps hand to fallout. */
  fallout: Omit<FalloutDeps, 'orders'>;
  /** TMF622 v5 serves cancellations beside its orders. */
  cancellations: CancellationDeps;
  log: Logger;
}

export interface Orders extends Capability {
  /** What placing, patching and reading orders needs (the cart checkout and the CPQ inbound route place orders too). */
  routeDeps: ProductOrderRouteDeps;
  starter: ProcessStarter;
  /** A frozen order was released: its process goes on now. */
  unfrozen(orderId: string): void;
}

/** TMF622 product orders (v4 and v5): the API and hub, the start of each order's process, its messages, its steps, and the purge of deleted orders. */
export function ordersModule(settings: OrdersSettings): Orders {
  const { orders, engine, log } = settings;
  const messages = { pollMs: settings.process.retryMs, messageTtlMs: settings.process.messageTtlMs };
  const starter = new ProcessStarter(productOrderStarts(orders), engine, { retryMs: settings.process.retryMs, leaseMs: settings.process.leaseMs }, log);
  const information = new MessageNotifier(orderInformationMessages(orders), engine, messages, log);
  const unfreeze = new MessageNotifier(unfreezeMessages(orders), engine, messages, log);
  const routeDeps: ProductOrderRouteDeps = {
    orders,
    extensions: settings.extensions,
    publicUrl: settings.publicUrl,
    selectFulfilment: settings.catalog.select,
    bpmnProcessId: ORDER_PROCESS_ID,
    startProcess: (id) => starter.kick(id),
    informationMayHaveArrived: (id) => information.kick(id),
    assertPayable: settings.assertPayable,
    checkCustomer: settings.checkCustomer,
  };
  const publicUrl = settings.publicUrl;
  return {
    name: 'orders',
    mount(app, hub) {
      app.use(TMF622_BASE_PATH, apiDocsRoutes('TMF622-ProductOrder-v4.0.0.swagger.json', TMF622_BASE_PATH, publicUrl));
      app.use(TMF622_BASE_PATH, hubRoutes(hub, TMF622_API, tmf622, () => `${publicUrl}${TMF622_BASE_PATH}`));
      app.use(TMF622_BASE_PATH, productOrderRoutes(routeDeps));
      app.use(TMF622_V5_BASE_PATH, apiDocsRoutes('TMF622-ProductOrdering-v5.0.0.oas.yaml', TMF622_V5_BASE_PATH, publicUrl));
      app.use(TMF622_V5_BASE_PATH, hubRoutes(hub, TMF622_API, tmf622v5, () => `${publicUrl}${TMF622_V5_BASE_PATH}`, { inputDefinition: 'Hub_FVO', format: TMF622_V5_FORMAT, answerExtras: { '@type': 'Hub' } }));
      app.use(TMF622_V5_BASE_PATH, productOrderV5Routes({ ...routeDeps, ...settings.cancellations }));
    },
    events: PRODUCT_ORDER_EVENTS,
    eventFormats: { [TMF622_V5_FORMAT]: eventToV5 },
    workers: orderWorkers({ orders, catalog: settings.catalog, checkCustomer: settings.checkCustomer, ...settings.fallout }),
    onceDeployed: [starter, information, unfreeze],
    periodic: [new PeriodicTask('purging deleted orders', PURGE_EVERY_MS, () => orders.purgeDeleted(), log)],
    routeDeps,
    starter,
    unfrozen: (id) => unfreeze.kick(id),
  };
}
