import { confirmResource } from '../../engine/inventory/confirm-release.js';
import { advancePortIn, PortInState } from '../../engine/inventory/port-in.js';
import type { ResourceStore } from '../../engine/inventory/resource-store.js';
import { heldResources } from '../../engine/orders/order-resources.js';
import { productIdFor } from '../../engine/technical-orders/identities.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';

export const confirmResourcesWorker = (deps: { orders: OrderStore; resources: ResourceStore }) =>
  defineWorker({
    type: 'confirm-resources',
    name: 'Confirm resources',
    description: 'On activation: every resource the item reserved moves to in use, linked to the product the item creates (characteristic productId, the TMF637 product id), and no longer expires; a ported-in number completes its port-in.',
    input: unitJobInput,
    output: { type: 'object', required: ['confirmedResources'], properties: { confirmedResources: { type: 'array', items: { type: 'string' }, title: 'Confirmed', description: 'Ids of the resources now in use.' } } },
    handler: async (input) => {
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      // The product the unit creates in the product inventory (TMF637), named before it is recorded.
      const productId = productIdFor(input.orderId, input.unitId);
      const confirmed: string[] = [];
      for (const held of heldResources(order, input.unitId)) {
        if (held.ported) {
          await advancePortIn(deps.resources, held.key, PortInState.confirmed);
          await advancePortIn(deps.resources, held.key, PortInState.completed);
        }
        const resource = await confirmResource(deps.resources, held.key, { productId });
        if (!resource) throw new Error(`${held.role} ${held.number} of order ${input.orderId} is no longer held (reservation expired or released)`);
        confirmed.push(resource.id);
      }
      return { confirmedResources: confirmed };
    },
  });
