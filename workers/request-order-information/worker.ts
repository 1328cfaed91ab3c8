import type { OrderStore } from '../../engine/orders/order-store.js';
import { ORDER_INFORMATION_PROVIDED_MESSAGE } from '../../engine/orders/order-information.js';
import { defineWorker } from '../runtime/define-worker.js';
import { requestInformation } from './request-order-information.js';
import { input, output } from './schemas.js';

export const requestOrderInformationWorker = (deps: { orders: OrderStore }) =>
  defineWorker({
    type: 'request-order-information',
    name: 'Request order information',
    description: `Asks the ordering system for missing attributes: the order goes pending and a ProductOrderInformationRequiredEvent names them. Follow with a message catch event '${ORDER_INFORMATION_PROVIDED_MESSAGE}' (business key: orderId), delivered once a PATCH has supplied them all.`,
    input,
    output,
    errors: { ORDER_STATE_CONFLICT: 'The order can no longer wait for information (e.g. it is being cancelled).' },
    handler: (input, job) => requestInformation(deps.orders, input, job),
  });
