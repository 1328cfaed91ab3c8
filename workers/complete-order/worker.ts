import type { OrderStore } from '../../engine/orders/order-store.js';
import { finishOrder } from '../../engine/orders/fulfilment-progress.js';
import { ProductOrderState } from '../../engine/orders/states.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderLeadTime } from '../../engine/observability/metrics.js';
import { changedOrder, orderIdInput } from '../runtime/order-variables.js';

export const completeOrderWorker = (deps: { orders: OrderStore }) =>
  defineWorker({
    type: 'complete-order',
    name: 'Complete order',
    description: 'Ends the product order from its items: completed when all completed, failed when all failed, partial otherwise. Emits ProductOrderStateChangeEvent.',
    input: { type: 'object', required: ['orderId'], properties: { orderId: orderIdInput } },
    output: { type: 'object', required: ['orderState'], properties: { orderState: { type: 'string', enum: Object.values(ProductOrderState) } } },
    errors: { ORDER_STATE_CONFLICT: 'The order can no longer end this way (e.g. it is being cancelled).' },
    handler: async (input) => {
      const result = await finishOrder(deps.orders, input.orderId);
      const order = changedOrder(result, input.orderId);
      // Once, by the step that completed it (a repeated step finds it unchanged).
      if (result.outcome === 'changed' && order.state === ProductOrderState.completed && typeof order['orderDate'] === 'string') orderLeadTime.observe((Date.now() - Date.parse(order['orderDate'])) / 1000);
      return { orderState: order.state };
    },
  });
