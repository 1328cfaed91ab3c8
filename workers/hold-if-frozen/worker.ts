import { frozenKeyOf } from '../../engine/orders/freeze-record.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';

export const holdIfFrozenWorker = (deps: { orders: OrderStore }) =>
  defineWorker({
    type: 'hold-if-frozen',
    name: 'Hold if frozen',
    description:
      'A safe point: tells whether the client has frozen the order (Salesforce Freeze Order Request). frozen: the model waits for message order-unfrozen (matched on the variable freezeKey), which Ordo delivers when the order is unfrozen.',
    input: { type: 'object', required: ['orderId'], properties: { orderId: orderIdInput } },
    output: {
      type: 'object',
      required: ['frozen', 'freezeKey'],
      properties: {
        frozen: { type: 'boolean', title: 'Frozen', description: 'The order is frozen: wait for order-unfrozen.' },
        freezeKey: { type: 'string', title: 'Freeze key', description: 'Correlation key of order-unfrozen for this freeze (empty when not frozen).' },
      },
    },
    handler: async (input) => {
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      const key = frozenKeyOf(order);
      return key ? { frozen: true, freezeKey: key } : { frozen: false, freezeKey: '' };
    },
  });
