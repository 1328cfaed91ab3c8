import { randomUUID } from 'node:crypto';
import { queuedEvents, withEvents } from '../events/outbox.js';
import { toTmfMoney } from './money.js';
import { recordProviderAnswer, sendCharge, type PaymentDeps, type ProviderDeps } from './collect-payment.js';
import { PaymentStatus, RefundStatus, type StoredPayment, type StoredRefund } from './payment.js';
import { checkoutShares } from './order-payment.js';
import type { Amount } from './money.js';
import { refundCreatedEvent, refundStateChangedEvent } from './payment-events.js';
import { PaymentRefusedError, type Charge, type PaymentProvider } from './payment-provider.js';
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
  const order = await deps.orders.findStored(orderId);
  if (!order) throw new Error(`order ${orderId} does not exist`);
  const units = order._ordo.fulfilment ?? [];
  // Order-wide (cancellation): what completed items delivered stays paid for.
  const delivered = new Set(units.filter((u) => u.state === 'completed').map((u) => u.unitId));
  const compensated = (u: string) => (unitId !== undefined ? u === unitId : !delivered.has(u));
  const ofOrder = await deps.payments.paymentsOfOrder(orderId);
  // A cart's checkout payment is known by its cart (a client may name an item "checkout" too).
  const all = unitId !== undefined ? ofOrder.filter((p) => p._ordo.cartId || p._ordo.unitId === unitId) : ofOrder;
  const shares = checkoutShares(order, units);
  const result: CompensationResult = { refunded: {}, refunds: 0, canceled: 0 };
  const count = (refund: StoredRefund) => {
    if (refund.status !== RefundStatus.done) return;
    result.refunds++;
    result.refunded[refund._ordo.amount.currency] = (result.refunded[refund._ordo.amount.currency] ?? 0) + refund._ordo.amount.minor;
  };
  for (let payment of all) {
    if (payment._ordo.cartId) {
      // A checkout paid the whole order: each compensated unit gets back its own share.
      if (payment.status !== PaymentStatus.captured) continue;
      for (const unit of units.filter((u) => compensated(u.unitId))) {
        const share = shares.get(unit.unitId);
        if (share) count(await refund(deps.payments, requireProvider(deps.provider), payment, signal, { unitId: unit.unitId, amount: share }));
      }
      continue;
    }
    if (!compensated(payment._ordo.unitId)) continue;
    if (payment.status === PaymentStatus.pending) {
      payment = await settlePending({ ...deps, provider: requireProvider(deps.provider) }, payment, signal);
      if (payment.status === PaymentStatus.canceled) result.canceled++;
    }
    if (payment.status !== PaymentStatus.captured) continue;
    count(await refund(deps.payments, requireProvider(deps.provider), payment, signal));
  }
  return result;
}

/** The provider answered a refund `failed`: Ordo cannot give the money back, a person has to settle it. */
export class RefundRefusedError extends Error {
  override readonly name = 'RefundRefusedError';
}

/** A checkout payment whose order could not be placed: given back whole. */
export const refundInFull = (payments: PaymentStore, provider: PaymentProvider, payment: StoredPayment, signal?: AbortSignal): Promise<StoredRefund> => refund(payments, provider, payment, signal);

function requireProvider(provider: PaymentProvider | undefined): PaymentProvider {
  if (!provider) throw new Error('payments to compensate but no payment provider is configured (ORDO_PAYMENT_PROVIDER_URL)');
  return provider;
}

/** Ends a pending payment: cancelled at the provider, or recorded as what the provider already decided. */
export async function settlePending(deps: ProviderDeps, payment: StoredPayment, signal?: AbortSignal): Promise<StoredPayment> {
  let providerId = payment._ordo.providerPaymentId;
  if (!providerId) {
    // The provider may have taken it without Ordo hearing the answer: the same request under the same key tells which.
    const answer = await sendCharge(deps, payment, signal);
    payment = await recordProviderAnswer(deps.payments, payment.id, answer, false);
    providerId = answer.id;
    if (payment.status !== PaymentStatus.pending) return payment;
  }
  // Decided meanwhile: approved ones are refunded by the caller.
  return recordProviderAnswer(deps.payments, payment.id, await cancelCharge(deps.provider, providerId, payment.id, signal), false);
}

/** Cancels a pending charge at the provider (key cancel:<payment>); one decided meanwhile answers as it now is. */
export async function cancelCharge(provider: PaymentProvider, providerPaymentId: string, paymentId: string, signal?: AbortSignal): Promise<Charge> {
  try {
    return await provider.cancelPayment(providerPaymentId, `cancel:${paymentId}`, signal);
  } catch (err) {
    if (!(err instanceof PaymentRefusedError) || err.status !== 409) throw err;
    return provider.getPayment(providerPaymentId, signal);
  }
}

/** Refunds a payment in full, or one unit's share of a checkout payment; once (the key names payment and unit). */
async function refund(payments: PaymentStore, provider: PaymentProvider, payment: StoredPayment, signal?: AbortSignal, share?: { unitId: string; amount: Amount }): Promise<StoredRefund> {
  let refund = await payments.refunds.insertOnce(newRefund(payments, payment, share));
  const refused = () => new RefundRefusedError(`the provider refused refund ${refund.id} of payment ${payment.id}: a person has to settle it`);
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

function newRefund(payments: PaymentStore, payment: StoredPayment, share?: { unitId: string; amount: Amount }): StoredRefund {
  const amount = share?.amount ?? payment._ordo.amount;
  const id = randomUUID();
  const now = new Date().toISOString();
  const refund = {
    id,
    href: payments.refunds.href(id),
    correlatorId: payment.correlatorId,
    name: `Refund of ${payment.name}`,
    description: `Refund of payment ${payment.id} (order ${payment._ordo.orderId}${share ? `, unit ${share.unitId}` : ''})`,
    status: RefundStatus.pending,
    statusDate: now,
    account: payment.account,
    totalAmount: toTmfMoney(amount),
    paymentMethod: payment.paymentMethod,
    payment: { id: payment.id, href: payment.href, '@referredType': 'Payment' as const },
    '@type': 'Refund' as const,
  };
  return {
    ...refund,
    _id: id,
    _ordo: {
      revision: 0,
      key: share ? `refund:${payment.id}:${share.unitId}` : `refund:${payment.id}`,
      orderId: payment._ordo.orderId,
      paymentId: payment.id,
      amount,
      ...queuedEvents([refundCreatedEvent(refund)]),
    },
  };
}
