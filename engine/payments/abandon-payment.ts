import { withEvents } from '../events/outbox.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import type { Logger } from '../observability/logger.js';
import { recordProviderAnswer, sendCharge, type ProviderDeps } from './collect-payment.js';
import { PaymentStatus, type GiveUpCause, type StoredPayment } from './payment.js';
import { paymentStateChangedEvent } from './payment-events.js';
import { PaymentRefusedError, type Charge } from './payment-provider.js';
import type { PaymentStore } from './payment-store.js';
import { cancelCharge, refundInFull, RefundRefusedError } from './refund-payment.js';

/** What became of an abandoned payment at the provider, or why a person has to settle it. */
export type Settlement = { outcome: 'refunded' | 'canceled' | 'nothingCharged' } | { outcome: 'needsPerson'; reason: string };

/**
 * Ordo gives up on a checkout's payment the provider has not answered in time (it could not be
 * reached, or kept refusing the requests): recorded `canceled` at once, so that no late answer can
 * make it captured and pay for an order, with `_ordo.givenUp`. One that was sent (`_ordo.sentAt`)
 * is marked `_ordo.abandoned` until it is settled at the provider (settleAbandoned), because the
 * request may have reached it and charged the method; one never sent has nothing to settle. A
 * payment decided meanwhile is answered as it is.
 */
export function abandonPayment(payments: PaymentStore, paymentId: string, why: GiveUpCause): Promise<StoredPayment> {
  return retryOnRace(`payment ${paymentId}`, async () => {
    const current = await payments.payments.findStored(paymentId);
    if (!current) throw new Error(`payment ${paymentId} does not exist`);
    if (current.status !== PaymentStatus.pending) return current;
    const now = new Date();
    // The description is left as it was: it is part of the request settleAbandoned may send again.
    const next: StoredPayment = { ...current, status: PaymentStatus.canceled, statusDate: now.toISOString() };
    const { _id, _ordo, ...visible } = next;
    const givenUp = { at: now, why };
    // Sent, or recorded by a version that did not say (it may have been sent): to be settled.
    const mayHaveBeenSent = !!current._ordo.sentAt || !!current._ordo.providerPaymentId || !current._ordo.sendTracked;
    const abandoned = mayHaveBeenSent ? { at: now, nextTryAt: now } : undefined;
    const cause = why === 'unreachable' ? 'the provider could not be reached in time' : 'the provider kept refusing the requests';
    const event = paymentStateChangedEvent(visible, `${cause}: given up, ${abandoned ? 'to be settled at the provider' : 'never sent: nothing charged'}`);
    const update = withEvents({ $set: { status: next.status, statusDate: next.statusDate, '_ordo.givenUp': givenUp, ...(abandoned ? { '_ordo.abandoned': abandoned } : {}) } }, [event]);
    if (!(await payments.payments.updateAtRevision(paymentId, current._ordo.revision, update))) return LOST_RACE;
    return { ...next, _ordo: { ..._ordo, revision: _ordo.revision + 1, givenUp, ...(abandoned ? { abandoned } : {}) } };
  });
}

/**
 * Settles an abandoned payment at the provider. One it never answered is sent again, the same
 * request under the same idempotency key: the provider answers the charge it made, or makes it
 * now (it cannot tell Ordo otherwise whether the first request arrived), or refuses the request as
 * invalid (400 or 402, e.g. a token expired since), which it would not do for a key it charged
 * under: nothing was charged. A pending charge is then cancelled, an approved one refunded in full
 * (refund:<payment>). Safe to run again at any point; throws while the provider cannot be reached,
 * and the mark stays until it succeeds.
 *
 * What Ordo cannot settle (the provider refuses the request sent again as another one under the
 * key (422), does not know the charge (404), or refuses the refund) is handed to a person: marked
 * `_ordo.abandoned.needsPerson` with the reason and no longer tried.
 */
export async function settleAbandoned(deps: ProviderDeps, payment: StoredPayment, signal?: AbortSignal): Promise<Settlement> {
  let outcome: 'refunded' | 'canceled' | 'nothingCharged';
  try {
    outcome = await settleAtProvider(deps, payment, signal);
  } catch (err) {
    const reason = whyAPersonMustSettle(err);
    if (!reason) throw err;
    await changeMark(deps.payments, payment.id, { $set: { '_ordo.abandoned.needsPerson': { reason, at: new Date() } }, $unset: { '_ordo.abandoned.nextTryAt': '' } });
    return { outcome: 'needsPerson', reason };
  }
  await changeMark(deps.payments, payment.id, { $unset: { '_ordo.abandoned': '' } });
  return { outcome };
}

