import { createServiceOrdersForUnit, type DecompositionDeps } from '../../engine/technical-orders/decompose.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';

export const createServiceOrdersWorker = (deps: DecompositionDeps) =>
  defineWorker({
    type: 'create-service-orders',
    name: 'Create service orders',
    description:
      "Decomposes the order item (or bundle part) into TMF641 service orders, as the catalog says: for add, one per customer-facing service of its product specification, with the product's characteristics and reserved numbers; for delete, one per active service of the product being disconnected. Created once per item however often the job runs; each runs its own process and, when it ends, sends message service-order-finished to the receive task whose serviceOrderId is its id.",
    input: unitJobInput,
    output: {
      type: 'object',
      required: ['serviceOrderIds'],
      properties: { serviceOrderIds: { type: 'array', items: { type: 'string' }, title: 'Service orders', description: 'Ids of the service orders; wait for each (multi-instance over serviceOrderIds).' } },
    },
    handler: async (input) => ({ serviceOrderIds: await createServiceOrdersForUnit(deps, input.orderId, input.unitId) }),
  });
