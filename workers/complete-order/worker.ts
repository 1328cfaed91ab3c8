import type { OrderStore } from '../../engine/orders/order-store.js';
import { finishOrder } from '../../engine/orders/fulfilment-progress.js';
import { ProductOrderState } from '../../engine/orders/states.js';
import { BusinessError, defineWorker } from '../runtime/define-worker.js';

export const completeOrderWorker = (deps: { orders: OrderStore }) =>
  defineWorker<{ orderId: string }, { orderState: string }>({
    type: 'complete-order',
    name: 'Complete order',
    description: 'Ends the product order from its items: completed when all completed, failed when all failed, partial otherwise. Emits ProductOrderStateChangeEvent.',
    input: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string', minLength: 1, title: 'Order id', description: 'Id of the product order.' } } },
    output: { type: 'object', required: ['orderState'], properties: { orderState: { type: 'string', enum: Object.values(ProductOrderState) } } },
    errors: { ORDER_STATE_CONFLICT: 'The order can no longer end this way (e.g. it is being cancelled).' },
    handler: async (input) => {
      const result = await finishOrder(deps.orders, input.orderId);
      if (result.outcome === 'not-found') throw new Error(`order ${input.orderId} does not exist`);
      if (result.outcome === 'refused') throw new BusinessError('ORDER_STATE_CONFLICT', result.reason, { orderState: result.order.state });
      return { orderState: result.order.state };
    },
  });
