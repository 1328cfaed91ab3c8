import type { PaymentDeps } from '../../engine/payments/collect-payment.js';
import { toDecimalString } from '../../engine/payments/money.js';
import { compensatePayments } from '../../engine/payments/refund-payment.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput, unitIdInput } from '../runtime/order-variables.js';

export const refundPaymentWorker = (deps: PaymentDeps) =>
  defineWorker({
    type: 'refund-payment',
    name: 'Refund payment',
    description:
      'Compensation: refunds in full what the item (or, without a unit, every item of the order not completed) paid, once per payment; payments still awaiting the provider are cancelled there (and refunded if the provider had approved them meanwhile). Each refund is a TMF676 refund. Running it again is harmless.',
    input: {
      type: 'object',
      required: ['orderId'],
      properties: {
        orderId: orderIdInput,
        unitId: { ...unitIdInput, description: "The item or bundle part whose payment is refunded; empty: all of the order's payments." },
      },
    },
    output: {
      type: 'object',
      required: ['refunded', 'canceledPayments'],
      properties: {
        refunded: { type: 'array', items: { type: 'string' }, title: 'Refunded', description: 'Amounts refunded per currency, e.g. "19.99 EUR".' },
        canceledPayments: { type: 'integer', title: 'Cancelled', description: 'Pending payments cancelled before the provider decided.' },
      },
    },
    handler: async (input, job) => {
      const result = await compensatePayments(deps, input.orderId, input.unitId || undefined, job.signal);
      return {
        refunded: Object.entries(result.refunded).map(([currency, minor]) => `${toDecimalString({ currency, minor })} ${currency}`),
        canceledPayments: result.canceled,
      };
    },
  });
