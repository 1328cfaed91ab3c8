import { inventoryWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import type { Logger } from '../observability/logger.js';
import type { OrderStore } from '../orders/order-store.js';
import { PeriodicTask } from '../process/periodic-task.js';
import { releaseExpired } from './confirm-release.js';
import type { ResourceStore } from './resource-store.js';
import { resourceInventoryRoutes } from './routes.js';
import { RESOURCE_EVENTS, TMF639_BASE_PATH } from './tmf639.js';

/** TMF639 numbers and SIM cards: the API, the steps that hold, confirm and give them back, and the sweep of expired holds. */
export function inventoryModule(deps: { resources: ResourceStore; orders: OrderStore; reservationTtlMs: number; sweepMs: number; log: Logger }): Capability {
  const { resources, log } = deps;
  return {
    name: 'inventory',
    mount: (app) => void app.use(TMF639_BASE_PATH, resourceInventoryRoutes(resources)),
    events: RESOURCE_EVENTS,
    workers: inventoryWorkers(deps),
    periodic: [new PeriodicTask('releasing expired reservations', deps.sweepMs, () => releaseExpired(resources, new Date(), log), log)],
  };
}
