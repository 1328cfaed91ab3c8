import { CancelState } from '../../engine/cancellations/cancel-request.js';
import { finishCancellation } from '../../engine/technical-orders/cancel-technical-order.js';
import { changeTechnicalOrderState } from '../../engine/technical-orders/change-technical-order-state.js';
import type { TechnicalOrders } from '../../engine/technical-orders/technical-orders.js';
import { defineWorker } from '../runtime/define-worker.js';
import { technicalOrderTypeInput } from '../runtime/technical-order-variables.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

export const updateTechnicalOrderStateWorker = (deps: { serviceOrders: TechnicalOrders; resourceOrders: TechnicalOrders }) =>
  defineWorker({
    type: 'update-technical-order-state',
    name: 'Update service/resource order state',
    description:
      'Moves a service order (TMF641) or resource order (TMF652) and its items to inProgress, completed, failed (with a reason, kept as a note) or cancelled (which also ends its cancel task), with the state change event. An order decomposed from a parent then tells the parent (message service-order-finished / resource-order-finished).',
    input: {
      type: 'object',
      required: ['orderType', 'technicalOrderId'],
      properties: {
        orderType: technicalOrderTypeInput,
        technicalOrderId: { type: 'string', minLength: 1, title: 'Order id', description: 'Id of the service or resource order.' },
        reason: { type: 'string', title: 'Reason', description: 'Why it failed.' },
      },
    },
    headers: {
      type: 'object',
      required: ['state'],
      properties: { state: { type: 'string', enum: ['inProgress', 'completed', 'failed', 'cancelled'], title: 'State', description: 'What the process reports.' } },
    },
    output: { type: 'object', required: ['technicalOrderState'], properties: { technicalOrderState: { type: 'string' } } },
    errors: { ORDER_STATE_CONFLICT: 'The order has already ended, or is being cancelled, and cannot take this state.' },
    handler: async (input, job) => {
      const orders = input.orderType === 'serviceOrder' ? deps.serviceOrders : deps.resourceOrders;
      const { state } = job.headers;
      // A cancelled order passes through pendingCancellation (set when the cancellation was requested).
      const result = await changeTechnicalOrderState(orders.store, input.technicalOrderId, { state, processInstanceKey: job.processInstanceKey, ...(input.reason ? { reason: input.reason } : {}) });
      if (result.outcome === 'not-found') throw new Error(`${orders.kind.resource} ${input.technicalOrderId} does not exist`);
      if (result.outcome === 'refused') throw new BusinessError(BpmnErrorCode.orderStateConflict, result.reason, { orderState: result.order.state });
      if (state === 'cancelled') await finishCancellation({ orders: orders.store, cancels: orders.cancels }, input.technicalOrderId, CancelState.done);
      // An order that ended owes its parent's process a message: deliver it now rather than at the next sweep.
      if (result.outcome === 'changed') orders.parentMayWait(input.technicalOrderId);
      return { technicalOrderState: result.order.state };
    },
  });
