import { cpqWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import type { OrderStore } from '../orders/order-store.js';
import type { CpqSystem } from './cpq-system.js';

/** The CPQ (Salesforce): told how the orders it submitted go. Its inbound route belongs to its adapter, which the composition root mounts. */
export function cpqModule(deps: { orders: OrderStore; salesforce: CpqSystem | undefined }): Capability {
  return { name: 'cpq', workers: cpqWorkers(deps) };
}
