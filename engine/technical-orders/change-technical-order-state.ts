import type { Document } from 'mongodb';
import { withEvents } from '../events/outbox.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { canMoveOrder, terminalItemStates, terminalOrderStates, type ProductOrderItemState, type ProductOrderState } from '../orders/states.js';
import { technicalOrderStateChangedEvent } from './technical-order-events.js';
import { instanceRecorded, instanceUnrecorded } from '../process/process-instance.js';
import type { TechnicalOrderStore } from './technical-order-store.js';
import { itemsOf, type ItemResult, type TechnicalOrder, type TechnicalOrderMeta } from './technical-order.js';

export interface TechnicalStateChange {
  state: ProductOrderState;
  /** Why (a failure): a note on the order and the event's description. */
  reason?: string;
  /** The process instance making the change: recorded on the order, in the same write, if the starter has not yet. */
  processInstanceKey?: string;
}

export type TechnicalStateResult =
  | { outcome: 'changed' | 'unchanged'; order: TechnicalOrder }
  | { outcome: 'not-found' }
  | { outcome: 'refused'; order: TechnicalOrder; reason: string };

/** The item state an order's new state implies for items that have not ended themselves. */
const itemStateAtEnd: Partial<Record<ProductOrderState, ProductOrderItemState>> = { completed: 'completed', failed: 'failed', cancelled: 'cancelled', rejected: 'rejected', inProgress: 'inProgress' };

/**
 * Moves a service or resource order (and its items) along TMF's order state machine, with the state
 * change event in the same write. An order that ends and was decomposed from a parent owes the
 * parent's process a message (`finishNotifyPending`). Repeating a change is a no-op.
 */
export async function changeTechnicalOrderState(store: TechnicalOrderStore, id: string, change: TechnicalStateChange): Promise<TechnicalStateResult> {
  const { itemsField } = store.kind;
  return retryOnRace(`${store.kind.typeName} ${id}`, async () => {
    const stored = await store.findStored(id);
    if (!stored) return { outcome: 'not-found' };
    const { _id, _ordo, ...rest } = stored;
    const current = rest as TechnicalOrder;
    const unrecordedInstance = instanceRecorded(_ordo) ? undefined : change.processInstanceKey;
    const withInstanceRecorded = async <T>(answer: T): Promise<T> => {
      if (unrecordedInstance) await store.recordProcessInstance(id, unrecordedInstance);
      return answer;
    };
    if (!canMoveOrder(current.state, change.state)) return withInstanceRecorded({ outcome: 'refused', order: current, reason: `${store.kind.typeName} ${id} cannot move from ${current.state} to ${change.state}` });
    const next = applied(current, change, itemsField);
    const statesMoved = next.state !== current.state || JSON.stringify(itemsOf(next, itemsField).map((i) => i.state)) !== JSON.stringify(itemsOf(current, itemsField).map((i) => i.state));
    if (!statesMoved) return withInstanceRecorded({ outcome: 'unchanged', order: current });
    const ended = terminalOrderStates.includes(next.state) && !terminalOrderStates.includes(current.state);
    const set: Record<string, unknown> = { state: next.state, [itemsField]: next[itemsField], ...(unrecordedInstance ? store.processInstanceFields(unrecordedInstance) : {}) };
    if (next.completionDate) set['completionDate'] = next.completionDate;
    if (next.note) set['note'] = next.note;
    if (ended && _ordo.parent) set['_ordo.finishNotifyPending'] = true;
    const update = withEvents({ $set: set }, [technicalOrderStateChangedEvent(store.kind, next, change.reason)]);
    return (await store.updateAtRevision(id, _ordo.revision, update, unrecordedInstance ? instanceUnrecorded : {})) ? { outcome: 'changed', order: next } : LOST_RACE;
  });
}

function applied(order: TechnicalOrder, change: TechnicalStateChange, itemsField: string): TechnicalOrder {
  const target = itemStateAtEnd[change.state];
  const items = itemsOf(order, itemsField).map((item) => {
    if (!target || terminalItemStates.includes(item.state)) return item;
    return { ...item, state: target };
  });
  const finished = terminalOrderStates.includes(change.state) && !terminalOrderStates.includes(order.state);
  const note = change.reason && finished ? [...(order.note ?? []), { text: change.reason, date: new Date().toISOString(), author: 'Ordo' }] : order.note;
  return { ...order, state: change.state, [itemsField]: items, ...(finished ? { completionDate: new Date().toISOString() } : {}), ...(note ? { note } : {}) };
}

/**
 * Records what an item did; a repeated job replaces its own earlier record. One round trip: an
 * update cannot pull from and push to one array, so it is two ordered updates in one command.
 */
export async function recordItemResult(store: TechnicalOrderStore, id: string, result: Omit<ItemResult, 'at'>): Promise<void> {
  await store.collection.bulkWrite([
    { updateOne: { filter: { _id: id }, update: { $pull: { '_ordo.results': { itemId: result.itemId } } } as Document } },
    { updateOne: { filter: { _id: id }, update: { $push: { '_ordo.results': { ...result, at: new Date() } } } as Document } },
  ]);
}

export const resultOf = (meta: TechnicalOrderMeta, itemId: string): ItemResult | undefined => meta.results?.find((r) => r.itemId === itemId);
