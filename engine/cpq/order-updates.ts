import type { StoredOrder } from '../orders/order-record.js';
import { CPQ_CHANNEL, type OrderUpdate, type OrderUpdateType } from './cpq-system.js';

/**
 * What Ordo tells the CPQ for one step of an order (or of one item). Its id is derived from the
 * order, the step and the item, so an update sent twice (a retried job) is one to the CPQ.
 */
export function orderUpdate(order: StoredOrder, type: OrderUpdateType, itemId: string | undefined, reason: string | undefined): OrderUpdate {
  const notes = Array.isArray(order['note']) ? (order['note'] as { text?: string }[]) : [];
  const statusReason = reason || (type.endsWith('Rejected') ? notes.at(-1)?.text : undefined);
  return {
    id: [order.id, type, ...(itemId ? [itemId] : [])].join(':'),
    type,
    cpqOrderId: String(order.externalId ?? ''),
    ...(itemId ? { itemId } : {}),
    ordoOrderId: order.id,
    ...(statusReason ? { reason: statusReason } : {}),
    occurredAt: new Date(),
    orderState: order.state,
    orderHref: order.href,
    ...(itemId ? { itemState: order.productOrderItem.find((i) => i.id === itemId)?.state } : {}),
  };
}

/** An order the CPQ submitted (only these are reported back to it). */
export const isFromCpq = (order: object) => {
  const channel = (order as { channel?: unknown }).channel;
  return Array.isArray(channel) && channel.some((c) => (c as { id?: unknown }).id === CPQ_CHANNEL.id);
};
