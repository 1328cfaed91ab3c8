import { withEvents } from '../events/outbox.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { recordProviderAnswer, sendCharge, type ProviderDeps } from './collect-payment.js';
import { PaymentStatus, type StoredPayment } from './payment.js';
import { paymentStateChangedEvent } from './payment-events.js';
import type { PaymentStore } from './payment-store.js';
import { cancelCharge, refundInFull } from './refund-payment.js';

/** What became of an abandoned payment at the provider once it answered. */
export type Settlement = 'refunded' | 'canceled' | 'nothingCharged';

/**
 * Ordo gives up on a payment the provider has not answered in time (it could not be reached):
 * recorded `canceled` at once, so that no late answer can make it captured and pay for an order,
 * and marked `_ordo.abandoned` until it is settled at the provider (settleAbandoned), because the
 * request may have reached it and charged the method. A payment decided meanwhile is answered as it is.
 */
export function abandonPayment(payments: PaymentStore, paymentId: string): Promise<StoredPayment> {
  return retryOnRace(`payment ${paymentId}`, async () => {
    const current = await payments.payments.findStored(paymentId);
    if (!current) throw new Error(`payment ${paymentId} does not exist`);
    if (current.status !== PaymentStatus.pending) return current;
    const now = new Date();
    // The description is left as it was: it is part of the request settleAbandoned may send again.
    const next: StoredPayment = { ...current, status: PaymentStatus.canceled, statusDate: now.toISOString() };
    const { _id, _ordo, ...visible } = next;
    const abandoned = { at: now, nextTryAt: now };
    const update = withEvents({ $set: { status: next.status, statusDate: next.statusDate, '_ordo.abandoned': abandoned } }, [paymentStateChangedEvent(visible, 'the provider could not be reached in time: given up, to be settled at the provider')]);
    if (!(await payments.payments.updateAtRevision(paymentId, current._ordo.revision, update))) return LOST_RACE;
    return { ...next, _ordo: { ..._ordo, abandoned } };
  });
}

/**
 * Settles an abandoned payment at the provider. One it never answered is sent again, the same
 * request under the same idempotency key: the provider answers the charge it made, or makes it
 * now (it cannot tell Ordo otherwise whether the first request arrived). A pending charge is then
 * cancelled, an approved one refunded in full (refund:<payment>). Safe to run again at any point;
 * throws while the provider cannot be reached, and the mark stays until it succeeds.
 */
export async function settleAbandoned(deps: ProviderDeps, payment: StoredPayment, signal?: AbortSignal): Promise<Settlement> {
  const known = payment._ordo.providerPaymentId;
  let charge = known ? await deps.provider.getPayment(known, signal) : await sendCharge(deps, payment, signal);
  // Records the provider's id; the status stays canceled.
  const recorded = await recordProviderAnswer(deps.payments, payment.id, charge, false);
  if (charge.status === 'pending') charge = await cancelCharge(deps.provider, charge.id, payment.id, signal);
  const settlement: Settlement = charge.status === 'approved' ? 'refunded' : charge.status === 'canceled' ? 'canceled' : 'nothingCharged';
  if (settlement === 'refunded') await refundInFull(deps.payments, deps.provider, recorded, signal);
  await retryOnRace(`payment ${payment.id}`, async () => {
    const current = await deps.payments.payments.findStored(payment.id);
    if (!current?._ordo.abandoned) return undefined;
    return (await deps.payments.payments.updateAtRevision(payment.id, current._ordo.revision, { $unset: { '_ordo.abandoned': '' } })) ? undefined : LOST_RACE;
  });
  return settlement;
}
