import { randomUUID } from 'node:crypto';
import type { OrderStore } from '../orders/order-store.js';
import type { StoredOrder } from '../orders/order-record.js';
import { queuedEvents, withEvents } from '../events/outbox.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { toTmfMoney } from './money.js';
import { paymentMethodOf, unitPayment, type PaymentMethod, type UnitPayment } from './order-payment.js';
import { PaymentStatus, outcomeOf, type PaymentOutcome, type StoredPayment } from './payment.js';
import { paymentCreatedEvent, paymentStateChangedEvent } from './payment-events.js';
import type { Charge, ChargeRequest, ChargeStatus, PaymentProvider } from './payment-provider.js';
import type { PaymentStore } from './payment-store.js';

/** What sending a payment to the provider needs. */
export type ProviderDeps = { payments: PaymentStore; provider: PaymentProvider; webhookUrl: () => string };

export interface PaymentDeps {
  orders: OrderStore;
  payments: PaymentStore;
  /** Undefined when no provider is configured: orders that name a payment method are then refused. */
  provider: PaymentProvider | undefined;
  /** Where the provider calls back (Ordo's webhook), known once Ordo listens. */
  webhookUrl: () => string;
}

export type CollectResult =
  | { outcome: 'notRequired' }
  | { outcome: Exclude<PaymentOutcome, 'notRequired'>; payment: StoredPayment };

/**
 * Collects what one fulfilment unit owes at checkout. The payment is recorded first, then the
 * provider is asked with the idempotency key order:unit:attempt, so however often the job runs
 * (a worker killed after the provider charged) the customer is charged once. A new attempt is
 * made only after the previous one was declined or cancelled.
 */
export async function collectUnitPayment(deps: PaymentDeps, orderId: string, unitId: string, jobKey: string, signal?: AbortSignal): Promise<CollectResult> {
  const order = await deps.orders.findStored(orderId);
  if (!order) throw new Error(`order ${orderId} does not exist`);
  const method = paymentMethodOf(order);
  const due = method ? unitPayment(order, order._ordo.fulfilment ?? [], unitId) : undefined;
  if (!method || !due) return { outcome: 'notRequired' };
  const provider = deps.provider;
  if (!provider) throw new Error('order names a payment method but no payment provider is configured (ORDO_PAYMENT_PROVIDER_URL)');

  const earlier = await deps.payments.paymentsOfUnit(orderId, unitId);
  const latest = earlier.at(-1);
  const reusable = (p: StoredPayment | undefined) => p && p.status !== PaymentStatus.denied && p.status !== PaymentStatus.canceled;
  let payment = earlier.find((p) => p._ordo.jobKey === jobKey) ?? (reusable(latest) ? latest : undefined);
  payment ??= await deps.payments.payments.insertOnce(newPayment(deps, order, unitId, earlier.length + 1, jobKey, due, method));

  payment = await askProvider({ ...deps, provider }, payment, signal);
  return { outcome: outcomeOf(payment.status), payment };
}

/**
 * Sends a recorded payment to the provider under its idempotency key (its `_ordo.key`) and records
 * the answer; a payment the provider already knows is answered as recorded.
 */
export async function askProvider(deps: ProviderDeps, payment: StoredPayment, signal?: AbortSignal): Promise<StoredPayment> {
  if (payment.status !== PaymentStatus.pending || payment._ordo.providerPaymentId) return payment;
  // Once marked, a give-up settles it at the provider whatever this run does; before, it must see the mark.
  const sending = payment._ordo.sentAt ? payment : await markSent(deps.payments, payment.id);
  // Given up (or answered) meanwhile: not sent.
  if (sending.status !== PaymentStatus.pending || sending._ordo.providerPaymentId) return sending;
  return recordProviderAnswer(deps.payments, payment.id, await sendCharge(deps, sending, signal), false);
}

/**
 * Records that a pending payment is being sent (`_ordo.sentAt`), before its first request goes
 * out: a payment given up without it was never sent and has nothing to settle at the provider.
 * Answers the payment as it now is; one no longer pending is not marked (and must not be sent).
 */
