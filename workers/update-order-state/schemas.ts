import { ProductOrderItemState, ProductOrderState } from '../../engine/orders/states.js';
import type { ObjectSchema, Variables } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';

/** The update-order-state contract: its element template, its validation and its TypeScript types. */
export const input = {
  type: 'object',
  required: ['orderId'],
  properties: {
    orderId: orderIdInput,
    note: { type: 'string', title: 'Note', description: 'Kept on the order as a note from Ordo, e.g. why it was rejected (optional).' },
  },
} as const satisfies ObjectSchema;

export const headers = {
  type: 'object',
  required: ['state'],
  properties: {
    state: { type: 'string', enum: Object.values(ProductOrderState), title: 'Order state', description: 'The TMF622 state the order moves to.' },
    itemState: { type: 'string', enum: Object.values(ProductOrderItemState), title: 'Item state', description: 'State for every open order item (optional).' },
  },
} as const satisfies ObjectSchema;

export const output = {
  type: 'object',
  required: ['orderState'],
  properties: { orderState: { type: 'string', enum: Object.values(ProductOrderState) } },
} as const satisfies ObjectSchema;

export type UpdateOrderStateInput = Variables<typeof input>;
export type UpdateOrderStateHeaders = Variables<typeof headers>;
export type UpdateOrderStateOutput = Variables<typeof output>;
