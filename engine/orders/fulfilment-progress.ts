import { unitsFields, type FulfilmentUnit } from './fulfilment.js';
import type { StateChangeResult } from './change-order-state.js';
import type { OrderStore } from './order-store.js';
import type { ProductOrderItem } from './product-order.js';
import { withOrdoNote } from './order-notes.js';
import { finishingFrom } from './freeze-record.js';
import { rewriteOrder } from './rewrite-order.js';
import { canMoveOrder, ProductOrderItemState, ProductOrderState, terminalItemStates, terminalOrderStates } from './states.js';

const I = ProductOrderItemState;

/** The state a unit's process reports: under way, or how it ended. */
export type UnitState = typeof I.inProgress | typeof I.completed | typeof I.failed;


/** An item's state from its units': failed if one failed and all ended, completed if all completed. */
function itemStateOf(units: FulfilmentUnit[]): ProductOrderItemState {
  const states = units.map((u) => u.state ?? I.acknowledged);
  if (states.every((s) => s === I.completed)) return I.completed;
  if (states.every((s) => s === I.completed || s === I.failed)) return I.failed;
  return states.some((s) => s !== I.acknowledged) ? I.inProgress : I.acknowledged;
}


/**
 * A unit's process reports progress (inProgress) or its end (completed / failed, with a reason).
 * The unit's item moves with it: a plain item takes the unit's state, a bundle item is completed
 * when all its parts are and failed when all have ended and one failed. Repeating a report is a
 * no-op; an order or item already ended (cancelled, say) is not moved.
 */
export async function recordUnitState(orders: OrderStore, orderId: string, unitId: string, state: UnitState, reason?: string): Promise<{ result: StateChangeResult; itemId: string | undefined }> {
  let itemId: string | undefined;
  const result = await rewriteOrder(orders, orderId, (order, meta) => {
    const units = meta.fulfilment ?? [];
    const index = units.findIndex((u) => u.unitId === unitId);
    if (index < 0) return { refused: `order ${orderId} has no fulfilment unit ${unitId}` };
    const unit = units[index] as FulfilmentUnit;
    itemId = unit.itemId;
    if (terminalOrderStates.includes(order.state)) return { refused: `order ${orderId} is ${order.state}` };
    if (unit.state === state) return { next: order };
    if (unit.state === I.completed || unit.state === I.failed) return { refused: `unit ${unitId} already ${unit.state}` };
    const nextUnits = units.map((u, i) => (i === index ? { ...u, state, ...(reason ? { reason } : {}) } : u));
    const moved = (item: ProductOrderItem): ProductOrderItem => {
      const own = nextUnits.filter((u) => u.itemId === item.id || u.parentItemId === item.id);
      const affected = item.id === unit.itemId || item.id === unit.parentItemId;
      const nested = Array.isArray(item['productOrderItem']) ? { productOrderItem: (item['productOrderItem'] as ProductOrderItem[]).map(moved) } : {};
      if (!affected || terminalItemStates.includes(item.state)) return { ...item, ...nested };
      return { ...item, ...nested, state: itemStateOf(own) };
    };
    // Why an item failed is the integrator's to read: a note on the order, in the same write.
    const note = state === I.failed && reason ? withOrdoNote(order, `Item ${unit.itemId}${unitId === unit.itemId ? '' : ` (${unitId})`} failed: ${reason}`) : undefined;
    return { next: { ...order, productOrderItem: order.productOrderItem.map(moved), ...(note ? { note } : {}) }, set: { ...unitsFields(nextUnits), ...(note ? { note } : {}) } };
  });
  return { result, itemId };
}

/**
 * The order ends from its items: completed when every item completed, failed when every item
 * failed, partial otherwise. Items with nothing to do (`noChange`) complete with the order; items
 * whose process never reported an end count as failed.
 */
export function finishOrder(orders: OrderStore, orderId: string): Promise<StateChangeResult> {
  return rewriteOrder(orders, orderId, (order) => {
    if (terminalOrderStates.includes(order.state)) return { next: order };
    const ended = (item: ProductOrderItem): ProductOrderItem => {
      const nested = Array.isArray(item['productOrderItem']) ? { productOrderItem: (item['productOrderItem'] as ProductOrderItem[]).map(ended) } : {};
      return terminalItemStates.includes(item.state) ? { ...item, ...nested } : { ...item, ...nested, state: item.action === 'noChange' ? I.completed : I.failed };
    };
    const items = order.productOrderItem.map(ended);
    const counted = items.filter((i) => i.action !== 'noChange');
    const state = counted.every((i) => i.state === I.completed) ? ProductOrderState.completed : counted.every((i) => i.state !== I.completed) ? ProductOrderState.failed : ProductOrderState.partial;
    if (!canMoveOrder(finishingFrom(order.state), state)) return { refused: `order ${orderId} cannot move from ${order.state} to ${state}` };
    return { next: { ...order, state, productOrderItem: items, completionDate: new Date().toISOString() } };
  });
}
