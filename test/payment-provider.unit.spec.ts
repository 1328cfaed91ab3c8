import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { SIGNATURE_HEADER, type CreatePaymentRequest, type ProviderWebhookEvent } from '../adapters/payment/provider-api.js';
import { PaymentProviderClient, type PaymentProviderClientOptions } from '../adapters/payment/payment-provider-client.js';
import { ProviderWebhook } from '../adapters/payment/provider-webhook.js';
import { PaymentProviderSimulator } from '../adapters/payment/simulator.js';
import { signWebhook, verifyWebhookSignature } from '../adapters/payment/webhook-signature.js';
import { PaymentRefusedError } from '../engine/payments/payment-provider.js';
import { rejection } from './support/rejection.js';

const secret = 'whsec_test';
const apiKey = 'sk_test';

/** A merchant's webhook endpoint: keeps the raw body and signature of every delivery; answers `statuses` in turn, then 200. */
class WebhookReceiver {
  readonly received: { rawBody: string; signature: string | undefined; event: ProviderWebhookEvent }[] = [];
  statuses: number[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const app = express();
    app.post('/webhooks/payment', express.raw({ type: 'application/json' }), (req, res) => {
      const status = this.statuses.shift() ?? 200;
      const rawBody = (req.body as Buffer).toString('utf8');
      if (status < 300) this.received.push({ rawBody, signature: req.get('payment-signature'), event: JSON.parse(rawBody) as ProviderWebhookEvent });
      res.status(status).end();
    });
    this.server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/payment`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('adapters/payment: provider client, simulator and webhook signatures', function () {
  this.timeout(15_000);
  let simulator: PaymentProviderSimulator;
  let receiver: WebhookReceiver;
  let client: PaymentProviderClient;
  let keys = 0;
  const key = () => `key-${++keys}`;
  const clientWith = (options: Partial<PaymentProviderClientOptions> = {}) => new PaymentProviderClient({ baseUrl: simulator.baseUrl, apiKey, timeoutMs: 2000, retryDelayMs: 10, ...options });
  const payment = (token: string, overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => ({
    amount: { currency: 'EUR', minor: 1999 },
    method: { type: 'card', token },
    reference: 'order-1',
    webhookUrl: receiver.url,
    ...overrides,
  });

  beforeEach(async () => {
    simulator = await PaymentProviderSimulator.start({ apiKey, webhookSecret: secret, callbackDelayMs: 20 });
    receiver = new WebhookReceiver();
    await receiver.start();
    client = clientWith();
  });

  afterEach(async () => {
    await simulator.close();
    await receiver.stop();
  });

  describe('payments', () => {
    it('approves an ordinary token with an authorization code', async () => {
      const approved = await client.createPayment(payment('tok_visa'), key());
      expect(approved).to.include({ status: 'approved', reference: 'order-1', refundedMinor: 0 });
      expect(approved.amount).to.deep.equal({ currency: 'EUR', minor: 1999 });
      expect(approved.authorizationCode).to.match(/^[0-9A-F]{6}$/);
      expect(await client.getPayment(approved.id)).to.deep.equal(approved);
    });

    it('declines with the reason named in the token, card_declined otherwise', async () => {
      const insufficient = await client.createPayment(payment('tok_decline_insufficient_funds'), key());
      expect(insufficient).to.include({ status: 'declined', declineReason: 'insufficient_funds' });
      expect(insufficient.authorizationCode).to.equal(undefined);
      expect(await client.createPayment(payment('tok_decline'), key())).to.include({ status: 'declined', declineReason: 'card_declined' });
    });

    it('follows scripts before the token convention', async () => {
      simulator.script({ amountMinor: 4242 }, { outcome: 'decline', declineReason: 'do_not_honor' });
      expect(await client.createPayment(payment('tok_visa', { amount: { currency: 'EUR', minor: 4242 } }), key())).to.include({ status: 'declined', declineReason: 'do_not_honor' });
      expect((await client.createPayment(payment('tok_visa'), key())).status).to.equal('approved');
      simulator.reset();
      expect((await client.createPayment(payment('tok_visa', { amount: { currency: 'EUR', minor: 4242 } }), key())).status).to.equal('approved');
    });

    it('refuses a scripted token as expired (402, no payment made), yet answers a key it already charged under with that charge', async () => {
      const charged = key();
      const first = await client.createPayment(payment('tok_expiring'), charged);
      simulator.script({ token: 'tok_expiring' }, { outcome: 'refuse' });
      expect(await client.createPayment(payment('tok_expiring'), charged)).to.deep.equal(first);
      const refused = await rejection(client.createPayment(payment('tok_expiring'), key()));
      expect(refused).to.be.instanceOf(PaymentRefusedError);
      expect(refused).to.include({ status: 402, code: 'token_expired' });
      expect(simulator.charges()).to.have.length(1);
    });

    it('answers the same payment for a repeated idempotency key, and refuses the key for another request', async () => {
      const k = key();
      const first = await client.createPayment(payment('tok_visa'), k);
      const again = await client.createPayment(payment('tok_visa'), k);
      expect(again).to.deep.equal(first);
      expect(simulator.charges()).to.have.length(1);
      const reused = await rejection(client.createPayment(payment('tok_visa', { amount: { currency: 'EUR', minor: 1 } }), k));
      expect(reused).to.be.instanceOf(PaymentRefusedError);
      expect(reused).to.include({ status: 422, code: 'idempotency_key_reused' });
      expect(simulator.charges()).to.have.length(1);
    });

    it('refuses invalid requests with 400 invalid_request, without retrying', async () => {
      const bad: unknown[] = [
        payment('tok_visa', { amount: { currency: 'EUR', minor: 19.99 } }),
        payment('tok_visa', { amount: { currency: 'EUR', minor: -1 } }),
        payment('tok_visa', { amount: { currency: 'eur', minor: 1 } }),
        { ...payment('tok_visa'), method: { type: 'cash', token: 'x' } },
        payment(''),
      ];
      for (const body of bad) {
        const err = await rejection(client.createPayment(body as CreatePaymentRequest, key()));
        expect(err, JSON.stringify(body)).to.be.instanceOf(PaymentRefusedError).and.include({ status: 400, code: 'invalid_request' });
      }
      const post = (body: string, headers: Record<string, string>) => fetch(`${simulator.baseUrl}/v1/payments`, { method: 'POST', body, headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', ...headers } });
      const withoutKey = await post(JSON.stringify(payment('tok_visa')), {});
      expect(withoutKey.status).to.equal(400);
      expect(await withoutKey.json()).to.deep.equal({ error: 'invalid_request', message: 'the Idempotency-Key header is required' });
      const notJson = await post('{"amount":', { 'Idempotency-Key': key() });
      expect(notJson.status).to.equal(400);
      expect(((await notJson.json()) as { error: string }).error).to.equal('invalid_request');
      expect(simulator.requestCount('POST')).to.equal(bad.length + 2);
      expect(simulator.charges()).to.have.length(0);
    });

    it('refuses a wrong API key with 401', async () => {
      const err = await rejection(clientWith({ apiKey: 'sk_wrong' }).getPayment('pay_x'));
      expect(err).to.be.instanceOf(PaymentRefusedError).and.include({ status: 401, code: 'unauthorized' });
    });

    it('answers 404 not_found for an unknown payment', async () => {
      expect(await rejection(client.getPayment('pay_unknown'))).to.include({ status: 404, code: 'not_found' });
    });
  });

  describe('client retries', () => {
    it('retries 5xx answers with the same key and makes one charge', async () => {
      simulator.failNext(2);
      const created = await client.createPayment(payment('tok_visa'), key());
      expect(created.status).to.equal('approved');
      expect(simulator.requestCount('POST')).to.equal(3);
      expect(simulator.charges().map((c) => c.id)).to.deep.equal([created.id]);
    });

    it('retries 429', async () => {
      simulator.failNext(1, 429);
      expect((await client.createPayment(payment('tok_visa'), key())).status).to.equal('approved');
      expect(simulator.charges()).to.have.length(1);
    });

    it('gives up after the retries with a plain error naming the call and the last status', async () => {
      simulator.failNext(3, 502);
      const err = await rejection(client.createPayment(payment('tok_visa'), key()));
      expect(err).not.to.be.instanceOf(PaymentRefusedError);
      expect(err.message).to.include('POST /v1/payments').and.include('HTTP 502').and.include('3 attempt');
      expect(simulator.charges()).to.have.length(0);
    });

    it('retries a timed-out creation and finds the payment the first attempt made', async () => {
      const slowClient = clientWith({ timeoutMs: 150 });
      const created = await slowClient.createPayment(payment('tok_slow_400'), key());
      expect(created.status).to.equal('approved');
      expect(simulator.requestCount('POST')).to.equal(2);
      expect(simulator.charges()).to.have.length(1);
    });

    it('stops when the caller aborts', async () => {
      const controller = new AbortController();
      const pending = rejection(client.createPayment(payment('tok_slow_500'), key(), controller.signal));
      setTimeout(() => controller.abort(), 50);
      const err = await pending;
      expect(err).not.to.be.instanceOf(PaymentRefusedError);
      expect(simulator.requestCount('POST')).to.equal(1);
    });
  });

  describe('pending payments and webhooks', () => {
    it('settles pending_approve and sends a signed webhook', async () => {
      const created = await client.createPayment(payment('tok_pending_approve'), key());
      expect(created.status).to.equal('pending');
      const delivery = await until('the webhook', () => receiver.received[0]);
      const verified = verifyWebhookSignature(delivery.signature, delivery.rawBody, secret, 60_000, new Date());
      expect(verified.ok, JSON.stringify(verified)).to.equal(true);
      expect(delivery.event).to.include({ type: 'payment.updated' });
      expect(delivery.event.data.payment).to.include({ id: created.id, status: 'approved' });
      expect(await client.getPayment(created.id)).to.include({ status: 'approved' });
      expect(simulator.webhookDeliveries()).to.deep.equal([{ paymentId: created.id, eventId: delivery.event.id, status: 200 }]);
    });

    it('settles pending_decline as declined', async () => {
      const created = await client.createPayment(payment('tok_pending_decline'), key());
      const delivery = await until('the webhook', () => receiver.received[0]);
      expect(delivery.event.data.payment).to.include({ id: created.id, status: 'declined', declineReason: 'card_declined' });
    });

    it('sends the same event twice for duplicate_callback', async () => {
      const created = await client.createPayment(payment('tok_duplicate_callback'), key());
      await until('two webhooks', () => receiver.received.length === 2);
      const [first, second] = receiver.received;
      expect(first!.event.id).to.equal(second!.event.id);
      expect(first!.event.data.payment).to.include({ id: created.id, status: 'approved' });
      expect(simulator.webhookDeliveries().map((d) => d.eventId)).to.deep.equal([first!.event.id, first!.event.id]);
    });

    it('leaves pending_silent pending until settle(), and replays its last webhook', async () => {
      const created = await client.createPayment(payment('tok_pending_silent'), key());
      await new Promise((r) => setTimeout(r, 100));
      expect(receiver.received).to.have.length(0);
      expect(await simulator.settle(created.id, 'decline')).to.equal(200);
      expect(await client.getPayment(created.id)).to.include({ status: 'declined' });
      expect(await simulator.resendLastWebhook(created.id)).to.equal(200);
      expect(receiver.received.map((r) => r.event.id)).to.deep.equal([receiver.received[0]!.event.id, receiver.received[0]!.event.id]);
    });

    it('retries a webhook answered 5xx, and not one answered 4xx', async () => {
      const retried = await client.createPayment(payment('tok_pending_silent'), key());
      receiver.statuses = [503];
      expect(await simulator.settle(retried.id, 'approve')).to.equal(200);
      expect(simulator.webhookDeliveries().map((d) => d.status)).to.deep.equal([503, 200]);

      const refused = await client.createPayment(payment('tok_pending_silent'), key());
      receiver.statuses = [400];
      expect(await simulator.settle(refused.id, 'approve')).to.equal(400);
      expect(simulator.webhookDeliveries().filter((d) => d.paymentId === refused.id).map((d) => d.status)).to.deep.equal([400]);
    });

    it('cancels a pending payment, again without harm, but not a settled one', async () => {
      const pending = await client.createPayment(payment('tok_pending_silent'), key());
      expect(await client.cancelPayment(pending.id, key())).to.include({ id: pending.id, status: 'canceled' });
      expect(await client.cancelPayment(pending.id, key())).to.include({ status: 'canceled' });
      const approved = await client.createPayment(payment('tok_visa'), key());
      expect(await rejection(client.cancelPayment(approved.id, key()))).to.include({ status: 409, code: 'not_cancelable' });
      expect(simulator.payment(approved.id)?.status).to.equal('approved');
    });
  });

  describe('refunds', () => {
    it('refunds once per idempotency key and refuses more than is left', async () => {
      const paid = await client.createPayment(payment('tok_visa', { amount: { currency: 'EUR', minor: 1000 } }), key());
      const k = key();
      const refund = await client.refundPayment(paid.id, k, { currency: 'EUR', minor: 400 });
      expect(refund).to.include({ paymentId: paid.id, status: 'succeeded' });
      expect(await client.refundPayment(paid.id, k, { currency: 'EUR', minor: 400 })).to.deep.equal(refund);
      expect(simulator.refunds()).to.have.length(1);
      expect(simulator.payment(paid.id)?.refundedMinor).to.equal(400);

      expect(await rejection(client.refundPayment(paid.id, key(), { currency: 'EUR', minor: 601 }))).to.include({ status: 422, code: 'amount_too_large' });
      const rest = await client.refundPayment(paid.id, key());
      expect(rest.amount).to.deep.equal({ currency: 'EUR', minor: 600 });
      expect((await client.getPayment(paid.id)).refundedMinor).to.equal(1000);
    });

    it('refuses to refund a payment that was not approved', async () => {
      const declined = await client.createPayment(payment('tok_decline'), key());
      expect(await rejection(client.refundPayment(declined.id, key()))).to.include({ status: 409, code: 'not_refundable' });
      expect(simulator.refunds()).to.have.length(0);
    });
  });

  describe('webhook signatures', () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'payment.updated' });
    const at = new Date('2030-01-01T00:00:00Z');
    const verify = (header: string | undefined, raw: string | Buffer = body, key = secret, now = at) => verifyWebhookSignature(header, raw, key, 300_000, now);

    it('accepts its own signature, over a string or the received bytes', () => {
      const header = signWebhook(secret, body, at);
      expect(header).to.match(/^t=1893456000,v1=[0-9a-f]{64}$/);
      expect(verify(header)).to.deep.equal({ ok: true, timestamp: at });
      expect(verify(header, Buffer.from(body)).ok).to.equal(true);
    });

    it('rejects a tampered body, a wrong secret, a stale or future timestamp and a missing or malformed header', () => {
      const header = signWebhook(secret, body, at);
      expect(verify(header, body.replace('evt_1', 'evt_2'))).to.deep.equal({ ok: false, reason: 'signature mismatch' });
      expect(verify(header, body, 'whsec_other')).to.deep.equal({ ok: false, reason: 'signature mismatch' });
      const stale = verify(header, body, secret, new Date(at.getTime() + 301_000));
      expect(stale.ok).to.equal(false);
      expect(stale.ok === false && stale.reason).to.match(/too old/);
      const future = verify(header, body, secret, new Date(at.getTime() - 301_000));
      expect(future.ok === false && future.reason).to.match(/future/);
      expect(verify(undefined)).to.deep.equal({ ok: false, reason: 'missing signature header' });
      for (const malformed of ['garbage', 't=abc,v1=00', `v1=${'0'.repeat(64)}`, 't=1893456000', `t=1,t=2,v1=${'0'.repeat(64)}`]) expect(verify(malformed).ok, malformed).to.equal(false);
    });

    it('accepts any one of several v1 signatures, for secret rotation', () => {
      const old = signWebhook('whsec_old', body, at);
      const current = signWebhook(secret, body, at);
      expect(verify(`${old},${current.split(',')[1]}`).ok).to.equal(true);
      expect(verify(old).ok).to.equal(false);
    });
  });

  describe('the webhook port', () => {
    const webhook = new ProviderWebhook({ secret, toleranceMs: 300_000 });
    const read = (body: string, signature: string | undefined) => webhook.read(Buffer.from(body), (name) => (name === SIGNATURE_HEADER ? signature : undefined));
    const charge = { id: 'pay_1', status: 'approved', amount: { currency: 'EUR', minor: 1999 }, reference: 'order-1' };

    it('reads a signed callback as an event about a charge', () => {
      const body = JSON.stringify({ id: 'evt_1', type: 'payment.updated', createdAt: new Date().toISOString(), data: { payment: charge } });
      expect(read(body, signWebhook(secret, body, new Date()))).to.deep.equal({ ok: true, event: { id: 'evt_1', charge } });
    });

    it('refuses a forged or stale signature before reading the body, then a body that is not a payment callback', () => {
      expect(read('{}', undefined)).to.deep.equal({ ok: false, refused: 'signature', reason: 'missing signature header' });
      expect(read('{}', signWebhook('whsec_other', '{}', new Date()))).to.include({ refused: 'signature', reason: 'signature mismatch' });
      expect(read('{}', signWebhook(secret, '{}', new Date(Date.now() - 301_000)))).to.include({ refused: 'signature' });
      expect(read('{"id":', signWebhook(secret, '{"id":', new Date()))).to.deep.equal({ ok: false, refused: 'body', reason: 'Callback body is not JSON' });
      expect(read('{"id":"evt_1"}', signWebhook(secret, '{"id":"evt_1"}', new Date()))).to.include({ refused: 'body', reason: 'Not a payment callback' });
    });
  });
});
