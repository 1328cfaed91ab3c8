import type { OrderStore } from '../engine/orders/order-store.js';
import type { CancelStore } from '../engine/cancellations/cancel-store.js';
import { updateCancelRequestWorker } from './update-cancel-request/worker.js';
import type { AnyWorker } from './runtime/define-worker.js';
import { updateOrderStateWorker } from './update-order-state/worker.js';
import { requestOrderInformationWorker } from './request-order-information/worker.js';

export interface WorkerDependencies {
  orders: OrderStore;
  cancellations: CancelStore;
}

/** Every worker Ordo runs. A new worker is added here and gets its element template from `ordo templates`. */
export function allWorkers(deps: WorkerDependencies): AnyWorker[] {
  return [updateOrderStateWorker(deps), updateCancelRequestWorker(deps), requestOrderInformationWorker(deps)];
}
