import { NOTIFICATION_TYPES, type NotificationType } from '../../adapters/salesforce/salesforce-api.js';
import type { SalesforceClient } from '../../adapters/salesforce/salesforce-client.js';
import { isFromSalesforce } from '../../engine/cpq/salesforce-order-mapping.js';
import { orderNotification } from '../../engine/cpq/salesforce-notification.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { unitOf } from '../../engine/orders/order-resources.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput, unitIdInput } from '../runtime/order-variables.js';

export const notifySalesforceWorker = (deps: { orders: OrderStore; salesforce: SalesforceClient | undefined }) =>
  defineWorker<{ orderId: string; unitId?: string; reason?: string; notification?: string }, { notified: boolean }, { notification: string }>({
    type: 'notify-salesforce',
    name: 'Notify Salesforce',
    description:
      "Tells Salesforce CPQ how an order it submitted (or one of its items, given the unit) moves on: a Platform Event per notification type named in the header, each with an id derived from order, type and item so a repeat is one to Salesforce. Orders from other channels are not notified. OAuth client credentials, token refreshed on expiry; retried with backoff, then an incident: a notification is never dropped.",
    input: {
      type: 'object',
      required: ['orderId'],
      properties: {
        orderId: orderIdInput,
        unitId: { ...unitIdInput, description: 'For item notifications: the item (or bundle part) concerned; empty for order notifications.' },
        reason: { type: 'string', title: 'Reason', description: 'Status reason sent with it (default for rejections: the last note on the order).' },
        notification: { type: 'string', title: 'Notification (expression)', description: 'Overrides the header when the type depends on the run, e.g. =if orderState = "failed" then "OrderRejected" else "OrderActivated".' },
      },
    },
    headers: {
      type: 'object',
      required: ['notification'],
      properties: {
        notification: { type: 'string', title: 'Notification', description: `One or more (comma-separated) of ${NOTIFICATION_TYPES.join(', ')}.` },
      },
    },
    output: { type: 'object', required: ['notified'], properties: { notified: { type: 'boolean', title: 'Notified', description: 'False when the order did not come from Salesforce.' } } },
    handler: async (input, job) => {
      const types = (input.notification || job.headers.notification).split(',').map((t) => t.trim());
      const unknown = types.filter((t) => !(NOTIFICATION_TYPES as readonly string[]).includes(t));
      if (unknown.length) throw new Error(`unknown notification type ${unknown.join(', ')} in the task header`);
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      if (!isFromSalesforce(order)) return { notified: false };
      if (!deps.salesforce) throw new Error('order came from Salesforce but no Salesforce connection is configured (ORDO_SALESFORCE_LOGIN_URL)');
      const itemId = input.unitId ? unitOf(order, input.unitId).item.id : undefined;
      for (const type of types as NotificationType[]) await deps.salesforce.sendNotification(orderNotification(order, type, itemId, input.reason), job.signal);
      return { notified: true };
    },
  });
