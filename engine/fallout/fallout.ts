import type { InstanceLinks } from '../process/process-instance.js';
import type { Collection, Db, Document } from 'mongodb';
import type { FalloutResolution, IncidentDesk } from './incident-desk.js';
import type { MessageSource } from '../process/message-notifier.js';
import type { OrderStore } from '../orders/order-store.js';
import type { StoredOrder } from '../orders/order-record.js';
import { changeOrderState } from '../orders/change-order-state.js';
import { ProductOrderState } from '../orders/states.js';

/** Published (key: the fallout id) when the case is resolved; the item's process waits for it. */
export const FALLOUT_RESOLVED_MESSAGE = 'fallout-resolved';

/** One hand-over of a failed step to people: a case at the incident desk, and what they decided. */
export interface Fallout {
  /** `<order>:<unit>:<step>:<attempt>`; the case's fallout id (ServiceNow's correlation_id). */
  _id: string;
  orderId: string;
  unitId: string;
  step: string;
  attempt: number;
  /** The job that opened it: a repeated job finds its own case. */
  jobKey: string;
  error: string;
  openedAt: Date;
  /** The desk's case (stored under ServiceNow's names). */
  incident?: { sysId: string; number: string };
  resolution?: FalloutResolution;
  resolutionNotes?: string;
  resolvedAt?: Date;
  /** Set by the resolution write until the process has been told. */
  notifyPending?: true;
  closedAt?: Date;
}

export class FalloutStore {
  readonly collection: Collection<Fallout>;

  constructor(db: Db) {
    this.collection = db.collection<Fallout>('fallout');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ orderId: 1, unitId: 1 });
    await this.collection.createIndex({ jobKey: 1 }, { unique: true });
    await this.collection.createIndex({ notifyPending: 1 }, { sparse: true });
  }
}

export interface FalloutDeps {
  orders: OrderStore;
  fallouts: FalloutStore;
  /** The incident desk; undefined when no ServiceNow instance is configured. */
  servicenow: IncidentDesk | undefined;
  /** Where the step's process instance is seen (Cockpit), linked from the case. */
  links: InstanceLinks;
}

/**
 * Opens (once per job: a repeated job finds its own) the case for a step that people must
 * settle, with what they need: order, item, step, error, links to the order and to its process instance (Cockpit).
 */
export async function openFalloutCase(deps: FalloutDeps, order: StoredOrder, unitId: string, itemId: string, step: string, error: string, job: { jobKey: string; processInstanceKey: string }, signal?: AbortSignal): Promise<Fallout & { incident: { sysId: string; number: string } }> {
  if (!deps.servicenow) throw new Error('a step needs a person but no ServiceNow instance is configured (ORDO_SERVICENOW_URL)');
  let fallout = await deps.fallouts.collection.findOne({ jobKey: job.jobKey });
  if (!fallout) {
    const attempt = (await deps.fallouts.collection.countDocuments({ orderId: order.id, unitId, step })) + 1;
    const candidate: Fallout = { _id: `${order.id}:${unitId}:${step}:${attempt}`, orderId: order.id, unitId, step, attempt, jobKey: job.jobKey, error, openedAt: new Date() };
    try {
      await deps.fallouts.collection.insertOne(candidate);
      fallout = candidate;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      fallout = await deps.fallouts.collection.findOne({ jobKey: job.jobKey });
      if (!fallout) throw err;
    }
  }
  if (fallout.incident) return fallout as Fallout & { incident: { sysId: string; number: string } };
  const processUrl = deps.links.instanceUrl(job.processInstanceKey);
  const opened = await deps.servicenow.openCase(
    {
      falloutId: fallout._id,
      title: `Order ${order.externalId ?? order.id}: ${step} failed for item ${itemId}`,
      description: `Ordo could not complete "${step}" for item ${itemId} of order ${order.id} and hands it to you.\n\nError: ${error}`,
      orderId: order.id,
      itemId,
      failedStep: step,
      error,
      orderUrl: order.href,
      ...(processUrl ? { processUrl } : {}),
    },
    signal,
  );
  const recorded = { sysId: opened.id, number: opened.number };
  await deps.fallouts.collection.updateOne({ _id: fallout._id }, { $set: { incident: recorded } });
  await holdForPeople(deps.orders, order.id);
  return { ...fallout, incident: recorded };
}