export function markSent(payments: PaymentStore, paymentId: string): Promise<StoredPayment> {
  return retryOnRace(`payment ${paymentId}`, async () => {
    const current = await payments.payments.findStored(paymentId);
    if (!current) throw new Error(`payment ${paymentId} does not exist`);
    if (current._ordo.sentAt || current.status !== PaymentStatus.pending) return current;
    const sentAt = new Date();
    if (!(await payments.payments.updateAtRevision(paymentId, current._ordo.revision, { $set: { '_ordo.sentAt': sentAt } }))) return LOST_RACE;
    return { ...current, _ordo: { ...current._ordo, revision: current._ordo.revision + 1, sentAt } };
  });
}

/**
 * Sends a recorded payment's charge request under its idempotency key: the provider answers the
 * charge it made under that key, or makes it. The request is built from the record alone, so every
 * send is the same request (a provider refuses a key sent again with another body).
 */
export function sendCharge(deps: ProviderDeps, payment: StoredPayment, signal?: AbortSignal): Promise<Charge> {
  const { amount, method, orderId, unitId, attempt, cartId } = payment._ordo;
  const request: ChargeRequest = {
    amount: { currency: amount.currency, minor: amount.minor },
    method: { type: method.provider, token: method.token },
    reference: payment.id,
    description: payment.description,
    webhookUrl: deps.webhookUrl(),
    metadata: cartId ? { cartId, orderId, attempt: String(attempt) } : { orderId, unitId, attempt: String(attempt) },
  };
  return deps.provider.createPayment(request, payment._ordo.key, signal);
}

function newPayment(deps: PaymentDeps, order: StoredOrder, unitId: string, attempt: number, jobKey: string, due: UnitPayment, method: PaymentMethod): StoredPayment {
  const id = randomUUID();
  const now = new Date().toISOString();
  const payment = {
    id,
    href: deps.payments.payments.href(id),
    correlatorId: order.id,
    name: `Order ${order.externalId ?? order.id}`,
    description: `Checkout payment for order ${order.id}, item${due.items.length > 1 ? 's' : ''} ${due.items.map((i) => i.itemId).join(', ')}`,
    status: PaymentStatus.pending,
    statusDate: now,
    account: accountOf(order),
    totalAmount: toTmfMoney(due.total),
    paymentMethod: { '@type': method.referredType, name: method.referredType },
    paymentItem: due.items.map((i, n) => ({
      id: String(n + 1),
      totalAmount: toTmfMoney(i.amount),
      item: { id: i.itemId, href: order.href, '@referredType': 'ProductOrderItem' as const },
    })),
    ...(Array.isArray(order['relatedParty']) ? { relatedParty: order['relatedParty'] as unknown[] } : {}),
    ...(order['channel'] ? { channel: Array.isArray(order['channel']) ? order['channel'][0] : order['channel'] } : {}),
    '@type': 'Payment' as const,
  };
  return {
    ...payment,
    _id: id,
    _ordo: {
      revision: 0,
      key: `${order.id}:${unitId}:${attempt}`,
      orderId: order.id,
      unitId,
      attempt,
      jobKey,
      amount: due.total,
      method,
      ...queuedEvents([paymentCreatedEvent(payment)]),
    },
  };
}

/** TMF676 needs an account: the order's billing account, else its customer, else the order itself. */
function accountOf(order: StoredOrder): StoredPayment['account'] {
  const billing = order['billingAccount'] as { id?: string; name?: string } | undefined;
  if (billing?.id) return { id: billing.id, ...(billing.name ? { name: billing.name } : {}), '@referredType': 'BillingAccount' };
  const parties = (Array.isArray(order['relatedParty']) ? order['relatedParty'] : []) as { id?: string; name?: string; role?: string }[];
  const customer = parties.find((p) => p.role?.toLowerCase() === 'customer' && p.id);
  if (customer?.id) return { id: customer.id, ...(customer.name ? { name: customer.name } : {}), '@referredType': 'PartyAccount' };
  return { id: order.id, '@referredType': 'ProductOrder' };
}

const statusOf: Record<ChargeStatus, StoredPayment['status']> = {
  approved: PaymentStatus.captured,
  declined: PaymentStatus.denied,
  pending: PaymentStatus.pending,
  canceled: PaymentStatus.canceled,
};

/**
 * Records what the provider said about a payment (its answer to the job, or a webhook), with a
 * PaymentStateChangeEvent when the status moved. A decided payment is never moved back to
 * pending by a late answer. `tellProcess`: the process waits for message payment-result.
 */
