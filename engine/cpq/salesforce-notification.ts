import type { NotificationType, OrderNotification } from '../../adapters/salesforce/salesforce-api.js';
import type { StoredOrder } from '../orders/order-store.js';

/**
 * The Platform Event Ordo sends for one step of an order (or of one item). Its id is derived from
 * the order, the step and the item, so a notification sent twice (a retried job) is one to Salesforce.
 */
export function orderNotification(order: StoredOrder, type: NotificationType, itemId: string | undefined, reason: string | undefined): OrderNotification {
  const notes = Array.isArray(order['note']) ? (order['note'] as { text?: string }[]) : [];
  const statusReason = reason || (type.endsWith('Rejected') ? notes.at(-1)?.text : undefined);
  return {
    Notification_Id__c: [order.id, type, ...(itemId ? [itemId] : [])].join(':'),
    Notification_Type__c: type,
    Salesforce_Order_Id__c: String(order.externalId ?? ''),
    ...(itemId ? { Order_Item_Id__c: itemId } : {}),
    Ordo_Order_Id__c: order.id,
    ...(statusReason ? { Status_Reason__c: statusReason } : {}),
    Occurred_At__c: new Date().toISOString(),
    Details__c: JSON.stringify({ state: order.state, href: order.href, ...(itemId ? { itemState: order.productOrderItem.find((i) => i.id === itemId)?.state } : {}) }),
  };
}