/** While people work on a case the order is `held`; a finished or cancelling order is left alone. */
async function holdForPeople(orders: OrderStore, orderId: string): Promise<void> {
  const order = await orders.findStored(orderId);
  if (order?.state === ProductOrderState.inProgress) await changeOrderState(orders, orderId, { state: ProductOrderState.held });
}

/** Once no case of the order is open, a held order goes on (a frozen one stays held until unfrozen). */
export async function resumeAfterPeople(deps: Pick<FalloutDeps, 'orders' | 'fallouts'>, orderId: string): Promise<void> {
  if ((await deps.fallouts.collection.countDocuments({ orderId, resolution: { $exists: false } })) > 0) return;
  const order = await deps.orders.findStored(orderId);
  if (order?.state === ProductOrderState.held) await changeOrderState(deps.orders, orderId, { state: ProductOrderState.inProgress });
}

/** The resolution from the desk (or the console), recorded once; false when it was recorded before (a repeated webhook). */
export async function recordResolution(fallouts: FalloutStore, falloutId: string, resolution: FalloutResolution, notes: string | undefined): Promise<'recorded' | 'duplicate' | 'closed' | 'unknown'> {
  const result = await fallouts.collection.updateOne(
    // A case closed without one (its item ended another way, e.g. the order was cancelled) takes none: no process waits for it.
    { _id: falloutId, resolution: { $exists: false }, closedAt: { $exists: false } },
    { $set: { resolution, ...(notes ? { resolutionNotes: notes } : {}), resolvedAt: new Date(), notifyPending: true } },
  );
  if (result.modifiedCount === 1) return 'recorded';
  const existing = await fallouts.collection.findOne({ _id: falloutId }, { projection: { resolution: 1, closedAt: 1 } });
  return !existing ? 'unknown' : existing.resolution ? 'duplicate' : 'closed';
}

/** When the item ends, its open cases are closed with the outcome (repeating this is harmless). */
export async function closeFalloutCases(deps: FalloutDeps, orderId: string, unitId: string, outcome: string, signal?: AbortSignal): Promise<number> {
  const open = await deps.fallouts.collection.find({ orderId, unitId, closedAt: { $exists: false } }).toArray();
  let closed = 0;
  for (const fallout of open) {
    if (fallout.incident && deps.servicenow) {
      const notes = `Ordo: ${fallout.resolution ? `resolution "${fallout.resolution}" applied; ` : ''}the order item ended ${outcome}.`;
      await deps.servicenow.closeCase(fallout.incident.sysId, outcome === 'completed', notes, signal);
    }
    await deps.fallouts.collection.updateOne({ _id: fallout._id }, { $set: { closedAt: new Date() } });
    closed++;
  }
  return closed;
}

/** Tells waiting processes the resolution (see MessageNotifier); the webhook's write marks the fallout. */
export function falloutResolvedMessages(fallouts: FalloutStore): MessageSource<Fallout> {
  return {
    // The notifier reads fallouts as plain documents keyed by a string id.
    collection: fallouts.collection as unknown as Collection<Document & { _id: string }>,
    pendingField: 'notifyPending',
    what: 'fallout resolved',
    messageOf: (f) => ({
      name: FALLOUT_RESOLVED_MESSAGE,
      target: { variables: { falloutId: f._id } },
      variables: { resolution: f.resolution!, resolutionNotes: f.resolutionNotes ?? '' },
      logFields: { orderId: f.orderId, unitId: f.unitId, falloutId: f._id, resolution: f.resolution },
    }),
    stillAsPublished: (f) => ({ resolution: f.resolution }),
  };
}
