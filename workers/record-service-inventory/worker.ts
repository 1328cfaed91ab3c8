import { recordServiceOrderInInventory, type InventoryRecordingDeps } from '../../engine/technical-orders/record-inventory.js';
import { defineWorker } from '../runtime/define-worker.js';
import { serviceOrderIdInput } from '../runtime/technical-order-variables.js';

export const recordServiceInventoryWorker = (deps: InventoryRecordingDeps) =>
  defineWorker({
    type: 'record-service-inventory',
    name: 'Record services in inventory',
    description: "Writes a completed service order to the service inventory (TMF638): each added service active, supported by the resources its resource orders provided; each deleted service terminated. Repeating it changes nothing.",
    input: { type: 'object', required: ['serviceOrderId'], properties: { serviceOrderId: serviceOrderIdInput } },
    output: { type: 'object', required: ['serviceIds'], properties: { serviceIds: { type: 'array', items: { type: 'string' }, title: 'Services', description: 'TMF638 service ids.' } } },
    handler: async (input) => ({ serviceIds: await recordServiceOrderInInventory(deps, input.serviceOrderId) }),
  });
