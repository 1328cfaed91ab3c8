import type { OrderStore } from '../../engine/orders/order-store.js';
import { closeFalloutCases, type FalloutDeps } from '../../engine/fallout/fallout.js';
import { recordUnitState } from '../../engine/orders/fulfilment-progress.js';
import { ProductOrderItemState } from '../../engine/orders/states.js';
import { defineWorker } from '../runtime/define-worker.js';
import { changedOrder, unitJobInput } from '../runtime/order-variables.js';

export const updateItemStateWorker = (deps: { orders: OrderStore } & FalloutDeps) =>
  defineWorker({
    type: 'update-item-state',
    name: 'Update item state',
    description: 'Reports the progress of one order item (or one part of a bundle item) from its fulfilment process: inProgress, completed or failed (with a reason). Emits ProductOrderStateChangeEvent when the item moves. When the item ends, the ServiceNow cases opened for it are closed with the outcome.',
    input: {
      ...unitJobInput,
      properties: {
        ...unitJobInput.properties,
        reason: { type: 'string', title: 'Reason', description: 'Why the item failed (kept with the order).' },
      },
    },
    headers: {
      type: 'object',
      required: ['state'],
      properties: { state: { type: 'string', enum: [ProductOrderItemState.inProgress, ProductOrderItemState.completed, ProductOrderItemState.failed], title: 'Item state', description: 'What the process reports.' } },
    },
    output: { type: 'object', required: ['itemState'], properties: { itemState: { type: 'string' } } },
    errors: { ORDER_STATE_CONFLICT: 'The order or item has already ended (e.g. cancelled) and cannot take this state.' },
    handler: async (input, job) => {
      const { result, itemId } = await recordUnitState(deps.orders, input.orderId, input.unitId, job.headers.state, input.reason);
      const item = changedOrder(result, input.orderId).productOrderItem.find((i) => i.id === itemId);
      if (job.headers.state !== ProductOrderItemState.inProgress) await closeFalloutCases(deps, input.orderId, input.unitId, job.headers.state, job.signal);
      return { itemState: item?.state ?? job.headers.state };
    },
  });
