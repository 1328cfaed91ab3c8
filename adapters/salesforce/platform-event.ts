import type { OrderUpdate } from '../../engine/cpq/cpq-system.js';
import type { OrderNotification } from './salesforce-api.js';

/** The `Ordo_Order_Notification__e` Platform Event that tells Salesforce of an order update. */
export function platformEventOf(update: OrderUpdate): OrderNotification {
  return {
    Notification_Id__c: update.id,
    Notification_Type__c: update.type,
    Salesforce_Order_Id__c: update.cpqOrderId,
    ...(update.itemId ? { Order_Item_Id__c: update.itemId } : {}),
    Ordo_Order_Id__c: update.ordoOrderId,
    ...(update.reason ? { Status_Reason__c: update.reason } : {}),
    Occurred_At__c: update.occurredAt.toISOString(),
    Details__c: JSON.stringify({ state: update.orderState, href: update.orderHref, ...(update.itemId ? { itemState: update.itemState } : {}) }),
  };
}
