import type { Collection, Document } from 'mongodb';
import type { ProcessEngine } from './process-engine.js';

/** Where ops staff see an instance: the engine's UI (Cockpit). */
export type InstanceLinks = Pick<ProcessEngine, 'instanceUrl'>;
export const noInstanceLinks: InstanceLinks = { instanceUrl: () => undefined };

/**
 * The process instance as an order shows it (TMF extension attributes `processInstanceKey` and
 * `processInstanceUrl`, the instance in Cockpit) and as Ordo keeps it (`_ordo.process`).
 */
export function processInstanceFields(links: InstanceLinks, key: string): Record<string, string> {
  const url = links.instanceUrl(key);
  return {
    '_ordo.process.processInstanceKey': key,
    processInstanceKey: key,
    ...(url ? { processInstanceUrl: url } : {}),
  };
}

/** Records an order's process instance if it is not known yet (the starter records it; jobs make sure); later calls change nothing. */
export async function recordProcessInstance(orders: Collection<Document & { _id: string }>, links: InstanceLinks, orderId: string, key: string): Promise<void> {
  await orders.updateOne({ _id: orderId, '_ordo.process.processInstanceKey': { $exists: false } }, { $set: processInstanceFields(links, key) });
}
