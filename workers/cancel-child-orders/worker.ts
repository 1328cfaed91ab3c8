import { terminalOrderStates } from '../../engine/orders/states.js';
import type { TechnicalOrders } from '../../engine/technical-orders/technical-orders.js';
import { defineWorker } from '../runtime/define-worker.js';
import { Refusal, RefusalKind } from '../../engine/outcomes.js';

export const cancelChildOrdersWorker = (deps: { serviceOrders: TechnicalOrders; resourceOrders: TechnicalOrders }) =>
  defineWorker({
    type: 'cancel-child-orders',
    name: 'Cancel child orders',
    description:
      'Cancels every service order (for a product order) or resource order (for a service order) decomposed from this order that has not ended: a cancel task each (cancelServiceOrder / cancelResourceOrder), which their processes carry out. Children already ended or already cancelling are left as they are.',
    input: {
      type: 'object',
      required: ['parentType', 'parentOrderId'],
      properties: {
        parentType: { type: 'string', enum: ['productOrder', 'serviceOrder'], title: 'Parent type' },
        parentOrderId: { type: 'string', minLength: 1, title: 'Parent order id', description: 'The product order (orderId) or service order (serviceOrderId).' },
        reason: { type: 'string', title: 'Reason' },
      },
    },
    output: { type: 'object', required: ['cancelledOrders'], properties: { cancelledOrders: { type: 'array', items: { type: 'string' }, title: 'Cancelled', description: 'The child orders asked to cancel now.' } } },
    handler: async (input) => {
      const children = input.parentType === 'productOrder' ? deps.serviceOrders : deps.resourceOrders;
      const open = (await children.store.childrenOf(input.parentOrderId)).filter((c) => !terminalOrderStates.includes(c.state) && c.state !== 'pendingCancellation');
      const cancelled: string[] = [];
      for (const child of open) {
        try {
          await children.cancel(child.id, input.reason ?? `the ${input.parentType} ${input.parentOrderId} is cancelled`);
          cancelled.push(child.id);
        } catch (err) {
          // It ended, or another cancellation got there first: nothing left to do for it.
          if (!(err instanceof Refusal && err.kind === RefusalKind.conflict)) throw err;
        }
      }
      return { cancelledOrders: cancelled };
    },
  });
