import { ORDER_UPDATE_TYPES, type CpqSystem, type OrderUpdateType } from '../../engine/cpq/cpq-system.js';
import { isFromCpq, orderUpdate } from '../../engine/cpq/order-updates.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { unitOf } from '../../engine/orders/order-resources.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput, unitIdInput } from '../runtime/order-variables.js';

export const notifySalesforceWorker = (deps: { orders: OrderStore; salesforce: CpqSystem | undefined }) =>
  defineWorker({
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
        notification: { type: 'string', title: 'Notification', description: `One or more (comma-separated) of ${ORDER_UPDATE_TYPES.join(', ')}.` },
      },
    },
    output: { type: 'object', required: ['notified'], properties: { notified: { type: 'boolean', title: 'Notified', description: 'False when the order did not come from Salesforce.' } } },
    handler: async (input, job) => {
      const types = (input.notification || job.headers.notification).split(',').map((t) => t.trim());
      const unknown = types.filter((t) => !(ORDER_UPDATE_TYPES as readonly string[]).includes(t));
      if (unknown.length) throw new Error(`unknown notification type ${unknown.join(', ')} in the task header`);
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      if (!isFromCpq(order)) return { notified: false };
      if (!deps.salesforce) throw new Error('order came from Salesforce but no Salesforce connection is configured (ORDO_SALESFORCE_LOGIN_URL)');
      const itemId = input.unitId ? unitOf(order, input.unitId).item.id : undefined;
      for (const type of types as OrderUpdateType[]) await deps.salesforce.sendOrderUpdate(orderUpdate(order, type, itemId, input.reason), job.signal);
      return { notified: true };
    },
  });
