import { cpqWorkers } from '../../workers/index.js';
import type { Router } from 'express';
import type { Capability } from '../capability.js';
import type { OrderStore } from '../orders/order-store.js';
import type { CpqSystem } from './cpq-system.js';

/** The CPQ (Salesforce): the orders it submits (its adapter's inbound route: its field names, its auth), and how they go. */
export function cpqModule(deps: { orders: OrderStore; salesforce: CpqSystem | undefined; inbound: Router | undefined }): Capability {
  const { inbound } = deps;
  return {
    name: 'cpq',
    ...(inbound ? { mount: (app) => void app.use(inbound) } : {}),
    workers: cpqWorkers(deps),
  };
}
