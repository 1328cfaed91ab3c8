import { recordUnitInInventory, type InventoryRecordingDeps } from '../../engine/technical-orders/record-inventory.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';

export const recordProductInventoryWorker = (deps: InventoryRecordingDeps) =>
  defineWorker({
    type: 'record-product-inventory',
    name: 'Record product in inventory',
    description:
      "Writes the item's outcome to the product inventory (TMF637): add creates the product, active, with its characteristics and numbers, realised by the services its service orders created and the resources it holds; delete terminates the product named by the item and gives its numbers back. Repeating it changes nothing.",
    input: unitJobInput,
    output: { type: 'object', required: ['productId'], properties: { productId: { type: ['string', 'null'], title: 'Product', description: 'The TMF637 product id.' } } },
    handler: async (input) => ({ productId: (await recordUnitInInventory(deps, input.orderId, input.unitId)) ?? null }),
  });
