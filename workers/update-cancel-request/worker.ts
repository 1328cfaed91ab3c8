import type { CancelStore } from '../../engine/cancellations/cancel-store.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { headers, input, output } from './schemas.js';
import { updateCancelRequest } from './update-cancel-request.js';

export const updateCancelRequestWorker = (deps: { orders: OrderStore; cancellations: CancelStore }) =>
  defineWorker({
    type: 'update-cancel-request',
    name: 'Update cancellation request',
    description: 'Moves the TMF622 cancelProductOrder task to a new state (emitting CancelProductOrderStateChangeEvent), and optionally the order with it.',
    input,
    headers,
    output,
    errors: { ORDER_STATE_CONFLICT: 'The order is in a state that does not allow this change.' },
    handler: (input, job) => updateCancelRequest(deps, input, job),
  });
