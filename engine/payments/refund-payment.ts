import { randomUUID } from 'node:crypto';
import { withEvents } from '../events/outbox.js';
import { ProviderRejectedError, type PaymentProviderClient } from '../../adapters/payment/payment-provider-client.js';
import { toTmfMoney } from './money.js';
import { recordProviderAnswer, type PaymentDeps } from './collect-payment.js';
import { PaymentStatus, RefundStatus, type StoredPayment, type StoredRefund } from './payment.js';
import { refundCreatedEvent, refundStateChangedEvent } from './payment-events.js';
import type { PaymentStore } from './payment-store.js';

export interface CompensationResult {
  /** Minor units refunded by this and earlier runs, per currency. */
  refunded: Record<string, number>;
  refunds: number;
  /** Pending payments cancelled before the provider decided. */
  canceled: number;
}

/**
 * Gives back what an order (or one unit of it) paid: captured payments are refunded in full, once
 * (idempotency key refund:<payment>); payments still pending are cancelled at the provider, and
 * refunded if the provider had approved them meanwhile. Safe to run again at any point.
 */
export async function compensatePayments(deps: PaymentDeps, orderId: string, unitId: string | undefined, signal?: AbortSignal): Promise<CompensationResult> {
  let payments: StoredPayment[];
  if (unitId !== undefined) payments = await deps.payments.paymentsOfUnit(orderId, unitId);
  else {
    // Order-wide (cancellation): what completed items delivered stays paid for.
    const order = await deps.orders.findStored(orderId);
    if (!order) throw new Error(`order ${orderId} does not exist`);
    const delivered = new Set((order._ordo.fulfilment ?? []).filter((u) => u.state === 'completed').map((u) => u.unitId));
    payments = (await deps.payments.paymentsOfOrder(orderId)).filter((p) => !delivered.has(p._ordo.unitId));
  }
  const result: CompensationResult = { refunded: {}, refunds: 0, canceled: 0 };
  for (let payment of payments) {
    if (payment.status === PaymentStatus.pending) {
      const provider = requireProvider(deps.provider);
      payment = await settlePending(deps.payments, provider, payment, signal);
      if (payment.status === PaymentStatus.canceled) result.canceled++;
    }
    if (payment.status !== PaymentStatus.captured) continue;
    const refund = await refundInFull(deps.payments, requireProvider(deps.provider), payment, signal);
    if (refund.status === RefundStatus.done) {
      result.refunds++;
      result.refunded[refund._ordo.amount.currency] = (result.refunded[refund._ordo.amount.currency] ?? 0) + refund._ordo.amount.minor;
    }
  }
  return result;
}

function requireProvider(provider: PaymentProviderClient | undefined): PaymentProviderClient {
  if (!provider) throw new Error('payments to compensate but no payment provider is configured (ORDO_PAYMENT_PROVIDER_URL)');
  return provider;
}

/** Ends a pending payment: cancelled at the provider, or recorded as what the provider already decided. */
async function settlePending(payments: PaymentStore, provider: PaymentProviderClient, payment: StoredPayment, signal?: AbortSignal): Promise<StoredPayment> {
  let providerId = payment._ordo.providerPaymentId;
  if (!providerId) {
    // The provider may have taken it without Ordo hearing the answer: the same key tells which.
    const answer = await provider.createPayment(
      { amount: payment._ordo.amount, method: { type: payment._ordo.method.provider, token: payment._ordo.method.token }, reference: payment.id, description: payment.description },
      payment._ordo.key,
      signal,
    );
    payment = await recordProviderAnswer(payments, payment.id, answer, false);
    providerId = answer.id;
    if (payment.status !== PaymentStatus.pending) return payment;
  }
  try {
    const answer = await provider.cancelPayment(providerId, `cancel:${payment.id}`, signal);
    return await recordProviderAnswer(payments, payment.id, answer, false);
  } catch (err) {
    if (!(err instanceof ProviderRejectedError) || err.status !== 409) throw err;
    // Decided meanwhile: approved ones are refunded by the caller.
    return recordProviderAnswer(payments, payment.id, await provider.getPayment(providerId, signal), false);
  }
}

async function refundInFull(payments: PaymentStore, provider: PaymentProviderClient, payment: StoredPayment, signal?: AbortSignal): Promise<StoredRefund> {
  let refund = await payments.refunds.insertOnce(newRefund(payments, payment));
  const refused = () => new Error(`the provider refused refund ${refund.id} of payment ${payment.id}: a person has to settle it`);
  if (refund.status === RefundStatus.failed) throw refused();
  if (refund.status === RefundStatus.done) return refund;
  const answer = await provider.refundPayment(payment._ordo.providerPaymentId!, refund._ordo.key, refund._ordo.amount, signal);
  const status = answer.status === 'succeeded' ? RefundStatus.done : RefundStatus.failed;
  const now = new Date().toISOString();
  const set = { status, statusDate: now, ...(status === RefundStatus.done ? { refundDate: now } : {}), '_ordo.providerRefundId': answer.id };
  const { _id, _ordo, ...visible } = { ...refund, ...set };
  if (!(await payments.refunds.updateAtRevision(refund.id, refund._ordo.revision, withEvents({ $set: set }, [refundStateChangedEvent(visible, `provider: ${answer.status}`)])))) {
    // Another run recorded the same provider answer first.
    refund = (await payments.refunds.findStored(refund.id))!;
    if (refund.status === RefundStatus.failed) throw refused();
    return refund;
  }
  if (status === RefundStatus.failed) throw refused();
  return { ...refund, ...set, _ordo: { ...refund._ordo, providerRefundId: answer.id } };
}

function newRefund(payments: PaymentStore, payment: StoredPayment): StoredRefund {
  const id = randomUUID();
  const now = new Date().toISOString();
  const refund = {
    id,
    href: payments.refunds.href(id),
    correlatorId: payment.correlatorId,
    name: `Refund of ${payment.name}`,
    description: `Refund of payment ${payment.id} (order ${payment._ordo.orderId})`,
    status: RefundStatus.pending,
    statusDate: now,
    account: payment.account,
    totalAmount: toTmfMoney(payment._ordo.amount),
    paymentMethod: payment.paymentMethod,
    payment: { id: payment.id, href: payment.href, '@referredType': 'Payment' as const },
    '@type': 'Refund' as const,
  };
  return {
    ...refund,
    _id: id,
    _ordo: {
      revision: 0,
      key: `refund:${payment.id}`,
      orderId: payment._ordo.orderId,
      paymentId: payment.id,
      amount: payment._ordo.amount,
      outbox: [refundCreatedEvent(refund)],
      outboxPending: true,
      fanOutPending: true,
    },
  };
}
