import { ActivationRejectedError } from '../../engine/activation/activation-gateway.js';
import { carryOutResourceItem, ResourceItemInvalidError, type ResourceActivationDeps } from '../../engine/activation/resource-activation.js';
import { defineWorker } from '../runtime/define-worker.js';
import { resourceOrderIdInput } from '../runtime/technical-order-variables.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

/** The network refused the item for good: the resource order fails (no retry helps). */

export const activateResourceWorker = (deps: ResourceActivationDeps) =>
  defineWorker({
    type: 'activate-resource',
    name: 'Activate resource',
    description:
      "Carries out one resource order item on the network as its resource specification's networkActivation says: a mobile subscriber (the item's number with the SIM of the item it depends on, on the HLR/HSS) or a broadband line; delete switches it off; resources without networkActivation need nothing. Idempotent per order and item. A number the network has on another SIM goes to people (FALLOUT); any other refusal fails the order (RESOURCE_ITEM_REJECTED); a gateway that keeps failing goes to people when the task header onFailure is fallout.",
    input: {
      type: 'object',
      required: ['resourceOrderId', 'resourceOrderItemId'],
      properties: {
        resourceOrderId: resourceOrderIdInput,
        resourceOrderItemId: { type: 'string', minLength: 1, title: 'Item', description: 'The resource order item (multi-instance over itemIds, which lists them dependencies first).' },
      },
    },
    output: { type: 'object', required: ['activated'], properties: { activated: { type: 'boolean', title: 'Activated', description: 'Whether something was switched on in the network.' } } },
    errors: {
      [BpmnErrorCode.fallout]: 'The network refuses the item in a way people can settle (variables failedStep, falloutError).',
      [BpmnErrorCode.resourceItemRejected]: 'The network refuses the item for good (variable rejection).',
    },
    handler: async (input, job) => {
      try {
        const result = await carryOutResourceItem(deps, input.resourceOrderId, input.resourceOrderItemId, job.signal);
        return { activated: result.activated ?? false };
      } catch (err) {
        if (err instanceof ActivationRejectedError && err.status === 409) {
          const reason = `item ${input.resourceOrderItemId}: the network refuses it (${err.code}: ${err.message})`;
          throw new BusinessError(BpmnErrorCode.fallout, reason, { failedStep: job.elementId, falloutError: reason });
        }
        if (err instanceof ResourceItemInvalidError || (err instanceof ActivationRejectedError && err.status >= 400 && err.status < 500 && err.status !== 429)) {
          const rejection = err instanceof ResourceItemInvalidError ? err.message : `item ${input.resourceOrderItemId}: ${err.message}`;
          throw new BusinessError(BpmnErrorCode.resourceItemRejected, rejection, { rejection });
        }
        throw err;
      }
    },
  });
