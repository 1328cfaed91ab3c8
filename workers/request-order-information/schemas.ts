import { ProductOrderState } from '../../engine/orders/states.js';
import type { ObjectSchema, Variables } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';

/** A top-level attribute, or the offering of an item by its index. */
const fieldPathTerm = '(@?[A-Za-z]\\w*|productOrderItem\\[\\d+\\]\\.productOffering)';

/** The request-order-information contract: its element template, its validation and its TypeScript types. */
export const input = {
  type: 'object',
  required: ['orderId', 'fieldPath'],
  properties: {
    orderId: orderIdInput,
    fieldPath: { type: 'string', pattern: `^\\s*${fieldPathTerm}(\\s*,\\s*${fieldPathTerm})*\\s*$`, title: 'Attributes needed', description: 'Comma-separated top-level ProductOrder attributes the client must supply, e.g. billingAccount, or an item\'s offering: productOrderItem[0].productOffering.' },
    reason: { type: 'string', title: 'Reason', description: 'Why they are needed (the event description).' },
  },
} as const satisfies ObjectSchema;

export const output = {
  type: 'object',
  required: ['orderState', 'requestedFields'],
  properties: { orderState: { type: 'string', enum: Object.values(ProductOrderState) }, requestedFields: { type: 'array', items: { type: 'string' } } },
} as const satisfies ObjectSchema;

export type RequestOrderInformationInput = Variables<typeof input>;
export type RequestOrderInformationOutput = Variables<typeof output>;
