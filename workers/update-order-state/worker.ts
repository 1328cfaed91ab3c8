import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { headers, input, output } from './schemas.js';
import { updateOrderState } from './update-order-state.js';

export const updateOrderStateWorker = (deps: { orders: OrderStore }) =>
  defineWorker({
    type: 'update-order-state',
    name: 'Update order state',
    description: 'Moves the TMF622 product order (and its open items) to a new state and emits ProductOrderStateChangeEvent when the order state changes (ProductOrderAttributeValueChangeEvent when only items move).',
    input,
    headers,
    output,
    errors: { ORDER_STATE_CONFLICT: 'The order is in a state that does not allow this change (e.g. already cancelled).' },
    handler: (input, job) => updateOrderState(deps.orders, input, job),
  });
