import { createResourceOrdersForServiceOrder, type DecompositionDeps } from '../../engine/technical-orders/decompose.js';
import { defineWorker } from '../runtime/define-worker.js';
import { serviceOrderIdInput } from '../runtime/technical-order-variables.js';

export const createResourceOrdersWorker = (deps: DecompositionDeps) =>
  defineWorker({
    type: 'create-resource-orders',
    name: 'Create resource orders',
    description:
      "Decomposes a service order into a TMF652 resource order: for add, an item per resource its service specifications name (using the numbers the product order reserved), with the catalog's dependencies as item relationships; for delete, the resources supporting the service, in reverse. Created once; it sends message resource-order-finished (to the receive task whose resourceOrderId is its id) when it ends.",
    input: { type: 'object', required: ['serviceOrderId'], properties: { serviceOrderId: serviceOrderIdInput } },
    output: {
      type: 'object',
      required: ['resourceOrderIds'],
      properties: { resourceOrderIds: { type: 'array', items: { type: 'string' }, title: 'Resource orders', description: 'Ids of the resource orders (none when the services need no resources).' } },
    },
    handler: async (input) => ({ resourceOrderIds: await createResourceOrdersForServiceOrder(deps, input.serviceOrderId) }),
  });
