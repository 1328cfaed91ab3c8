import { expireIdleCart, type AbandonmentDeps } from '../../engine/carts/abandonment.js';
import { defineWorker } from '../runtime/define-worker.js';
import { cartJobInput } from '../runtime/cart-variables.js';

export const expireCartWorker = (deps: AbandonmentDeps) =>
  defineWorker({
    type: 'expire-cart',
    name: 'Expire cart',
    description: 'Expires a shopping cart that stayed idle past its last reminder (status expired, a ShoppingCartAttributeValueChangeEvent) and gives the numbers it held back to the pool. cartEnded is true when the cart expired now or before, or was checked out or deleted (even if the message saying so was lost); false when it was used meanwhile: the wait starts again.',
    input: cartJobInput,
    output: { type: 'object', required: ['cartEnded'], properties: { cartEnded: { type: 'boolean', title: 'Ended', description: 'True when there is nothing left to wait for: expired, checked out or deleted.' } } },
    handler: async (input) => ({ cartEnded: (await expireIdleCart(deps, input.cartId)) !== 'used' }),
  });
