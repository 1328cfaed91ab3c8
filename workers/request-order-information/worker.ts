import type { OrderStore } from '../../engine/orders/order-store.js';
import { ORDER_INFORMATION_PROVIDED_MESSAGE } from '../../engine/orders/order-information.js';
import { ProductOrderState } from '../../engine/orders/states.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput } from '../runtime/order-variables.js';
import { requestInformation, type RequestOrderInformationInput, type RequestOrderInformationOutput } from './request-order-information.js';

/** A top-level attribute, or the offering of an item by its index. */
const fieldPathTerm = '(@?[A-Za-z]\\w*|productOrderItem\\[\\d+\\]\\.productOffering)';

export const requestOrderInformationWorker = (deps: { orders: OrderStore }) =>
  defineWorker<RequestOrderInformationInput, RequestOrderInformationOutput>({
    type: 'request-order-information',
    name: 'Request order information',
    description: `Asks the ordering system for missing attributes: the order goes pending and a ProductOrderInformationRequiredEvent names them. Follow with a message catch event '${ORDER_INFORMATION_PROVIDED_MESSAGE}' (business key: orderId), delivered once a PATCH has supplied them all.`,
    input: {
      type: 'object',
      required: ['orderId', 'fieldPath'],
      properties: {
        orderId: orderIdInput,
        fieldPath: { type: 'string', pattern: `^\\s*${fieldPathTerm}(\\s*,\\s*${fieldPathTerm})*\\s*$`, title: 'Attributes needed', description: 'Comma-separated top-level ProductOrder attributes the client must supply, e.g. billingAccount, or an item\'s offering: productOrderItem[0].productOffering.' },
        reason: { type: 'string', title: 'Reason', description: 'Why they are needed (the event description).' },
      },
    },
    output: {
      type: 'object',
      required: ['orderState', 'requestedFields'],
      properties: { orderState: { type: 'string', enum: Object.values(ProductOrderState) }, requestedFields: { type: 'array', items: { type: 'string' } } },
    },
    errors: { ORDER_STATE_CONFLICT: 'The order can no longer wait for information (e.g. it is being cancelled).' },
    handler: (input, job) => requestInformation(deps.orders, input, job),
  });
