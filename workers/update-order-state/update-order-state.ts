import { changeOrderState } from '../../engine/orders/change-order-state.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import type { ProductOrderItemState, ProductOrderState } from '../../engine/orders/states.js';
import { BusinessError, type JobContext } from '../runtime/define-worker.js';

export interface UpdateOrderStateInput {
  orderId: string;
}
export interface UpdateOrderStateHeaders {
  state: ProductOrderState;
  itemState?: ProductOrderItemState;
}
export interface UpdateOrderStateOutput {
  orderState: ProductOrderState;
}

export async function updateOrderState(orders: OrderStore, input: UpdateOrderStateInput, job: JobContext<UpdateOrderStateHeaders>): Promise<UpdateOrderStateOutput> {
  const result = await changeOrderState(orders, input.orderId, {
    state: job.headers.state,
    ...(job.headers.itemState ? { itemState: job.headers.itemState } : {}),
    processInstanceKey: job.processInstanceKey,
  });
  switch (result.outcome) {
    case 'not-found':
      // A process for an order Ordo does not have: a technical fault worth an incident, not a business path.
      throw new Error(`order ${input.orderId} does not exist`);
    case 'refused':
      throw new BusinessError('ORDER_STATE_CONFLICT', result.reason, { orderState: result.order.state });
    default:
      return { orderState: result.order.state };
  }
}
