import express, { Router } from 'express';
import type { Collection } from 'mongodb';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { SIGNATURE_HEADER, type ProviderWebhookEvent } from '../../adapters/payment/provider-api.js';
import { verifyWebhookSignature } from '../../adapters/payment/webhook-signature.js';
import { recordProviderAnswer } from './collect-payment.js';
import type { PaymentStore } from './payment-store.js';

/** Where the payment provider posts its callbacks (not a TMF API: the provider's own format). */
export const PAYMENT_WEBHOOK_PATH = '/webhooks/payment';

export interface WebhookDeps {
  payments: PaymentStore;
  /** Shared with the provider; callbacks are signed with it. */
  secret: string;
  /** How old (or how far ahead) a signed callback may be: older ones are replays. */
  toleranceMs: number;
  /** A callback that settled a payment: tell its process now. */
  decided: (paymentId: string) => void;
  /** A callback about a shopping cart's checkout payment: the checkout goes on now. */
  checkoutDecided?: (cartId: string) => void;
  log: Logger;
}

interface SeenEvent {
  _id: string;
  paymentId: string;
  receivedAt: Date;
}

const isEvent = (v: unknown): v is ProviderWebhookEvent => {
  const e = v as ProviderWebhookEvent | null;
  const p = e?.data?.payment;
  return typeof e?.id === 'string' && typeof p?.id === 'string' && typeof p.reference === 'string' && typeof p.status === 'string' && typeof p.amount?.minor === 'number';
};

/**
 * Provider callbacks: the signature is checked over the exact bytes received, so this route reads
 * its body raw, before the JSON parser. A callback settles the payment it names (a decided payment
 * is never changed again, so duplicates are harmless) and the process is told by message.
 */
export function paymentWebhookRoutes(deps: WebhookDeps, seenEvents: Collection<SeenEvent>): Router {
  const router = Router();
  router.post(PAYMENT_WEBHOOK_PATH, express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verified = verifyWebhookSignature(req.get(SIGNATURE_HEADER), raw, deps.secret, deps.toleranceMs, new Date());
    if (!verified.ok) {
      deps.log.warn('payment callback refused', { reason: verified.reason, ip: req.ip });
      throw new ApiError(401, 'INVALID_SIGNATURE', 'Callback signature refused', verified.reason);
    }
    let event: unknown;
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError(400, 'INVALID_BODY', 'Callback body is not JSON');
    }
    if (!isEvent(event)) throw new ApiError(400, 'INVALID_BODY', 'Not a payment callback', 'expected { id, data: { payment: { id, reference, status, amount } } }');
    if (await seenEvents.findOne({ _id: event.id })) {
      res.json({ received: true, duplicate: true });
      return;
    }
    const answer = event.data.payment;
    const payment = await deps.payments.payments.findStored(answer.reference);
    if (!payment) throw new ApiError(404, 'NOT_FOUND', 'No such payment', `no payment ${answer.reference} was sent to the provider`);
    if (answer.amount.minor !== payment._ordo.amount.minor || answer.amount.currency !== payment._ordo.amount.currency) {
      deps.log.error('payment callback amount differs from the payment; not applied', { paymentId: payment.id, orderId: payment._ordo.orderId, expected: payment._ordo.amount, got: answer.amount });
      throw new ApiError(409, 'AMOUNT_MISMATCH', 'Callback amount differs from the payment', `payment ${payment.id} is ${payment._ordo.amount.minor} ${payment._ordo.amount.currency} (minor units)`);
    }
    const updated = await recordProviderAnswer(deps.payments, payment.id, answer, true);
    await seenEvents.insertOne({ _id: event.id, paymentId: payment.id, receivedAt: new Date() }).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
    if (updated._ordo.resultPending) deps.decided(payment.id);
    if (updated._ordo.cartId) deps.checkoutDecided?.(updated._ordo.cartId);
    deps.log.info('payment callback', { paymentId: payment.id, orderId: payment._ordo.orderId, providerStatus: answer.status, status: updated.status, eventId: event.id });
    res.json({ received: true });
  });
  return router;
}
