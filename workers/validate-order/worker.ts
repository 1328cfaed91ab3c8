import type { Catalog } from '../../engine/catalog/catalog-service.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { validateOrder, type CustomerCheck } from '../../engine/orders/validate-order.js';
import { defineWorker } from '../runtime/define-worker.js';
import { instanceRecorded } from '../../engine/process/process-instance.js';
import { orderIdInput } from '../runtime/order-variables.js';

export const validateOrderWorker = (deps: { orders: OrderStore; catalog: Catalog; checkCustomer: CustomerCheck | undefined }) =>
  defineWorker({
    type: 'validate-order',
    name: 'Validate order',
    description: 'Checks the order before fulfilment: every item can still be fulfilled as the catalog stands now (orderValid, rejectionReason), and the order names its customer, one Ordo keeps and that may order (with ORDO_CUSTOMER_CHECK=registered), its billing account when the customer has several, and each item its offering (missingInformation: attributes to ask the client for). fulfilment: the units to fulfil, as the order now stands.',
    input: { type: 'object', required: ['orderId'], properties: { orderId: orderIdInput } },
    output: {
      type: 'object',
      required: ['orderValid', 'rejectionReason', 'missingInformation', 'fulfilment'],
      properties: { orderValid: { type: 'boolean' }, rejectionReason: { type: 'string' }, missingInformation: { type: 'string' }, fulfilment: { type: 'array', items: { type: 'object' } } },
    },
    handler: async (input, job) => {
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      if (!instanceRecorded(order._ordo)) await deps.orders.recordProcessInstance(input.orderId, job.processInstanceKey);
      const { customerParty, ...validation } = await validateOrder(order, deps.catalog, deps.checkCustomer);
      // Placed for the customer by someone else (a CPQ, the back office): the customer's tokens see it too.
      if (customerParty && !order._ordo.party) await deps.orders.adoptParty(input.orderId, customerParty, order._ordo.revision);
      // Items given their offering after the order was accepted have units now: the process takes them from here.
      // Spread into plain records: the output schema says only that a unit is an object, and TypeScript
      // does not take an interface (FulfilmentUnit) for a plain record.
      return { ...validation, fulfilment: (order._ordo.fulfilment ?? []).map((unit) => ({ ...unit })) };
    },
  });
