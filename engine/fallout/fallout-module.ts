import { falloutWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import type { Logger } from '../observability/logger.js';
import type { OrderStore } from '../orders/order-store.js';
import { MessageNotifier } from '../process/message-notifier.js';
import type { ProcessEngine } from '../process/process-engine.js';
import type { InstanceLinks } from '../process/process-instance.js';
import { falloutResolvedMessages, type FalloutStore } from './fallout.js';
import type { IncidentDesk } from './incident-desk.js';
import { servicenowResolutionRoutes } from './resolution-routes.js';

/** Fallout: steps people must look at become cases at the incident desk (ServiceNow), and their resolutions carry the process on. */
export function falloutModule(deps: { orders: OrderStore; fallouts: FalloutStore; servicenow: IncidentDesk | undefined; links: InstanceLinks; engine: ProcessEngine; messages: { pollMs: number; messageTtlMs: number }; log: Logger }): Capability & { resolved(caseId: string): void } {
  const notifier = new MessageNotifier(falloutResolvedMessages(deps.fallouts), deps.engine, deps.messages, deps.log);
  const resolved = (caseId: string) => notifier.kick(caseId);
  const { servicenow } = deps;
  return {
    name: 'fallout',
    ...(servicenow ? { mount: (app) => void app.use(servicenowResolutionRoutes({ orders: deps.orders, fallouts: deps.fallouts, servicenow, resolved, log: deps.log })) } : {}),
    workers: falloutWorkers(deps),
    onceDeployed: [notifier],
    resolved,
  };
}
