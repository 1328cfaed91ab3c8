import { CancelState } from '../../engine/cancellations/cancel-request.js';
import { ProductOrderState } from '../../engine/orders/states.js';
import type { ObjectSchema, Variables } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';

/** The update-cancel-request contract: its element template, its validation and its TypeScript types. */
export const input = {
  type: 'object',
  required: ['cancelId', 'orderId'],
  properties: {
    cancelId: { type: 'string', minLength: 1, title: 'Cancellation id', description: 'Id of the cancelProductOrder task (from the cancel-order message).' },
    orderId: orderIdInput,
  },
} as const satisfies ObjectSchema;

export const headers = {
  type: 'object',
  required: ['state'],
  properties: {
    state: { type: 'string', enum: Object.values(CancelState), title: 'Cancellation state', description: 'The TMF622 task state the cancellation moves to.' },
    orderState: { type: 'string', enum: Object.values(ProductOrderState), title: 'Order state', description: 'State the order moves to at the same step, e.g. pendingCancellation when the cancellation is accepted (optional).' },
    reason: { type: 'string', title: 'Reason', description: 'Why the cancellation failed (with state terminatedWithError).' },
  },
} as const satisfies ObjectSchema;

export const output = { type: 'object', required: ['cancelState'], properties: { cancelState: { type: 'string', enum: Object.values(CancelState) } } } as const satisfies ObjectSchema;

export type UpdateCancelRequestInput = Variables<typeof input>;
export type UpdateCancelRequestHeaders = Variables<typeof headers>;
export type UpdateCancelRequestOutput = Variables<typeof output>;
