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

/**
 * What a write that records the instance requires of the order: none recorded yet. The starter
 * records it without moving the revision, so a revision-checked write must say so itself.
 */
export const instanceUnrecorded = { '_ordo.process.processInstanceKey': { $exists: false } } as const;

/** Whether an order (its `_ordo`) has its process instance recorded. */
export const instanceRecorded = (meta: { process: { processInstanceKey?: string } }): boolean => meta.process.processInstanceKey !== undefined;

/** Records an order's process instance if it is not known yet (the starter records it; jobs make sure); later calls change nothing. */
export async function recordProcessInstance(orders: Collection<Document & { _id: string }>, links: InstanceLinks, orderId: string, key: string): Promise<void> {
  await orders.updateOne({ _id: orderId, ...instanceUnrecorded }, { $set: processInstanceFields(links, key) });
}
