import type { MessageSource } from '../process/message-notifier.js';
import { outcomeOf, type StoredPayment } from './payment.js';
import type { PaymentStore } from './payment-store.js';

/** Published (key: the payment id) when the provider decides a payment the process waits for. */
export const PAYMENT_RESULT_MESSAGE = 'payment-result';

/** Results the webhook recorded (flag `_ordo.resultPending`), owed to the waiting process. */
export function paymentResultMessages(payments: PaymentStore): MessageSource<StoredPayment> {
  return {
    collection: payments.payments.collection,
    pendingField: '_ordo.resultPending',
    what: 'payment decided',
    messageOf: (payment) => ({
      name: PAYMENT_RESULT_MESSAGE,
      target: { variables: { paymentId: payment.id } },
      variables: { paymentOutcome: outcomeOf(payment.status), paymentDeclineReason: payment._ordo.declineReason ?? '' },
      logFields: { orderId: payment._ordo.orderId, unitId: payment._ordo.unitId, paymentId: payment.id, status: payment.status },
    }),
    stillAsPublished: (payment) => ({ status: payment.status }),
  };
}
