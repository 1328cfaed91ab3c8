import { changeOrderState } from '../../engine/orders/change-order-state.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import type { ProductOrder } from '../../engine/orders/product-order.js';
import { withOrdoNote } from '../../engine/orders/order-notes.js';
import type { JobContext } from '../runtime/define-worker.js';
import { changedOrder } from '../runtime/order-variables.js';
import type { UpdateOrderStateHeaders, UpdateOrderStateInput, UpdateOrderStateOutput } from './schemas.js';

/** Adds the note once: a redelivered job finds it there already. */
const withNote = (text: string) => (next: ProductOrder) => {
  const note = withOrdoNote(next, text);
  return note ? { set: { note }, events: [] } : undefined;
};

export async function updateOrderState(orders: OrderStore, input: UpdateOrderStateInput, job: JobContext<UpdateOrderStateHeaders>): Promise<UpdateOrderStateOutput> {
  const result = await changeOrderState(orders, input.orderId, {
    state: job.headers.state,
    ...(job.headers.itemState ? { itemState: job.headers.itemState } : {}),
    processInstanceKey: job.processInstanceKey,
    ...(input.note ? { also: withNote(input.note) } : {}),
  });
  return { orderState: changedOrder(result, input.orderId).state };
}
