import { collectUnitPayment, isoDuration, type PaymentDeps } from '../../engine/payments/collect-payment.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

export const collectPaymentWorker = (deps: PaymentDeps & { paymentConfirmationTimeoutMs: number }) =>
  defineWorker({
    type: 'collect-payment',
    name: 'Collect payment',
    description:
      "Charges what the item costs at checkout (its one-time prices, tax included) with the payment method the order names, through the payment provider; the TMF676 payment is recorded first and the provider's idempotency key is order:unit:attempt, so a repeated job never charges twice. paymentOutcome approved: paid; pending: the provider confirms later by message payment-result (matched on the variable paymentId), to be awaited until paymentConfirmationTimeout; notRequired: nothing to collect (no payment method on the order, no one-time price, or another part of the bundle pays).",
    input: unitJobInput,
    output: {
      type: 'object',
      required: ['paymentOutcome', 'paymentId', 'paymentConfirmationTimeout'],
      properties: {
        paymentOutcome: { type: 'string', enum: ['approved', 'pending', 'notRequired'], title: 'Outcome', description: 'approved, pending (await message payment-result) or notRequired.' },
        paymentId: { type: 'string', title: 'Payment id', description: 'TMF676 payment id; message payment-result is matched on it. Empty when notRequired.' },
        paymentConfirmationTimeout: { type: 'string', title: 'Confirmation timeout', description: 'ISO-8601 duration to wait for a pending payment (ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS).' },
      },
    },
    errors: { PAYMENT_DECLINED: "The provider declined the payment; the error message is the item's failure reason (variables paymentId, paymentDeclineReason: the provider's reason)." },
    handler: async (input, job) => {
      const paymentConfirmationTimeout = isoDuration(deps.paymentConfirmationTimeoutMs);
      const result = await collectUnitPayment(deps, input.orderId, input.unitId, job.jobKey, job.signal);
      if (result.outcome === 'notRequired') return { paymentOutcome: 'notRequired' as const, paymentId: '', paymentConfirmationTimeout };
      const { payment } = result;
      if (result.outcome === 'declined') {
        const reason = payment._ordo.declineReason ?? 'no reason given';
        throw new BusinessError(BpmnErrorCode.paymentDeclined, `Payment declined: ${reason}`, { paymentId: payment.id, paymentDeclineReason: reason });
      }
      if (result.outcome === 'canceled') throw new Error(`payment ${payment.id} was cancelled while being collected`);
      return { paymentOutcome: result.outcome, paymentId: payment.id, paymentConfirmationTimeout };
    },
  });
