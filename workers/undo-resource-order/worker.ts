import { undoResourceOrder, type ResourceActivationDeps } from '../../engine/activation/resource-activation.js';
import { defineWorker } from '../runtime/define-worker.js';
import { resourceOrderIdInput } from '../runtime/technical-order-variables.js';

export const undoResourceOrderWorker = (deps: ResourceActivationDeps) =>
  defineWorker({
    type: 'undo-resource-order',
    name: 'Undo resource order',
    description: 'Switches off on the network, last first, what this resource order switched on (after a failure or a cancellation). Repeating it is harmless.',
    input: { type: 'object', required: ['resourceOrderId'], properties: { resourceOrderId: resourceOrderIdInput } },
    output: { type: 'object', required: ['undoneItems'], properties: { undoneItems: { type: 'array', items: { type: 'string' }, title: 'Undone', description: 'The items switched off.' } } },
    handler: async (input, job) => ({ undoneItems: await undoResourceOrder(deps, input.resourceOrderId, job.signal) }),
  });
