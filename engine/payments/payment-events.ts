import { tmfEvent, type OutboxEvent } from '../events/tmf-event.js';
import type { Payment, Refund } from './payment.js';

export const paymentCreatedEvent = (payment: Payment): OutboxEvent => tmfEvent('payment', 'PaymentCreateEvent', payment.id, { ...payment });

export function paymentStateChangedEvent(payment: Payment, why: string): OutboxEvent {
  const event = tmfEvent('payment', 'PaymentStateChangeEvent', payment.id, { ...payment });
  event.body.description = why;
  return event;
}

export const refundCreatedEvent = (refund: Refund): OutboxEvent => tmfEvent('refund', 'RefundCreateEvent', refund.id, { ...refund });

export function refundStateChangedEvent(refund: Refund, why: string): OutboxEvent {
  const event = tmfEvent('refund', 'RefundStateChangeEvent', refund.id, { ...refund });
  event.body.description = why;
  return event;
}
