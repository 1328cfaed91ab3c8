import { releaseResource } from '../../engine/inventory/confirm-release.js';
import type { ResourceStore } from '../../engine/inventory/resource-store.js';
import { heldResources } from '../../engine/orders/order-resources.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput, unitIdInput } from '../runtime/order-variables.js';

export const releaseResourcesWorker = (deps: { orders: OrderStore; resources: ResourceStore }) =>
  defineWorker({
    type: 'release-resources',
    name: 'Release resources',
    description: "Compensation: returns what the item (or, without a unit, the order's unfinished items) holds in the inventory to its pool; a ported-in number is suspended, never pooled. Releasing twice is harmless.",
    input: {
      type: 'object',
      required: ['orderId'],
      properties: {
        orderId: orderIdInput,
        unitId: { ...unitIdInput, description: 'The item or bundle part whose resources go back; empty: all of the order\'s.' },
        reason: { type: 'string', title: 'Reason', description: 'Why (kept with the resource).' },
      },
    },
    output: { type: 'object', required: ['releasedResources'], properties: { releasedResources: { type: 'array', items: { type: 'string' }, title: 'Released', description: 'Ids of the resources returned.' } } },
    handler: async (input, job) => {
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      const released: string[] = [];
      // Order-wide (cancellation): what completed items have in service stays theirs.
      const inService = new Set((order._ordo.fulfilment ?? []).filter((u) => u.state === 'completed').map((u) => u.unitId));
      const toRelease = input.unitId ? heldResources(order, input.unitId) : heldResources(order).filter((h) => !inService.has(h.unitId));
      for (const held of toRelease) {
        const resource = await releaseResource(deps.resources, held.key, input.reason || `released by ${job.bpmnProcessId}/${job.elementId}`);
        if (resource) released.push(resource.id);
      }
      return { releasedResources: released };
    },
  });