export async function recordProviderAnswer(payments: PaymentStore, paymentId: string, answer: Charge, tellProcess: boolean): Promise<StoredPayment> {
  return retryOnRace(`payment ${paymentId}`, async () => {
    const current = await payments.payments.findStored(paymentId);
    if (!current) throw new Error(`payment ${paymentId} does not exist`);
    if (current._ordo.providerPaymentId && current._ordo.providerPaymentId !== answer.id) {
      throw new Error(`payment ${paymentId} is provider payment ${current._ordo.providerPaymentId}, not ${answer.id}`);
    }
    const decided = current.status !== PaymentStatus.pending;
    const status = decided ? current.status : statusOf[answer.status];
    const moved = status !== current.status;
    if (current._ordo.providerPaymentId && !moved) return current;
    const now = new Date().toISOString();
    const next: StoredPayment = {
      ...current,
      status,
      ...(moved ? { statusDate: now } : {}),
      ...(moved && status === PaymentStatus.captured ? { paymentDate: now } : {}),
      ...(answer.authorizationCode && !decided ? { authorizationCode: answer.authorizationCode } : {}),
      ...(moved && status === PaymentStatus.denied ? { description: `${current.description}: declined (${answer.declineReason ?? 'no reason given'})` } : {}),
    };
    const { _id, _ordo, ...visible } = next;
    const set: Record<string, unknown> = {
      status: next.status,
      statusDate: next.statusDate,
      description: next.description,
      '_ordo.providerPaymentId': answer.id,
      ...(next.paymentDate ? { paymentDate: next.paymentDate } : {}),
      ...(next.authorizationCode ? { authorizationCode: next.authorizationCode } : {}),
      ...(moved && answer.declineReason ? { '_ordo.declineReason': answer.declineReason } : {}),
      // A checkout's payment has no process waiting for it: the cart's checkout takes it up (carts/checkout.ts).
      ...(moved && tellProcess && !current._ordo.cartId ? { '_ordo.resultPending': true } : {}),
    };
    const events = moved ? [paymentStateChangedEvent(visible, `provider: ${answer.status}${answer.declineReason ? ` (${answer.declineReason})` : ''}`)] : [];
    if (!(await payments.payments.updateAtRevision(paymentId, current._ordo.revision, withEvents({ $set: set }, events)))) return LOST_RACE;
    return { ...next, _ordo: { ..._ordo, revision: _ordo.revision + 1, providerPaymentId: answer.id, ...(moved && answer.declineReason ? { declineReason: answer.declineReason } : {}), ...(moved && tellProcess && !current._ordo.cartId ? { resultPending: true as const } : {}) } };
  });
}

/** ISO-8601 duration for a BPMN timer, e.g. PT30M as PT1800S. */
export const isoDuration = (ms: number) => `PT${Math.max(1, Math.ceil(ms / 1000))}S`;

/**
 * Records a payment whose request the provider refused as invalid (400 or 402: a bad or expired
 * token) as denied, with its PaymentStateChangeEvent, unless it was decided meanwhile. Nothing was
 * charged: the provider made no payment.
 */
export function declinePayment(payments: PaymentStore, paymentId: string, reason: string): Promise<StoredPayment> {
  return retryOnRace(`payment ${paymentId}`, async () => {
    const current = await payments.payments.findStored(paymentId);
    if (!current) throw new Error(`payment ${paymentId} does not exist`);
    if (current.status !== PaymentStatus.pending) return current;
    const next: StoredPayment = { ...current, status: PaymentStatus.denied, statusDate: new Date().toISOString(), description: `${current.description}: declined (${reason})` };
    const { _id, _ordo, ...visible } = next;
    const set = { status: next.status, statusDate: next.statusDate, description: next.description, '_ordo.declineReason': reason };
    const events = [paymentStateChangedEvent(visible, `provider refused the request: ${reason}`)];
    if (!(await payments.payments.updateAtRevision(paymentId, current._ordo.revision, withEvents({ $set: set }, events)))) return LOST_RACE;
    return { ...next, _ordo: { ..._ordo, revision: _ordo.revision + 1, declineReason: reason } };
  });
}
