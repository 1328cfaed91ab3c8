import { CancelState } from '../../engine/cancellations/cancel-request.js';
import type { CancelStore } from '../../engine/cancellations/cancel-store.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { ProductOrderState } from '../../engine/orders/states.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';
import { updateCancelRequest, type UpdateCancelRequestHeaders, type UpdateCancelRequestInput, type UpdateCancelRequestOutput } from './update-cancel-request.js';

export const updateCancelRequestWorker = (deps: { orders: OrderStore; cancellations: CancelStore }) =>
  defineWorker<UpdateCancelRequestInput, UpdateCancelRequestOutput, UpdateCancelRequestHeaders>({
    type: 'update-cancel-request',
    name: 'Update cancellation request',
    description: 'Moves the TMF622 cancelProductOrder task to a new state (emitting CancelProductOrderStateChangeEvent), and optionally the order with it.',
    input: {
      type: 'object',
      required: ['cancelId', 'orderId'],
      properties: {
        cancelId: { type: 'string', minLength: 1, title: 'Cancellation id', description: 'Id of the cancelProductOrder task (from the cancel-order message).' },
        orderId: orderIdInput,
      },
    },
    headers: {
      type: 'object',
      required: ['state'],
      properties: {
        state: { type: 'string', enum: Object.values(CancelState), title: 'Cancellation state', description: 'The TMF622 task state the cancellation moves to.' },
        orderState: { type: 'string', enum: Object.values(ProductOrderState), title: 'Order state', description: 'State the order moves to at the same step (optional).' },
        reason: { type: 'string', title: 'Reason', description: 'Why the cancellation failed (with state terminatedWithError).' },
      },
    },
    output: { type: 'object', required: ['cancelState'], properties: { cancelState: { type: 'string', enum: Object.values(CancelState) } } },
    errors: { ORDER_STATE_CONFLICT: 'The order is in a state that does not allow this change.' },
    handler: (input, job) => updateCancelRequest(deps, input, job),
  });
