import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { expect } from 'chai';
import express from 'express';
import { NOTIFICATION_PATH, TOKEN_PATH, type OrderNotification, type SalesforceOrder } from '../adapters/salesforce/salesforce-api.js';
import { SalesforceClient, type SalesforceClientOptions } from '../adapters/salesforce/salesforce-client.js';
import { CpqRejectedError } from '../engine/cpq/cpq-system.js';
import { SalesforceSimulator } from '../adapters/salesforce/simulator.js';
import { rejection } from './support/rejection.js';

const clientId = 'ordo-connected-app';
const clientSecret = 'ordo-secret';

/** Ordo's inbound CPQ API, reduced to recording what arrives. */
class OrdoReceiver {
  readonly received: { path: string; authorization: string | undefined; body: unknown }[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const app = express();
    app.use(express.json());
    app.post(/^\/salesforce\/v1\/orders(\/.*)?$/, (req, res) => {
      this.received.push({ path: req.path, authorization: req.get('authorization'), body: req.body as unknown });
      res.status(req.path.endsWith('/freeze') ? 200 : 201).json({ status: 'Accepted', ordoOrderId: 'ord-1', reasons: [] });
    });
    this.server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('adapters/salesforce: client and simulator', function () {
  this.timeout(15_000);
  let simulator: SalesforceSimulator;
  let client: SalesforceClient;
  let ids = 0;
  const clientWith = (options: Partial<SalesforceClientOptions> = {}) => new SalesforceClient({ loginUrl: simulator.baseUrl, clientId, clientSecret, timeoutMs: 2000, retryDelayMs: 10, ...options });
  const notification = (overrides: Partial<OrderNotification> = {}): OrderNotification => ({
    Notification_Id__c: `ntf-${++ids}`,
    Notification_Type__c: 'OrderAccepted',
    Salesforce_Order_Id__c: '801xx000003GZ1AAAW',
    Ordo_Order_Id__c: 'ord-1',
    Occurred_At__c: new Date().toISOString(),
    Details__c: JSON.stringify({ state: 'acknowledged' }),
    ...overrides,
  });

  beforeEach(async () => {
    simulator = await SalesforceSimulator.start({ clientId, clientSecret });
    client = clientWith();
  });

  afterEach(() => simulator.close());

  describe('notifications', () => {
    it('delivers notifications with one token for several sends', async () => {
      const sent = [notification(), notification({ Notification_Type__c: 'OrderItemActivated', Order_Item_Id__c: '802xx000001abcdAAA' }), notification({ Notification_Type__c: 'OrderActivated' })];
      for (const n of sent) expect((await client.sendNotification(n)).id).to.match(/^e00[A-Za-z0-9]{15}$/);
      expect(simulator.received()).to.deep.equal(sent);
      expect(simulator.tokenRequests()).to.equal(1);
    });

    it('sends an order update through the CPQ port as the Platform Event', async () => {
      const occurredAt = new Date('2026-12-01T10:00:00.000Z');
      const update = { id: 'ord-1:OrderItemRejected:802xx000001abcdAAA', type: 'OrderItemRejected', cpqOrderId: '801xx000003GZ1AAAW', itemId: '802xx000001abcdAAA', ordoOrderId: 'ord-1', reason: 'no number left', occurredAt, orderState: 'inProgress', orderHref: 'https://ordo/productOrder/ord-1', itemState: 'failed' } as const;
      await client.sendOrderUpdate(update);
      expect(simulator.received()).to.deep.equal([
        {
          Notification_Id__c: update.id,
          Notification_Type__c: 'OrderItemRejected',
          Salesforce_Order_Id__c: update.cpqOrderId,
          Order_Item_Id__c: update.itemId,
          Ordo_Order_Id__c: 'ord-1',
          Status_Reason__c: 'no number left',
          Occurred_At__c: occurredAt.toISOString(),
          Details__c: JSON.stringify({ state: 'inProgress', href: update.orderHref, itemState: 'failed' }),
        },
      ]);
    });

    it('shares one token request between concurrent sends', async () => {
      await Promise.all(Array.from({ length: 5 }, () => client.sendNotification(notification())));
      expect(simulator.received()).to.have.length(5);
      expect(simulator.tokenRequests()).to.equal(1);
    });

    it('fetches one new token when the tokens expire mid-run, and delivers', async () => {
      await client.sendNotification(notification());
      simulator.expireTokens();
      await Promise.all(Array.from({ length: 3 }, () => client.sendNotification(notification())));
      expect(simulator.received()).to.have.length(4);
      expect(simulator.tokenRequests()).to.equal(2);
    });

    it('fetches a new token once the cached one is older than tokenTtlMs, and after invalidateToken()', async () => {
      const shortLived = clientWith({ tokenTtlMs: 50 });
      await shortLived.sendNotification(notification());
      await shortLived.sendNotification(notification());
      expect(simulator.tokenRequests()).to.equal(1);
      await new Promise((r) => setTimeout(r, 80));
      await shortLived.sendNotification(notification());
      expect(simulator.tokenRequests()).to.equal(2);
      shortLived.invalidateToken();
      await shortLived.sendNotification(notification());
      expect(simulator.tokenRequests()).to.equal(3);
    });

    it('refreshes a token Salesforce refuses as too old', async () => {
      await simulator.close();
      simulator = await SalesforceSimulator.start({ clientId, clientSecret, tokenLifetimeMs: 50 });
      client = clientWith();
      await client.sendNotification(notification());
      await new Promise((r) => setTimeout(r, 80));
      await client.sendNotification(notification());
      expect(simulator.tokenRequests()).to.equal(2);
      expect(simulator.notificationRequests()).to.equal(3);
      expect(simulator.received()).to.have.length(2);
    });

    it('refuses an unknown token with 401 INVALID_SESSION_ID', async () => {
      const res = await fetch(`${simulator.baseUrl}${NOTIFICATION_PATH}`, { method: 'POST', body: JSON.stringify(notification()), headers: { Authorization: 'Bearer 00Dforged', 'Content-Type': 'application/json' } });
      expect(res.status).to.equal(401);
      expect(await res.json()).to.deep.equal([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    });
  });

  describe('retries', () => {
    it('retries 5xx answers and delivers once', async () => {
      await client.sendNotification(notification());
      simulator.failNext(2);
      const n = notification();
      await client.sendNotification(n);
      expect(simulator.notificationRequests()).to.equal(4);
      expect(simulator.received().filter((r) => r.Notification_Id__c === n.Notification_Id__c)).to.have.length(1);
    });

    it('retries 429 and a failing token endpoint', async () => {
      simulator.failNext(1, 429);
      await client.sendNotification(notification());
      expect(simulator.tokenRequests()).to.equal(2);
      expect(simulator.received()).to.have.length(1);
    });

    it('gives up while Salesforce is down with a plain error naming the path and the last status, and works again after up()', async () => {
      await client.sendNotification(notification());
      simulator.down();
      const err = await rejection(client.sendNotification(notification()));
      expect(err).not.to.be.instanceOf(CpqRejectedError);
      expect(err.message).to.include(NOTIFICATION_PATH).and.include('HTTP 503').and.include('3 attempt');
      expect(simulator.notificationRequests()).to.equal(4);
      simulator.up();
      await client.sendNotification(notification());
      expect(simulator.received()).to.have.length(2);
    });

    it('gives up on a token endpoint that stays down, naming it', async () => {
      simulator.down();
      const err = await rejection(client.sendNotification(notification()));
      expect(err.message).to.include(TOKEN_PATH).and.include('HTTP 503');
      expect(simulator.tokenRequests()).to.equal(3);
      simulator.reset();
      await client.sendNotification(notification());
      expect(simulator.received()).to.have.length(1);
    });

    it('retries a timeout', async () => {
      const unanswered = await new Promise<Server>((resolve) => {
        const s = express()
          .post(TOKEN_PATH, () => undefined)
          .listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const err = await rejection(clientWith({ loginUrl: `http://127.0.0.1:${(unanswered.address() as AddressInfo).port}`, timeoutMs: 100, retries: 1 }).sendNotification(notification()));
        expect(err.message).to.include('2 attempt').and.include('no answer within 100 ms');
      } finally {
        unanswered.closeAllConnections();
        await new Promise((r) => unanswered.close(r));
      }
    });

    it('a token endpoint it cannot reach: the error names the call, and carries neither the request nor the client secret', async () => {
      const err = await rejection(clientWith({ loginUrl: 'http://127.0.0.1:1', retries: 1 }).sendNotification(notification()));
      expect(err.message).to.include(TOKEN_PATH).and.include('ECONNREFUSED');
      expect(err.cause).to.equal(undefined);
      expect(inspect(err, { depth: 10 })).not.to.include(clientSecret);
    });

    it('stops when the caller aborts', async () => {
      simulator.down();
      const controller = new AbortController();
      const pending = rejection(clientWith({ retryDelayMs: 1000 }).sendNotification(notification(), controller.signal));
      setTimeout(() => controller.abort(), 50);
      const err = await pending;
      expect(err.name).to.equal('AbortError');
      expect(simulator.tokenRequests()).to.equal(1);
    });
  });

  describe('refusals', () => {
    it('refuses a notification of an unknown type with 400 INVALID_FIELD, without retrying', async () => {
      const err = await rejection(client.sendNotification(notification({ Notification_Type__c: 'OrderExploded' as OrderNotification['Notification_Type__c'] })));
      expect(err).to.be.instanceOf(CpqRejectedError).and.include({ status: 400, errorCode: 'INVALID_FIELD' });
      expect(err.message).to.include('OrderExploded');
      expect(simulator.notificationRequests()).to.equal(1);
      expect(simulator.received()).to.have.length(0);
    });

    it('refuses unknown fields, missing fields and malformed dates', async () => {
      const refused = async (body: unknown) => (await rejection(client.sendNotification(body as OrderNotification))) as CpqRejectedError;
      expect(await refused({ ...notification(), Colour__c: 'red' })).to.include({ status: 400, errorCode: 'INVALID_FIELD' });
      const { Ordo_Order_Id__c: _, ...withoutOrdoId } = notification();
      expect(await refused(withoutOrdoId)).to.include({ status: 400, errorCode: 'REQUIRED_FIELD_MISSING' });
      expect(await refused(notification({ Occurred_At__c: 'yesterday' }))).to.include({ status: 400, errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD' });
      expect(await refused(notification({ Order_Item_Id__c: 'x'.repeat(256) }))).to.include({ status: 400, errorCode: 'STRING_TOO_LONG' });
      expect(simulator.received()).to.have.length(0);
    });

    it('refuses a wrong client secret with a clear error, without retrying', async () => {
      const err = await rejection(clientWith({ clientSecret: 'wrong' }).sendNotification(notification()));
      expect(err).to.be.instanceOf(CpqRejectedError).and.include({ status: 400, errorCode: 'invalid_client' });
      expect(err.message).to.include('client id or secret').and.include('invalid client credentials');
      expect(simulator.tokenRequests()).to.equal(1);
      expect(simulator.notificationRequests()).to.equal(0);
    });

    it('answers bad OAuth requests like Salesforce', async () => {
      const token = (form: Record<string, string>) => fetch(`${simulator.baseUrl}${TOKEN_PATH}`, { method: 'POST', body: new URLSearchParams(form) });
      const wrongGrant = await token({ grant_type: 'password', client_id: clientId, client_secret: clientSecret });
      expect(wrongGrant.status).to.equal(400);
      expect(await wrongGrant.json()).to.deep.equal({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
      const granted = await token({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
      const body = (await granted.json()) as Record<string, unknown>;
      expect(body).to.include({ instance_url: simulator.baseUrl, token_type: 'Bearer' });
      expect(body).not.to.have.property('expires_in');
      expect(Number(body['issued_at'])).to.be.closeTo(Date.now(), 5000);
    });

    it('gives up after one refresh when Salesforce keeps refusing the session', async () => {
      const refusing = await new Promise<Server>((resolve) => {
        const app = express();
        app.post(TOKEN_PATH, (_req, res) => void res.json({ access_token: 't', instance_url: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`, token_type: 'Bearer', issued_at: '0' }));
        app.post(NOTIFICATION_PATH, (_req, res) => void res.status(401).json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]));
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const err = await rejection(clientWith({ loginUrl: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}` }).sendNotification(notification()));
        expect(err).to.be.instanceOf(CpqRejectedError).and.include({ status: 401, errorCode: 'INVALID_SESSION_ID' });
      } finally {
        refusing.closeAllConnections();
        await new Promise((r) => refusing.close(r));
      }
    });
  });

  describe('records', () => {
    it('keeps duplicates in received() and each Notification_Id__c once in notificationsFor()', async () => {
      const first = notification();
      const second = notification({ Notification_Type__c: 'OrderInProgress' });
      const other = notification({ Salesforce_Order_Id__c: '801xx000003GZ2BBBW' });
      for (const n of [first, second, first, other, second]) await client.sendNotification(n);
      expect(simulator.received().map((n) => n.Notification_Id__c)).to.deep.equal([first, second, first, other, second].map((n) => n.Notification_Id__c));
      expect(simulator.notificationsFor(first.Salesforce_Order_Id__c)).to.deep.equal([first, second]);
      expect(simulator.notificationsFor(other.Salesforce_Order_Id__c)).to.deep.equal([other]);
      expect(simulator.notificationsFor('801unknown')).to.deep.equal([]);
    });

    it('keeps records and tokens across reset()', async () => {
      await client.sendNotification(notification());
      simulator.failNext(5);
      simulator.reset();
      await client.sendNotification(notification());
      expect(simulator.received()).to.have.length(2);
      expect(simulator.tokenRequests()).to.equal(1);
    });
  });

  describe('as CPQ', () => {
    let ordo: OrdoReceiver;
    const order: SalesforceOrder = {
      Id: '801xx000003GZ1AAAW',
      OrderNumber: '00000100',
      AccountId: '001xx000003DGb2AAG',
      Account: { Name: 'Acme' },
      EffectiveDate: '2030-01-01',
      CurrencyIsoCode: 'EUR',
      OrderItems: [{ Id: '802xx000001abcdAAA', Product2: { ProductCode: 'FIBRE-1G', Name: 'Fibre 1G' }, Quantity: 1, UnitPrice: 49.9, Action__c: 'Add', Bandwidth__c: '1000' }],
      Sales_Region__c: 'North',
    };

    beforeEach(async () => {
      ordo = new OrdoReceiver();
      await ordo.start();
    });

    afterEach(() => ordo.stop());

    it('submits, freezes and unfreezes orders with its bearer token', async () => {
      expect(await simulator.submitOrder(`${ordo.url}/`, order)).to.deep.equal({ status: 201, body: { status: 'Accepted', ordoOrderId: 'ord-1', reasons: [] } });
      expect((await simulator.freezeOrder(ordo.url, order.Id)).status).to.equal(200);
      expect((await simulator.unfreezeOrder(ordo.url, order.Id)).status).to.equal(201);
      expect(ordo.received).to.deep.equal([
        { path: '/salesforce/v1/orders', authorization: 'Bearer sf-inbound-token', body: order },
        { path: `/salesforce/v1/orders/${order.Id}/freeze`, authorization: 'Bearer sf-inbound-token', body: {} },
        { path: `/salesforce/v1/orders/${order.Id}/unfreeze`, authorization: 'Bearer sf-inbound-token', body: {} },
      ]);
    });

    it('presents the inbound token it was started with', async () => {
      const configured = await SalesforceSimulator.start({ clientId, clientSecret, inboundToken: 'another' });
      try {
        await configured.submitOrder(ordo.url, order);
        expect(ordo.received[0]?.authorization).to.equal('Bearer another');
      } finally {
        await configured.close();
      }
    });
  });
});
