import { expireIdleCart, type AbandonmentDeps } from '../../engine/carts/abandonment.js';
import { defineWorker } from '../runtime/define-worker.js';
import { cartJobInput } from '../runtime/cart-variables.js';

export const expireCartWorker = (deps: AbandonmentDeps) =>
  defineWorker<{ cartId: string }, { cartExpired: boolean }>({
    type: 'expire-cart',
    name: 'Expire cart',
    description: 'Expires a shopping cart that stayed idle past its last reminder (status expired, a ShoppingCartAttributeValueChangeEvent) and gives the numbers it held back to the pool. cartExpired is false when the cart was used, checked out or deleted meanwhile: the wait starts again.',
    input: cartJobInput,
    output: { type: 'object', required: ['cartExpired'], properties: { cartExpired: { type: 'boolean', title: 'Expired', description: 'True when the cart expired now (or had already).' } } },
    handler: async (input) => ({ cartExpired: await expireIdleCart(deps, input.cartId) }),
  });
