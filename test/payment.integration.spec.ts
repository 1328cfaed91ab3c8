import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import type { Config } from '../engine/config/config.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF676_BASE_PATH } from '../engine/payments/tmf676.js';
import { PAYMENT_WEBHOOK_PATH } from '../engine/payments/webhook-routes.js';
import { collectUnitPayment } from '../engine/payments/collect-payment.js';
import type { StoredPayment } from '../engine/payments/payment.js';
import { logger } from '../engine/observability/logger.js';
import { PaymentProviderSimulator } from '../adapters/payment/simulator.js';
import { signWebhook } from '../adapters/payment/webhook-signature.js';
import { SIGNATURE_HEADER, type ProviderWebhookEvent } from '../adapters/payment/provider-api.js';
import { runWorkers } from '../workers/runtime/run-workers.js';
import { TMF637_BASE_PATH } from '../engine/product-inventory/tmf637.js';
import { importCatalog } from '../engine/catalog/import-catalog.js';
import { defaultCatalog } from './support/catalog.js';
import { collectEvents, eventually, httpJson, retireTestOrdo, sampleOrder, testConfig, paymentDepsOf } from './support/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'whsec_test_0123456789';
const oneTime = (value: unknown, unit = 'EUR') => ({ priceType: 'oneTime', price: { taxIncludedAmount: { unit, value } } });

/** A one-line mobile order paid at checkout with `token` (the simulator's outcome follows its name). */
const paidOrder = (token: string, options: { prices?: unknown[]; offering?: string; referredType?: string; items?: unknown[] } = {}) =>
  sampleOrder({
    payment: [{ id: token, '@referredType': options.referredType ?? 'BankCard' }],
    productOrderItem: options.items ?? [{ id: '1', action: 'add', quantity: 1, productOffering: { id: options.offering ?? 'mobile-basic' }, itemTotalPrice: options.prices ?? [oneTime(19.99)] }],
  });

async function place(ordo: Ordo, body: unknown): Promise<string> {
  const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, body);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.id as string;
}