/**
 * Settles an abandoned payment if it can, and logs what became of it: settled, handed to a person
 * (at error level: money may be held that Ordo cannot give back), or not yet (tried again later).
 * Never throws: nothing waits on it.
 */
export async function trySettleAbandoned(deps: ProviderDeps & { log: Logger }, payment: StoredPayment, signal?: AbortSignal): Promise<Settlement | undefined> {
  const where = { paymentId: payment.id, cartId: payment._ordo.cartId, orderId: payment._ordo.orderId };
  try {
    const settlement = await settleAbandoned(deps, payment, signal);
    if (settlement.outcome === 'needsPerson') deps.log.error('abandoned checkout payment cannot be settled by Ordo: a person has to settle it at the provider', { ...where, reason: settlement.reason });
    else deps.log.info('abandoned checkout payment settled at the provider', { ...where, settlement: settlement.outcome });
    return settlement;
  } catch (err) {
    deps.log.warn('abandoned checkout payment not settled yet; tried again later', { ...where, error: (err as Error).message });
    return undefined;
  }
}

async function settleAtProvider(deps: ProviderDeps, payment: StoredPayment, signal?: AbortSignal): Promise<'refunded' | 'canceled' | 'nothingCharged'> {
  let charge = await chargeUnderKey(deps, payment, signal);
  if (!charge) return 'nothingCharged';
  // Records the provider's id; the status stays canceled.
  const recorded = await recordProviderAnswer(deps.payments, payment.id, charge, false);
  if (charge.status === 'pending') charge = await cancelCharge(deps.provider, charge.id, payment.id, signal);
  if (charge.status !== 'approved') return charge.status === 'canceled' ? 'canceled' : 'nothingCharged';
  await refundInFull(deps.payments, deps.provider, recorded, signal);
  return 'refunded';
}

/** What the provider holds under the payment's key: asked by its id once known, else by the same request sent again; undefined when it holds nothing. */
async function chargeUnderKey(deps: ProviderDeps, payment: StoredPayment, signal?: AbortSignal): Promise<Charge | undefined> {
  const known = payment._ordo.providerPaymentId;
  if (known) return deps.provider.getPayment(known, signal);
  // Sent again once the provider may have forgotten the key, the request would be a new one, and a
  // refusal would no longer say that nothing was charged under the old one.
  const sentAt = payment._ordo.sentAt ?? payment._ordo.givenUp?.at;
  if (sentAt && Date.now() - sentAt.getTime() > PROVIDER_KEY_RETENTION_MS) throw new CannotSettle(`sent ${sentAt.toISOString()}, longer ago than a provider keeps idempotency keys (${PROVIDER_KEY_RETENTION_MS / 3_600_000} h): sending it again would be a new request`);
  try {
    return await sendCharge(deps, payment, signal);
  } catch (err) {
    if (!(err instanceof PaymentRefusedError)) throw err;
    // Refused as invalid: had the key been charged under, the provider would answer that charge.
    if (err.status === 400 || err.status === 402) return undefined;
    // A request under the key still in flight: asked again later.
    if (err.status === 409) throw new Error(`${err.message} (tried again later)`);
    throw err;
  }
}

/** How long a payment provider is taken to keep an idempotency key (Stripe: 24 h). */
const PROVIDER_KEY_RETENTION_MS = 24 * 3_600_000;

/** Ordo cannot settle the payment itself. */
class CannotSettle extends Error {}

/** Why Ordo cannot settle it, or undefined when a later try may. */
function whyAPersonMustSettle(err: unknown): string | undefined {
  if (err instanceof RefundRefusedError || err instanceof CannotSettle) return err.message;
  // Not about this payment: Ordo's key or access (an operator fixes it, and the next try settles it),
  // or a conflict with another run's request under the same key, which passes.
  if (err instanceof PaymentRefusedError && ![401, 403, 408, 409].includes(err.status)) return `the provider refused: ${err.message}`;
  return undefined;
}

/** Changes an abandoned payment's mark, unless it was settled meanwhile. */
function changeMark(payments: PaymentStore, paymentId: string, update: { $set?: Record<string, unknown>; $unset?: Record<string, ''> }): Promise<void> {
  return retryOnRace(`payment ${paymentId}`, async () => {
    const current = await payments.payments.findStored(paymentId);
    if (!current?._ordo.abandoned) return undefined;
    return (await payments.payments.updateAtRevision(paymentId, current._ordo.revision, update)) ? undefined : LOST_RACE;
  });
}
