import express, { Router } from 'express';
import type { Collection } from 'mongodb';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { recordProviderAnswer } from './collect-payment.js';
import type { PaymentWebhook } from './payment-provider.js';
import type { PaymentStore } from './payment-store.js';

/** Where the payment provider posts its callbacks (not a TMF API: the provider's own format). */
export const PAYMENT_WEBHOOK_PATH = '/webhooks/payment';

export interface WebhookDeps {
  payments: PaymentStore;
  /** Tells the provider's callbacks from forgeries and replays, and reads them. */
  webhook: PaymentWebhook;
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

/**
 * Provider callbacks: the webhook port checks them over the exact bytes received, so this route
 * reads its body raw, before the JSON parser. A callback settles the payment it names (a decided payment
 * is never changed again, so duplicates are harmless) and the process is told by message.
 */
export function paymentWebhookRoutes(deps: WebhookDeps, seenEvents: Collection<SeenEvent>): Router {
  const router = Router();
  router.post(PAYMENT_WEBHOOK_PATH, express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const reading = deps.webhook.read(raw, (name) => req.get(name));
    if (!reading.ok && reading.refused === 'signature') {
      deps.log.warn('payment callback refused', { reason: reading.reason, ip: req.ip });
      throw new ApiError(401, 'INVALID_SIGNATURE', 'Callback signature refused', reading.reason);
    }
    if (!reading.ok) throw new ApiError(400, 'INVALID_BODY', reading.reason, reading.detail);
    const { event } = reading;
    if (await seenEvents.findOne({ _id: event.id })) {
      res.json({ received: true, duplicate: true });
      return;
    }
    const answer = event.charge;
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
