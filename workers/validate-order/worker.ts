import type { Catalog } from '../../engine/catalog/catalog-service.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { validateOrder, type OrderValidation } from '../../engine/orders/validate-order.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';

export const validateOrderWorker = (deps: { orders: OrderStore; catalog: Catalog }) =>
  defineWorker<{ orderId: string }, OrderValidation>({
    type: 'validate-order',
    name: 'Validate order',
    description: 'Checks the order before fulfilment: every item can still be fulfilled as the catalog stands now (orderValid, rejectionReason), and the order names its customer (missingInformation: attributes to ask the client for).',
    input: { type: 'object', required: ['orderId'], properties: { orderId: orderIdInput } },
    output: {
      type: 'object',
      required: ['orderValid', 'rejectionReason', 'missingInformation'],
      properties: { orderValid: { type: 'boolean' }, rejectionReason: { type: 'string' }, missingInformation: { type: 'string' } },
    },
    handler: async (input, job) => {
      const order = await deps.orders.findById(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      await deps.orders.recordProcessInstance(input.orderId, job.processInstanceKey);
      return validateOrder(order, deps.catalog);
    },
  });
