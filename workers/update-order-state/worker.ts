import { ProductOrderItemState, ProductOrderState } from '../../engine/orders/states.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';
import { updateOrderState, type UpdateOrderStateHeaders, type UpdateOrderStateInput, type UpdateOrderStateOutput } from './update-order-state.js';

export const updateOrderStateWorker = (deps: { orders: OrderStore }) =>
  defineWorker<UpdateOrderStateInput, UpdateOrderStateOutput, UpdateOrderStateHeaders>({
    type: 'update-order-state',
    name: 'Update order state',
    description: 'Moves the TMF622 product order (and its open items) to a new state and emits ProductOrderStateChangeEvent when the order state changes (ProductOrderAttributeValueChangeEvent when only items move).',
    input: {
      type: 'object',
      required: ['orderId'],
      properties: {
        orderId: orderIdInput,
        note: { type: 'string', title: 'Note', description: 'Kept on the order as a note from Ordo, e.g. why it was rejected (optional).' },
      },
    },
    headers: {
      type: 'object',
      required: ['state'],
      properties: {
        state: { type: 'string', enum: Object.values(ProductOrderState), title: 'Order state', description: 'The TMF622 state the order moves to.' },
        itemState: { type: 'string', enum: Object.values(ProductOrderItemState), title: 'Item state', description: 'State for every open order item (optional).' },
      },
    },
    output: {
      type: 'object',
      required: ['orderState'],
      properties: { orderState: { type: 'string', enum: Object.values(ProductOrderState) } },
    },
    errors: { ORDER_STATE_CONFLICT: 'The order is in a state that does not allow this change (e.g. already cancelled).' },
    handler: (input, job) => updateOrderState(deps.orders, input, job),
  });
