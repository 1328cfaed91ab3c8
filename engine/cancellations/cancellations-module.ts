import { cancellationWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import type { Logger } from '../observability/logger.js';
import { CANCEL_PRODUCT_ORDER_EVENTS, TMF622_BASE_PATH } from '../orders/tmf622.js';
import type { OrderStore } from '../orders/order-store.js';
import { MessageNotifier } from '../process/message-notifier.js';
import { PeriodicTask } from '../process/periodic-task.js';
import type { ProcessEngine } from '../process/process-engine.js';
import type { CancelStore } from './cancel-store.js';
import { cancelOrderMessages, type CancellationDeps } from './request-cancellation.js';
import { cancelProductOrderRoutes } from './routes.js';
import { superviseCancellations } from './supervise-cancellations.js';

/** How often open cancellations are checked against their order (ms). */
const SUPERVISE_EVERY_MS = 30_000;

/** TMF622 cancelProductOrder: the API, the order process's cancellation step, and the supervision of open cancellations. */
export function cancellationsModule(deps: { orders: OrderStore; cancellations: CancelStore; publicUrl: string; engine: ProcessEngine; messages: { pollMs: number; messageTtlMs: number }; log: Logger }): Capability & { routeDeps: CancellationDeps } {
  const { orders, cancellations, log } = deps;
  const notifier = new MessageNotifier(cancelOrderMessages(cancellations), deps.engine, deps.messages, log);
  const routeDeps: CancellationDeps = { orders, cancellations, publicUrl: deps.publicUrl, notify: (id) => notifier.kick(id) };
  return {
    name: 'cancellations',
    mount: (app) => void app.use(TMF622_BASE_PATH, cancelProductOrderRoutes(routeDeps)),
    events: CANCEL_PRODUCT_ORDER_EVENTS,
    workers: cancellationWorkers(deps),
    onceDeployed: [notifier],
    periodic: [new PeriodicTask('supervising cancellations', SUPERVISE_EVERY_MS, () => superviseCancellations(orders, cancellations, log), log)],
    routeDeps,
  };
}
