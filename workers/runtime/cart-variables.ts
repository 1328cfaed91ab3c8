import type { ObjectSchema, Variables } from './define-worker.js';

/** Input every cart worker takes: which cart (the business key of bpmn/abandoned-cart.bpmn). */
export const cartJobInput = {
  type: 'object',
  required: ['cartId'],
  properties: { cartId: { type: 'string', minLength: 1, title: 'Cart id', description: 'Id of the TMF663 shopping cart (the business key of bpmn/abandoned-cart.bpmn).' } },
} as const satisfies ObjectSchema;
export type CartJobInput = Variables<typeof cartJobInput>;