async function finished(ordo: Ordo, id: string, timeoutMs = 60_000) {
  return eventually(`order ${id} to finish`, async () => {
    const order = (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${id}`)).body;
    return ['completed', 'partial', 'failed', 'cancelled'].includes(order.state) ? order : undefined;
  }, timeoutMs);
}

const paymentsOf = async (ordo: Ordo, orderId: string) => (await httpJson('GET', `${ordo.baseUrl}${TMF676_BASE_PATH}/payment?correlatorId=${orderId}`)).body as Record<string, any>[];
const reservedCount = (ordo: Ordo) => ordo.resources.collection.countDocuments({ resourceStatus: 'reserved' });

function paymentConfig(simulator: PaymentProviderSimulator, extra: Record<string, string> = {}): Config {
  return testConfig({
    ORDO_PAYMENT_PROVIDER_URL: simulator.baseUrl,
    ORDO_PAYMENT_PROVIDER_API_KEY: 'sk_test',
    ORDO_PAYMENT_WEBHOOK_SECRET: SECRET,
    ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS: '4000',
    ORDO_INVENTORY_SEED_SIZE: '200',
    ...extra,
  });
}

describe('payment at checkout: TMF676 payments through the provider, over real HTTP', () => {
  let simulator: PaymentProviderSimulator;
  before(async () => {
    simulator = await PaymentProviderSimulator.start({ apiKey: 'sk_test', webhookSecret: SECRET, callbackDelayMs: 300 });
  });
  after(() => simulator?.close());
  afterEach(() => simulator.reset());

  describe('one Ordo running every worker', () => {
    let ordo: Ordo;
    let config: Config;
    let paymentEvents: Awaited<ReturnType<typeof collectEvents>>;

    before(async () => {
      config = paymentConfig(simulator);
      ordo = await startOrdo(config);
      await ordo.deployed;
      paymentEvents = await collectEvents(config, 'payment');
    });
    after(async () => {
      await paymentEvents?.stop();
      if (ordo) await retireTestOrdo(ordo);
    });

    it('approved: the order completes, the payment is captured, charged once, and published as TMF676 events', async () => {
      const id = await place(ordo, paidOrder('tok_visa'));
      expect((await finished(ordo, id)).state).to.equal('completed');
      const [payment, ...more] = await paymentsOf(ordo, id);
      expect(more).to.have.length(0);
      expect(payment).to.include({ status: 'captured', correlatorId: id, '@type': 'Payment' });
      expect(payment.totalAmount).to.deep.equal({ unit: 'EUR', value: 19.99 });
      expect(payment.paymentMethod).to.deep.equal({ '@type': 'BankCard', name: 'BankCard' });
      expect(payment.account).to.include({ id: 'cust-42', '@referredType': 'PartyAccount' });
      expect(payment.paymentItem[0].item).to.include({ id: '1', '@referredType': 'ProductOrderItem' });
      expect(payment).to.not.have.property('_ordo');
      const charges = simulator.charges().filter((c) => c.reference === payment.id);
      expect(charges.map((c) => [c.amount, c.status])).to.deep.equal([[{ currency: 'EUR', minor: 1999 }, 'approved']]);
      const events = await eventually('payment events on Kafka', async () => {
        const mine = paymentEvents.events.filter((e) => e.key === payment.id).map((e) => e.body.eventType);
        return mine.length >= 2 ? mine : undefined;
      }, 20_000);
      expect(events).to.deep.equal(['PaymentCreateEvent', 'PaymentStateChangeEvent']);
    });

    it('quantity 2 of an offering that allows 2: two lines, each with its own number, SIM and product, and one capture of twice the price', async () => {
      const catalog = defaultCatalog();
      catalog.productSpecification.find((s) => s.id === 'mobile-subscription')!.maxQuantity = 2;
      expect((await importCatalog(ordo.catalog.store, catalog)).imported).to.equal(true);
      try {
        const id = await place(ordo, paidOrder('tok_visa', { items: [{ id: '1', action: 'add', quantity: 2, productOffering: { id: 'mobile-basic' }, itemPrice: [oneTime(19.9)] }] }));
        expect((await finished(ordo, id)).state).to.equal('completed');
        const stored = (await ordo.orders.findStored(id))!;
        expect(stored._ordo.fulfilment!.map((u) => u.unitId)).to.deep.equal(['1/mobile-basic', '1/mobile-basic#2']);
        const held = stored._ordo.resources!;
        expect(new Set(held.filter((h) => h.role === 'msisdn').map((h) => h.resourceId)).size).to.equal(2);
        expect(new Set(held.filter((h) => h.role === 'sim').map((h) => h.resourceId)).size).to.equal(2);
        const products = (await httpJson('GET', `${ordo.baseUrl}${TMF637_BASE_PATH}/product?productOrderItem.productOrderId=${id}`)).body as Record<string, unknown>[];
        expect(products).to.have.length(2);
        const payments = await paymentsOf(ordo, id);
        expect(payments.map((p) => [p.status, p.totalAmount])).to.deep.equal([['captured', { unit: 'EUR', value: 39.8 }]]);
      } finally {
        await importCatalog(ordo.catalog.store, defaultCatalog());
      }
    });

    it('a quantity the offering does not allow (3, 0, -1, 1e21) is refused at POST: nothing stored, nothing charged', async () => {
      const before = await ordo.orders.collection.countDocuments();
      for (const quantity of [3, 0, -1, 1e21]) {
        const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, paidOrder('tok_visa', { items: [{ id: '1', action: 'add', quantity, productOffering: { id: 'mobile-basic' }, itemPrice: [oneTime(19.9)] }] }));
        expect(res.status, String(quantity)).to.equal(422);
        expect(res.body).to.include({ code: 'QUANTITY_NOT_ALLOWED', '@type': 'Error' });
      }
      expect(await ordo.orders.collection.countDocuments()).to.equal(before);
    });

    it('a flaky provider (503, 503, then an answer) is retried with the same idempotency key: one charge', async () => {
      simulator.failNext(2);
      const id = await place(ordo, paidOrder('tok_visa'));
      expect((await finished(ordo, id)).state).to.equal('completed');
      const [payment] = await paymentsOf(ordo, id);
      expect(simulator.charges().filter((c) => c.reference === payment.id)).to.have.length(1);
    });

    it('declined: the item fails with the provider\'s reason, the order fails, and its number and SIM go back', async () => {
      const id = await place(ordo, paidOrder('tok_decline_insufficient_funds'));
      const order = await finished(ordo, id);
      expect(order.state).to.equal('failed');
      expect(order.note.map((n: { text: string }) => n.text)).to.deep.equal(['Item 1 failed: Payment declined: insufficient_funds']);
      const [payment] = await paymentsOf(ordo, id);
      expect(payment.status).to.equal('denied');
      const held = (await ordo.orders.findStored(id))!._ordo.resources!;
      expect(held.map((h) => h.role).sort()).to.deep.equal(['msisdn', 'sim']);
      for (const h of held) expect(await ordo.resources.findStored(h.resourceId)).to.include({ resourceStatus: 'available', usageState: 'idle' });
    });

    it('pending: the item waits, the provider calls back, the process is told by message and the order completes', async () => {
      const id = await place(ordo, paidOrder('tok_pending_approve'));
      expect((await finished(ordo, id)).state).to.equal('completed');
      const [payment] = await paymentsOf(ordo, id);
      expect(payment.status).to.equal('captured');
      const providerId = (await ordo.payments.payments.findStored(payment.id))!._ordo.providerPaymentId!;
      expect(simulator.webhookDeliveries().filter((d) => d.paymentId === providerId).map((d) => d.status)).to.deep.equal([200]);
    });

    it('pending, then declined by callback: the order fails with the reason and its resources go back', async () => {
      const id = await place(ordo, paidOrder('tok_pending_decline'));
      const order = await finished(ordo, id);
      expect(order.state).to.equal('failed');
      expect(order.note.map((n: { text: string }) => n.text)).to.deep.equal(['Item 1 failed: Payment declined: card_declined']);
      expect((await paymentsOf(ordo, id))[0].status).to.equal('denied');
      for (const h of (await ordo.orders.findStored(id))!._ordo.resources!) expect(await ordo.resources.findStored(h.resourceId)).to.include({ resourceStatus: 'available', usageState: 'idle' });
    });

    it('a callback delivered twice is applied once', async () => {
      const id = await place(ordo, paidOrder('tok_duplicate_callback'));
      expect((await finished(ordo, id)).state).to.equal('completed');
      const [payment] = await paymentsOf(ordo, id);
      const providerId = (await ordo.payments.payments.findStored(payment.id))!._ordo.providerPaymentId!;
      const deliveries = await eventually('both deliveries', async () => {
        const mine = simulator.webhookDeliveries().filter((d) => d.paymentId === providerId);
        return mine.length >= 2 ? mine : undefined;
      }, 10_000);
      expect(new Set(deliveries.map((d) => d.eventId)).size, 'the same event twice').to.equal(1);
      expect(deliveries.map((d) => d.status)).to.deep.equal([200, 200]);
      const changes = await eventually('state change events', async () => paymentEvents.events.filter((e) => e.key === payment.id && e.body.eventType === 'PaymentStateChangeEvent').length > 0 && paymentEvents.events.filter((e) => e.key === payment.id && e.body.eventType === 'PaymentStateChangeEvent'), 20_000);
      expect(changes).to.have.length(1);
    });

    describe('the webhook accepts only genuine, fresh callbacks', () => {
      let payment: StoredPayment;
      const post = (body: string, signature?: string) =>
        fetch(`${ordo.baseUrl}${PAYMENT_WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) }, body }).then(async (r) => ({ status: r.status, body: await r.json() as Record<string, unknown> }));
      const eventFor = (status: 'approved' | 'declined', overrides: Record<string, unknown> = {}): string => {
        const event: ProviderWebhookEvent = {
          id: `evt_${Math.random().toString(36).slice(2)}`,
          type: 'payment.updated',
          createdAt: new Date().toISOString(),
          data: { payment: { id: payment._ordo.providerPaymentId!, status, amount: payment._ordo.amount, method: { type: 'card' }, reference: payment.id, createdAt: '', updatedAt: '', refundedMinor: 0, ...overrides } },
        };
        return JSON.stringify(event);
      };

      before(async () => {
        // A payment the provider holds pending: the order waits for its confirmation.
        const id = await place(ordo, paidOrder('tok_pending_silent'));
        payment = await eventually('a pending payment', async () => {
          const [p] = await ordo.payments.paymentsOfUnit(id, '1');
          return p?._ordo.providerPaymentId ? p : undefined;
        }, 30_000);
      });

      it('forged, tampered, stale or unsigned callbacks get 401 and change nothing', async () => {
        const body = eventFor('approved');
        expect((await post(body, signWebhook('not-the-secret', body, new Date()))).status).to.equal(401);
        expect((await post(body.replace('"approved"', '"declined"'), signWebhook(SECRET, body, new Date()))).status).to.equal(401);
        const stale = await post(body, signWebhook(SECRET, body, new Date(Date.now() - 10 * 60_000)));
        expect(stale.status).to.equal(401);
        expect(stale.body).to.include({ code: 'INVALID_SIGNATURE', '@type': 'Error' });
        expect((await post(body)).status).to.equal(401);
        expect((await ordo.payments.payments.findStored(payment.id))!.status).to.equal('pendingAuthorization');
      });

      it('a genuine callback for another amount or an unknown payment is refused', async () => {
        const wrongAmount = eventFor('approved', { amount: { currency: 'EUR', minor: 1 } });
        expect((await post(wrongAmount, signWebhook(SECRET, wrongAmount, new Date()))).status).to.equal(409);
        const unknown = eventFor('approved', { reference: 'no-such-payment' });
        expect((await post(unknown, signWebhook(SECRET, unknown, new Date()))).status).to.equal(404);
        expect((await ordo.payments.payments.findStored(payment.id))!.status).to.equal('pendingAuthorization');
      });

      it('a genuine callback settles the payment; replaying it is harmless', async () => {
        const body = eventFor('approved');
        const signature = signWebhook(SECRET, body, new Date());
        expect((await post(body, signature)).status).to.equal(200);
        const again = await post(body, signature);
        expect(again.status).to.equal(200);
        expect(again.body).to.include({ duplicate: true });
        expect((await ordo.payments.payments.findStored(payment.id))!.status).to.equal('captured');
        expect((await finished(ordo, payment._ordo.orderId)).state).to.equal('completed');
      });
    });

    it('amounts are exact: 0.1 + 0.2 is charged as 0.30, three at 0.10 as 0.30, yen and dinar in their own minor units', async () => {
      const cases: [number, unknown[], unknown, string, { currency: string; minor: number }][] = [
        [1, [oneTime(0.1), oneTime(0.2)], undefined, 'EUR', { currency: 'EUR', minor: 30 }],
        [3, [], [oneTime(0.1)], 'EUR', { currency: 'EUR', minor: 30 }],
        [1, [oneTime(500, 'JPY')], undefined, 'JPY', { currency: 'JPY', minor: 500 }],
        [1, [oneTime(1.005, 'KWD')], undefined, 'KWD', { currency: 'KWD', minor: 1005 }],
      ];
      // Three lines on one item: the offering must allow it (each line is provisioned).
      const catalog = defaultCatalog();
      catalog.productSpecification.find((s) => s.id === 'mobile-subscription')!.maxQuantity = 3;
      await importCatalog(ordo.catalog.store, catalog);
      try {
        for (const [quantity, totals, unitPrice, currency, expected] of cases) {
          const item = { id: '1', action: 'add', quantity, productOffering: { id: 'mobile-basic' }, ...(totals.length ? { itemTotalPrice: totals } : { itemPrice: unitPrice }) };
          const id = await place(ordo, paidOrder('tok_visa', { items: [item] }));
          expect((await finished(ordo, id)).state, currency).to.equal('completed');
          const [payment] = await paymentsOf(ordo, id);
          expect(simulator.charges().find((c) => c.reference === payment.id)!.amount, currency).to.deep.equal(expected);
        }
      } finally {
        await importCatalog(ordo.catalog.store, defaultCatalog());
      }
      const [payment] = await paymentsOf(ordo, (await ordo.payments.payments.findWhere({ '_ordo.amount.minor': 30 }))[0]!._ordo.orderId);
      expect(JSON.stringify(payment.totalAmount)).to.equal('{"unit":"EUR","value":0.3}');
    });

    it('an order the engine could not charge is refused at POST with 422 and nothing is stored', async () => {
      const before = await ordo.orders.collection.countDocuments({});
      const refused: [unknown, RegExp][] = [
        [paidOrder('tok_visa', { referredType: 'Cash' }), /"Cash" is not accepted/],
        [paidOrder('tok_visa', { prices: [oneTime(9.999)] }), /more decimals than EUR allows/],
        [paidOrder('tok_visa', { prices: [oneTime(1), oneTime(1, 'USD')] }), /cannot add USD to EUR/],
        [{ ...paidOrder('tok_visa'), payment: [{ id: 'a', '@referredType': 'BankCard' }, { id: 'b', '@referredType': 'PayPal' }] }, /one payment method per order/],
      ];
      for (const [body, reason] of refused) {
        const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, body);
        expect(res.status).to.equal(422);
        expect(res.body).to.include({ code: 'INVALID_PAYMENT', '@type': 'Error' });
        expect(res.body.message).to.match(reason);
      }
      expect(await ordo.orders.collection.countDocuments({})).to.equal(before);
    });

    it('TMF676 reads: list with filters and fields, one by id, TMF errors for unknown ids and writes', async () => {
      const base = `${ordo.baseUrl}${TMF676_BASE_PATH}`;
      const captured = await httpJson('GET', `${base}/payment?status=captured&fields=status,totalAmount`);
      expect(captured.status).to.equal(200);
      expect(captured.body.length).to.be.greaterThan(0);
      for (const p of captured.body) expect(Object.keys(p).sort()).to.deep.equal(['@type', 'href', 'id', 'status', 'totalAmount']);
      const one = await httpJson('GET', captured.body[0].href.replace(/^https?:\/\/[^/]+/, ordo.baseUrl));
      expect(one.body.id).to.equal(captured.body[0].id);
      expect((await httpJson('GET', `${base}/payment/nope`)).status).to.equal(404);
      expect((await httpJson('POST', `${base}/payment`, { account: { id: 'x' } })).status).to.equal(405);
      expect((await httpJson('GET', `${base}/refund?status=done`)).status).to.equal(200);
      expect((await httpJson('POST', `${base}/hub`, { callback: 'http://127.0.0.1:9/listener' })).status).to.equal(201);
    });

  });

  // Each with its own Ordo (and its own engine tenant), so only its own workers take its tasks.
  describe('an Ordo per test', () => {
    it('pending and never confirmed: after the timeout the payment is cancelled at the provider and the item fails', async () => {
      const own = await startOrdo(paymentConfig(simulator, { ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS: '3000' }));
      try {
        await own.deployed;
        const id = await place(own, paidOrder('tok_pending_silent'));
        const order = await finished(own, id);
        expect(order.state).to.equal('failed');
        expect(order.note.map((n: { text: string }) => n.text)).to.deep.equal(['Item 1 failed: Payment not confirmed by the provider in time']);
        const [payment] = await paymentsOf(own, id);
        expect(payment.status).to.equal('canceled');
        const stored = (await own.payments.payments.findStored(payment.id))!;
        expect(simulator.payment(stored._ordo.providerPaymentId!)!.status).to.equal('canceled');
        const held = (await own.orders.findStored(id))!._ordo.resources!;
        for (const h of held) expect(await own.resources.findStored(h.resourceId)).to.include({ resourceStatus: 'available', usageState: 'idle' });
      } finally {
        await retireTestOrdo(own);
      }
    });

    it('a worker killed after the provider charged: the redelivered job charges nothing new', async () => {
      const killConfig = paymentConfig(simulator, { ORDO_WORKER_TIMEOUT_MS: '3000' });
      const own = await startOrdo(killConfig, { workers: false });
      try {
        await own.deployed;
        const others = runWorkers(own.engine, own.workers.filter((w) => w.type !== 'collect-payment'), killConfig.workers, logger);
        const id = await place(own, paidOrder('tok_visa'));
        const doomed = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'collect-payment', '3000', id, own.config.engine.tenant], { stdio: ['ignore', 'pipe', 'inherit'] });
        try {
          const line = await new Promise<string>((resolve) => doomed.stdout.once('data', (d: Buffer) => resolve(d.toString())));
          const jobKey = line.split(' ')[1]!;
          // What the dying worker did: the provider charged; then it died before recording the answer.
          const first = await collectUnitPayment(paymentDepsOf(own), id, '1', jobKey);
          expect(first.outcome).to.equal('approved');
          await own.payments.payments.collection.updateOne({ _id: (first as { payment: StoredPayment }).payment.id }, { $set: { status: 'pendingAuthorization' }, $unset: { '_ordo.providerPaymentId': '' } });
          doomed.kill('SIGKILL');
          const collecting = runWorkers(own.engine, own.workers.filter((w) => w.type === 'collect-payment'), killConfig.workers, logger);
          try {
            expect((await finished(own, id)).state).to.equal('completed');
          } finally {
            await collecting.close();
          }
          const payments = await own.payments.paymentsOfOrder(id);
          expect(payments.map((p) => p.status)).to.deep.equal(['captured']);
          expect(simulator.charges().filter((c) => c.reference === payments[0]!.id)).to.have.length(1);
        } finally {
          doomed.kill('SIGKILL');
          await others.close();
        }
      } finally {
        await retireTestOrdo(own);
      }
    });

    it('cancelling a paid order refunds its payment once, as a TMF676 refund', async () => {
      const config = paymentConfig(simulator);
      const own = await startOrdo(config, { workers: false });
      try {
        await own.deployed;
        const id = await place(own, paidOrder('tok_visa'));
        // Paid, and held at the confirmation by a separate process.
        const holder = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'confirm-resources', '120000', id, own.config.engine.tenant], { stdio: ['ignore', 'pipe', 'inherit'] });
        const workers = runWorkers(own.engine, own.workers.filter((w) => w.type !== 'confirm-resources'), config.workers, logger);
        try {
          await new Promise((resolve) => holder.stdout.once('data', resolve));
          const [paid] = await own.payments.paymentsOfOrder(id);
          expect(paid!.status).to.equal('captured');
          expect((await httpJson('POST', `${own.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder`, { productOrder: { id }, cancellationReason: 'changed mind' })).status).to.equal(201);
          expect((await finished(own, id)).state).to.equal('cancelled');
          const refunds = (await httpJson('GET', `${own.baseUrl}${TMF676_BASE_PATH}/refund?payment.id=${paid!.id}`)).body;
          expect(refunds).to.have.length(1);
          expect(refunds[0]).to.include({ status: 'done', '@type': 'Refund' });
          expect(refunds[0].totalAmount).to.deep.equal({ unit: 'EUR', value: 19.99 });
          expect(simulator.refunds().filter((r) => r.paymentId === (paid!._ordo.providerPaymentId))).to.have.length(1);
          expect(await reservedCount(own)).to.equal(0);
        } finally {
          holder.kill('SIGKILL');
          await workers.close();
        }
      } finally {
        await retireTestOrdo(own);
      }
    });

    it('cancelling while the provider has not decided cancels the payment there; nothing is refunded', async () => {
      const ordo = await startOrdo(paymentConfig(simulator, { ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS: '120000' }));
      try {
        await ordo.deployed;
        const id = await place(ordo, paidOrder('tok_pending_silent', { items: [{ id: '1', action: 'add', productOffering: { id: 'mobile-basic' }, itemTotalPrice: [oneTime(5)] }] }));
        const payment = await eventually('a pending payment', async () => {
          const [p] = await ordo.payments.paymentsOfUnit(id, '1');
          return p?._ordo.providerPaymentId ? p : undefined;
        }, 30_000);
        expect((await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder`, { productOrder: { id } })).status).to.equal(201);
        const order = await finished(ordo, id);
        expect(order.state).to.equal('cancelled');
        expect((await ordo.payments.payments.findStored(payment.id))!.status).to.equal('canceled');
        expect(simulator.payment(payment._ordo.providerPaymentId!)!.status).to.equal('canceled');
        expect(simulator.refunds().filter((r) => r.paymentId === payment._ordo.providerPaymentId)).to.have.length(0);
      } finally {
        await retireTestOrdo(ordo);
      }
    });
  });
});
