import type { OrderStore } from '../engine/orders/order-store.js';
import type { AnyWorker } from './runtime/define-worker.js';
import { updateOrderStateWorker } from './update-order-state/worker.js';

export interface WorkerDependencies {
  orders: OrderStore;
}

/** Every worker Ordo runs. A new worker is added here and gets its element template from `ordo templates`. */
export function allWorkers(deps: WorkerDependencies): AnyWorker[] {
  return [updateOrderStateWorker(deps)];
}
