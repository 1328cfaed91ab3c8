import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { basicAuthHeader, checkBasicAuth, INCIDENT_PATH, type NewIncident, type ResolutionWebhook } from '../adapters/servicenow/servicenow-api.js';
import { ServiceNowClient, type ServiceNowClientOptions } from '../adapters/servicenow/servicenow-client.js';
import { IncidentDeskRejectedError } from '../engine/fallout/incident-desk.js';
import { ServiceNowIncidentDesk } from '../adapters/servicenow/servicenow-desk.js';
import { ServiceNowSimulator } from '../adapters/servicenow/simulator.js';
import { rejection } from './support/rejection.js';

const user = 'ordo.integration';
const password = 'p4ss:word';
const oauthClient = { clientId: 'ordo-client', clientSecret: 'ordo-secret' };
const hook = { user: 'servicenow.webhook', password: 'hook-secret' };

/** Ordo's resolution endpoint: keeps the Authorization header and body of every delivery; answers `statuses` in turn, then 200. */
class WebhookReceiver {
  readonly received: { authorization: string | undefined; body: ResolutionWebhook }[] = [];
  statuses: number[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const app = express();
    app.post('/webhooks/servicenow', express.json(), (req, res) => {
      const status = this.statuses.shift() ?? 200;
      if (status < 300) this.received.push({ authorization: req.get('authorization'), body: req.body as ResolutionWebhook });
      res.status(status).end();
    });
    this.server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/servicenow`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('adapters/servicenow: client, simulator and webhook auth', function () {
  this.timeout(15_000);
  let simulator: ServiceNowSimulator;
  let receiver: WebhookReceiver;
  let client: ServiceNowClient;
  let fallouts = 0;
  const clientWith = (options: Partial<ServiceNowClientOptions> = {}) =>
    new ServiceNowClient({ instanceUrl: simulator.baseUrl, auth: { kind: 'basic', user, password }, timeoutMs: 2000, retryDelayMs: 10, ...options });
  const fallout = (overrides: Partial<NewIncident> = {}): NewIncident => ({
    short_description: 'Order ORD-1: activate-service failed',
    description: 'The HLR answered 500 three times.',
    urgency: '2',
    correlation_id: `fallout-${++fallouts}`,
    u_order_id: 'ORD-1',
    u_order_item_id: '1',
    u_failed_step: 'activate-service',
    u_error: 'HLR 500',
    u_order_url: 'http://ordo.local/tmf-api/productOrderingManagement/v4/productOrder/ORD-1',
    ...overrides,
  });

  beforeEach(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    simulator = await ServiceNowSimulator.start({ user, password, oauthClient, webhook: { url: receiver.url, ...hook } });
    client = clientWith();
  });

  afterEach(async () => {
    await simulator.close();
    await receiver.stop();
  });

  describe('incidents', () => {
    it('opens an incident with basic auth', async () => {
      const input = fallout();
      const incident = await client.openIncident(input);
      expect(incident).to.include({ ...input, category: 'order_fallout', correlation_display: 'Ordo', state: '1', number: 'INC0010001' });
      expect(incident.sys_id).to.match(/^[0-9a-f]{32}$/);
      expect(incident.sys_updated_on).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(await client.getIncident(incident.sys_id)).to.deep.equal(incident);
      expect((await client.openIncident(fallout())).number).to.equal('INC0010002');
    });

    it('opens an incident with OAuth, reusing the token and renewing it after a 401', async () => {
      const oauth = clientWith({ auth: { kind: 'oauth', ...oauthClient } });
      const incident = await oauth.openIncident(fallout());
      expect(await oauth.getIncident(incident.sys_id)).to.deep.equal(incident);
      expect(simulator.requestCount('POST')).to.equal(2);
      simulator.revokeTokens();
      expect((await oauth.getIncident(incident.sys_id)).sys_id).to.equal(incident.sys_id);
      expect(simulator.requestCount('POST')).to.equal(3);
      // The look-up before the create, the read, and the read again after the 401.
      expect(simulator.requestCount('GET')).to.equal(4);
    });

    it('refuses a wrong password or client secret with IncidentDeskRejectedError 401, without retrying', async () => {
      const wrong = await rejection(clientWith({ auth: { kind: 'basic', user, password: 'nope' } }).openIncident(fallout()));
      expect(wrong).to.be.instanceOf(IncidentDeskRejectedError).and.include({ status: 401, detail: 'Required to provide Auth information' });
      expect(wrong.message).to.include('User Not Authenticated');
      expect(simulator.requestCount()).to.equal(1);
      const badSecret = await rejection(clientWith({ auth: { kind: 'oauth', clientId: oauthClient.clientId, clientSecret: 'nope' } }).getIncident('x'));
      expect(badSecret).to.be.instanceOf(IncidentDeskRejectedError).and.include({ status: 401 });
      expect(badSecret.message).to.include('/oauth_token.do');
      expect(simulator.requestCount()).to.equal(2);
      expect(simulator.incidents()).to.have.length(0);
    });

    it('answers the open incident when the same correlation_id is opened again (looked up first: ServiceNow itself stores duplicates)', async () => {
      const input = fallout();
      const first = await client.openIncident(input);
      const again = await client.openIncident(input);
      expect(again.sys_id).to.equal(first.sys_id);
      expect(simulator.incidents()).to.have.length(1);

      // The simulator, like stock ServiceNow, takes a second incident with the same correlation_id.
      const raw = await fetch(`${simulator.baseUrl}${INCIDENT_PATH}`, {
        method: 'POST',
        headers: { Authorization: basicAuthHeader(user, password), 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...input, category: 'order_fallout', correlation_display: 'Ordo' }),
      });
      expect(raw.status).to.equal(201);
      expect(simulator.incidents()).to.have.length(2);
    });

    it('a closed incident for the correlation_id does not stop a new one from opening', async () => {
      const input = fallout();
      const first = await client.openIncident(input);
      await client.closeIncident(first.sys_id, 'Solved (Permanently)', 'fixed by hand');
      const next = await client.openIncident(input);
      expect(next.sys_id).not.to.equal(first.sys_id);
      expect((await client.openIncident(input)).sys_id).to.equal(next.sys_id);
    });

    it('finds the incident a timed-out create stored instead of opening another', async () => {
      simulator.delayNext(1, 400);
      const incident = await clientWith({ timeoutMs: 150 }).openIncident(fallout());
      expect(simulator.requestCount('POST')).to.equal(1);
      expect(simulator.incidents().map((i) => i.sys_id)).to.deep.equal([incident.sys_id]);
    });

    it('appends work notes, newest first', async () => {
      const { sys_id } = await client.openIncident(fallout());
      await client.addWorkNote(sys_id, 'Ordo retried the step.');
      const noted = await client.addWorkNote(sys_id, 'Still failing.');
      expect(noted.work_notes).to.match(/\(Work notes\)\nStill failing\.\n\n.*\(Work notes\)\nOrdo retried the step\.$/);
      expect(simulator.incident(sys_id)?.work_notes).to.equal(noted.work_notes);
    });

    it('closes with state 7, close_code and close_notes', async () => {
      const { sys_id, correlation_id } = await client.openIncident(fallout());
      const closed = await client.closeIncident(sys_id, 'Solved (Permanently)', 'The order completed after the retry.');
      expect(closed).to.include({ state: '7', close_code: 'Solved (Permanently)', close_notes: 'The order completed after the retry.' });
      expect(simulator.incident(correlation_id)?.state).to.equal('7');
    });

    it('answers 404 for an unknown incident, and 400 for a close without notes', async () => {
      expect(await rejection(client.getIncident('0'.repeat(32)))).to.be.instanceOf(IncidentDeskRejectedError).and.include({ status: 404 });
      const { sys_id } = await client.openIncident(fallout());
      expect(await rejection(client.closeIncident(sys_id, 'Solved (Permanently)', ''))).to.include({ status: 400 });
      expect(simulator.incident(sys_id)?.state).to.equal('1');
    });
  });

  describe('retries', () => {
    it('retries 5xx answers and opens one incident', async () => {
      simulator.failNext(2);
      const incident = await client.openIncident(fallout());
      // The look-up before the create took the two failures.
      expect([simulator.requestCount('GET'), simulator.requestCount('POST')]).to.deep.equal([3, 1]);
      expect(simulator.incidents().map((i) => i.sys_id)).to.deep.equal([incident.sys_id]);
    });

    it('retries 429', async () => {
      simulator.failNext(1, 429);
      await client.openIncident(fallout());
      expect(simulator.incidents()).to.have.length(1);
    });

    it('gives up while the instance is down, with a plain error naming the call and the last status', async () => {
      simulator.down();
      const err = await rejection(client.openIncident(fallout()));
      expect(err).not.to.be.instanceOf(IncidentDeskRejectedError);
      expect(err.message).to.include(`GET ${INCIDENT_PATH}`).and.include('HTTP 503').and.include('3 attempt');
      expect(simulator.requestCount()).to.equal(3);
      simulator.up();
      await client.openIncident(fallout());
      expect(simulator.incidents()).to.have.length(1);
    });
  });

  describe('resolution webhook', () => {
    it('resolves the incident and sends Ordo the webhook with the webhook user', async () => {
      const incident = await client.openIncident(fallout());
      expect(await simulator.resolve(incident.correlation_id, 'retry', 'HLR fixed, try again')).to.equal(200);
      expect(receiver.received).to.have.length(1);
      const [delivery] = receiver.received;
      expect(checkBasicAuth(delivery!.authorization, hook.user, hook.password)).to.equal(true);
      expect(checkBasicAuth(delivery!.authorization, hook.user, 'wrong')).to.equal(false);
      expect(checkBasicAuth(delivery!.authorization, user, hook.password)).to.equal(false);
      expect(delivery!.body).to.include({ sys_id: incident.sys_id, number: incident.number, correlation_id: incident.correlation_id, u_resolution: 'retry', close_notes: 'HLR fixed, try again' });
      expect(Date.parse(delivery!.body.resolved_at)).to.be.closeTo(Date.now(), 5000);
      expect(await client.getIncident(incident.sys_id)).to.include({ state: '6', u_resolution: 'retry', close_notes: 'HLR fixed, try again' });
    });

    it('retries a delivery answered 5xx, not one answered 4xx', async () => {
      const retried = await client.openIncident(fallout());
      receiver.statuses = [503];
      expect(await simulator.resolve(retried.sys_id, 'skip')).to.equal(200);
      expect(receiver.received.map((r) => r.body.sys_id)).to.deep.equal([retried.sys_id]);
      expect(receiver.received[0]!.body.close_notes).to.equal(undefined);

      const refused = await client.openIncident(fallout());
      receiver.statuses = [401];
      expect(await simulator.resolve(refused.sys_id, 'fail')).to.equal(401);
      expect(receiver.received).to.have.length(1);
    });

    it('sends nothing until a webhook is set', async () => {
      const incident = await client.openIncident(fallout());
      simulator.setWebhook(undefined);
      expect(await simulator.resolve(incident.sys_id, 'fail')).to.equal(0);
      expect(simulator.incident(incident.sys_id)).to.include({ state: '6', u_resolution: 'fail' });
      simulator.setWebhook({ url: receiver.url, ...hook });
      expect(await simulator.resolve(incident.sys_id, 'fail')).to.equal(200);
      expect(receiver.received).to.have.length(1);
    });

    it('reset forgets incidents, failures and counts', async () => {
      await client.openIncident(fallout());
      simulator.down();
      simulator.reset();
      expect(simulator.incidents()).to.have.length(0);
      expect(simulator.requestCount()).to.equal(0);
      expect((await client.openIncident(fallout())).number).to.equal('INC0010001');
    });
  });

  describe('incident desk (the port)', () => {
    const desk = () => new ServiceNowIncidentDesk(client, hook);
    const newCase = { falloutId: 'ORD-1:1:collect-payment:1', title: 'Order ORD-1: collect-payment failed for item 1', description: 'Ordo could not complete it.', orderId: 'ORD-1', itemId: '1', failedStep: 'collect-payment', error: 'x'.repeat(1200), orderUrl: 'http://ordo.local/productOrder/ORD-1' };

    it('opens a case as an incident with the resolve hint and a cut error, once per fallout id, and closes it solved or not', async () => {
      const opened = await desk().openCase(newCase);
      const incident = simulator.incident(opened.id)!;
      expect(opened).to.deep.equal({ id: incident.sys_id, number: 'INC0010001' });
      expect(incident).to.include({ correlation_id: newCase.falloutId, short_description: newCase.title, urgency: '2', u_order_id: 'ORD-1', u_order_item_id: '1', u_failed_step: 'collect-payment', u_order_url: newCase.orderUrl });
      expect(incident.description).to.equal('Ordo could not complete it.\n\nResolve with u_resolution: retry (Ordo runs the step again), skip (Ordo goes on without it) or fail (the item fails and what it holds is released).');
      expect(incident.u_error).to.have.length(1000);
      expect(incident).not.to.have.property('u_process_url');
      expect(await desk().openCase(newCase)).to.deep.equal(opened);
      await desk().closeCase(opened.id, false, 'the order item ended failed.');
      expect(simulator.incident(opened.id)).to.include({ state: '7', close_code: 'Not Solved (Not Reproducible)' });
      const next = await desk().openCase(newCase);
      await desk().closeCase(next.id, true, 'the order item ended completed.');
      expect(simulator.incident(next.id)).to.include({ close_code: 'Solved (Permanently)' });
    });

    it('reads a resolution only from the webhook user, and only a well-formed one', () => {
      const body = { sys_id: 'abc', number: 'INC0010001', correlation_id: 'ORD-1:1:collect-payment:1', u_resolution: 'skip', close_notes: 'done by hand', resolved_at: new Date().toISOString() };
      const authorization = basicAuthHeader(hook.user, hook.password);
      expect(desk().readResolution({ authorization, body })).to.deep.equal({ resolution: { falloutId: body.correlation_id, resolution: 'skip', notes: 'done by hand', caseId: 'abc', caseNumber: 'INC0010001' } });
      expect(desk().readResolution({ authorization: basicAuthHeader(hook.user, 'wrong'), body })).to.include({ refused: 'unauthenticated', challenge: 'Basic realm="ordo"' });
      expect(desk().readResolution({ authorization: undefined, body })).to.include({ refused: 'unauthenticated' });
      for (const invalid of [undefined, {}, { ...body, u_resolution: 'ignore' }, { ...body, correlation_id: 7 }]) expect(desk().readResolution({ authorization, body: invalid }), JSON.stringify(invalid)).to.include({ refused: 'invalid' });
    });
  });

  describe('basic auth helpers', () => {
    it('builds and checks the header, case-insensitive in the scheme only', () => {
      const header = basicAuthHeader('u', 'p:w');
      expect(header).to.equal(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
      expect(checkBasicAuth(header, 'u', 'p:w')).to.equal(true);
      expect(checkBasicAuth(header.replace('Basic', 'basic'), 'u', 'p:w')).to.equal(true);
      expect(checkBasicAuth(header, 'U', 'p:w')).to.equal(false);
      expect(checkBasicAuth(header, 'u', 'p')).to.equal(false);
      for (const malformed of [undefined, '', 'Basic', 'Bearer abc', `Basic ${'!'.repeat(8)}`]) expect(checkBasicAuth(malformed, 'u', 'p:w'), String(malformed)).to.equal(false);
    });
  });
});
