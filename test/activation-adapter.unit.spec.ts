import { expect } from 'chai';
import type { ActivateLineRequest, ActivateSubscriberRequest, SubscriberRecord } from '../adapters/activation/activation-api.js';
import { ActivationClient, type ActivationClientOptions } from '../adapters/activation/activation-client.js';
import { ActivationRejectedError } from '../engine/activation/activation-gateway.js';
import { ActivationSimulator } from '../adapters/activation/simulator.js';
import { rejection } from './support/rejection.js';

const apiKey = 'hlr_test';
const msisdn = '41790000001';
const iccid = '89410100000000000019';

describe('adapters/activation: activation gateway client and simulator', function () {
  this.timeout(15_000);
  let simulator: ActivationSimulator;
  let client: ActivationClient;
  let keys = 0;
  const key = () => `key-${++keys}`;
  const clientWith = (options: Partial<ActivationClientOptions> = {}) => new ActivationClient({ baseUrl: simulator.baseUrl, apiKey, timeoutMs: 2000, retryDelayMs: 10, ...options });
  const subscriber = (overrides: Partial<ActivateSubscriberRequest> = {}): ActivateSubscriberRequest => ({ iccid, services: ['voice', 'data'], orderRef: 'order-1/1', ...overrides });
  const line: ActivateLineRequest = { accessType: 'fibre', bandwidthMbps: 1000, installationAddress: 'Bahnhofstrasse 1, 8001 Zürich', orderRef: 'order-2/1' };

  beforeEach(async () => {
    simulator = await ActivationSimulator.start({ apiKey });
    client = clientWith();
  });

  afterEach(() => simulator.close());

  describe('subscribers', () => {
    it('activates with 201, answers the same key again with 200 and the same record, and stores one', async () => {
      const put = (k: string) =>
        fetch(`${simulator.baseUrl}/v1/subscribers/${msisdn}`, {
          method: 'PUT',
          body: JSON.stringify(subscriber()),
          headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': k },
        });
      const k = key();
      const first = await put(k);
      expect(first.status).to.equal(201);
      const created = (await first.json()) as SubscriberRecord;
      expect(created).to.include({ msisdn, iccid, status: 'active', orderRef: 'order-1/1' });
      expect(created.services).to.deep.equal(['voice', 'data']);
      expect(created.imsi).to.match(/^00101\d{10}$/);
      const again = await put(k);
      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal(created);
      expect(await client.activateSubscriber(msisdn, subscriber(), k)).to.deep.equal(created);
      expect(simulator.subscribers()).to.deep.equal([created]);
      expect(await client.getSubscriber(msisdn)).to.deep.equal(created);
    });

    it('derives the same imsi from the same iccid, and keeps one that is given', async () => {
      const derived = await client.activateSubscriber(msisdn, subscriber(), key());
      await client.deactivateSubscriber(msisdn, key());
      expect((await client.activateSubscriber(msisdn, subscriber(), key())).imsi).to.equal(derived.imsi);
      expect((await client.activateSubscriber('41790000002', subscriber({ iccid: '89410100000000000027', imsi: '228011234567890' }), key())).imsi).to.equal('228011234567890');
    });

    it('refuses a number active on another SIM with 409 msisdn_in_use', async () => {
      await client.activateSubscriber(msisdn, subscriber(), key());
      const err = await rejection(client.activateSubscriber(msisdn, subscriber({ iccid: '89410100000000000027' }), key()));
      expect(err).to.be.instanceOf(ActivationRejectedError).and.include({ status: 409, code: 'msisdn_in_use' });
      expect(simulator.subscriber(msisdn)?.iccid).to.equal(iccid);
      expect(simulator.requestCount('PUT')).to.equal(2);
    });

    it('refuses invalid requests with 400 invalid_request, without retrying', async () => {
      const badNumber = await rejection(client.activateSubscriber('4179', subscriber(), key()));
      expect(badNumber).to.be.instanceOf(ActivationRejectedError).and.include({ status: 400, code: 'invalid_request' });
      expect(badNumber.message).to.include('msisdn');
      for (const body of [subscriber({ iccid: '8941' }), subscriber({ services: [] }), subscriber({ orderRef: '' })]) {
        expect(await rejection(client.activateSubscriber(msisdn, body, key())), JSON.stringify(body)).to.include({ status: 400, code: 'invalid_request' });
      }
      expect(simulator.requestCount('PUT', '/v1/subscribers')).to.equal(4);
      expect(simulator.subscribers()).to.have.length(0);
    });

    it('refuses a key used again for another request with 422', async () => {
      const k = key();
      await client.activateSubscriber(msisdn, subscriber(), k);
      expect(await rejection(client.activateSubscriber(msisdn, subscriber({ services: ['voice'] }), k))).to.include({ status: 422, code: 'idempotency_key_reused' });
    });

    it('answers undefined for a number the network does not know', async () => {
      expect(await client.getSubscriber(msisdn)).to.equal(undefined);
    });

    it('deactivates, and again with 200, the record deactivated', async () => {
      await client.activateSubscriber(msisdn, subscriber(), key());
      const k = key();
      const first = await client.deactivateSubscriber(msisdn, k);
      expect(first).to.include({ msisdn, iccid, status: 'deactivated' });
      expect(await client.deactivateSubscriber(msisdn, k)).to.deep.equal(first);
      expect(await client.deactivateSubscriber(msisdn, key())).to.deep.equal(first);
      expect(simulator.subscriber(msisdn)).to.deep.equal(first);
      expect(await rejection(client.deactivateSubscriber('41790000009', key()))).to.include({ status: 404, code: 'not_found' });
    });

    it('refuses a wrong API key with 401', async () => {
      const err = await rejection(clientWith({ apiKey: 'wrong' }).activateSubscriber(msisdn, subscriber(), key()));
      expect(err).to.be.instanceOf(ActivationRejectedError).and.include({ status: 401, code: 'unauthorized' });
      expect(simulator.subscribers()).to.have.length(0);
    });
  });

  describe('failures and retries', () => {
    it('retries failNext answers with the same key and activates once', async () => {
      simulator.failNext(2);
      const created = await client.activateSubscriber(msisdn, subscriber(), key());
      expect(created.status).to.equal('active');
      expect(simulator.requestCount('PUT')).to.equal(3);
      expect(simulator.subscribers()).to.deep.equal([created]);
    });

    it('gives up on a number whose HLR never answers with a plain error naming the call and the last status; nothing is stored', async () => {
      simulator.failFor(msisdn, 'always');
      const err = await rejection(client.activateSubscriber(msisdn, subscriber(), key()));
      expect(err).not.to.be.instanceOf(ActivationRejectedError);
      expect(err.message).to.include(`PUT /v1/subscribers/${msisdn}`).and.include('HTTP 500 network_element_unavailable').and.include('3 attempt');
      expect(simulator.requestCount('PUT')).to.equal(3);
      expect(simulator.subscribers()).to.have.length(0);
      expect((await client.activateSubscriber('41790000002', subscriber(), key())).status).to.equal('active');
      simulator.clearFailures();
      expect((await client.activateSubscriber(msisdn, subscriber({ iccid: '89410100000000000027' }), key())).status).to.equal('active');
    });

    it('succeeds on the retry after one failure for the number', async () => {
      simulator.failFor(msisdn, 1, 503);
      const created = await client.activateSubscriber(msisdn, subscriber(), key());
      expect(created.status).to.equal('active');
      expect(simulator.requestCount('PUT', `/v1/subscribers/${msisdn}`)).to.equal(2);
      expect(simulator.subscribers()).to.have.length(1);
    });

    it('answers 503 while down, and works again after up()', async () => {
      simulator.down();
      expect((await rejection(client.getSubscriber(msisdn))).message).to.include('HTTP 503');
      simulator.up();
      expect(await client.getSubscriber(msisdn)).to.equal(undefined);
    });

    it('keeps an activation whose answer came too late, and answers it to the retry with the same key', async () => {
      await simulator.close();
      simulator = await ActivationSimulator.start({ apiKey, latencyMs: 300 });
      const k = key();
      const impatient = await rejection(clientWith({ timeoutMs: 100, retries: 0 }).activateSubscriber(msisdn, subscriber(), k));
      expect(impatient.message).to.include('no answer within 100 ms');
      expect(simulator.subscribers()).to.have.length(1);
      expect(await clientWith().activateSubscriber(msisdn, subscriber(), k)).to.deep.equal(simulator.subscriber(msisdn));
      expect(simulator.subscribers()).to.have.length(1);
    });
  });

  describe('lines', () => {
    it('activates a line once per key and deactivates it, again without harm', async () => {
      const k = key();
      const created = await client.activateLine('LINE-0001', line, k);
      expect(created).to.include({ lineId: 'LINE-0001', status: 'active', accessType: 'fibre', bandwidthMbps: 1000 });
      expect(await client.activateLine('LINE-0001', line, k)).to.deep.equal(created);
      expect(simulator.lines()).to.deep.equal([created]);
      const deactivated = await client.deactivateLine('LINE-0001', key());
      expect(deactivated).to.include({ lineId: 'LINE-0001', status: 'deactivated' });
      expect(await client.deactivateLine('LINE-0001', key())).to.deep.equal(deactivated);
      expect(await client.getLine('LINE-0001')).to.deep.equal(deactivated);
      expect(await client.getLine('LINE-0002')).to.equal(undefined);
    });

    it('refuses an invalid line with 400', async () => {
      const err = await rejection(client.activateLine('LINE-0001', { ...line, accessType: 'cable' as ActivateLineRequest['accessType'] }, key()));
      expect(err).to.be.instanceOf(ActivationRejectedError).and.include({ status: 400, code: 'invalid_request' });
      expect(await rejection(client.activateLine('LINE-0001', { ...line, bandwidthMbps: 0 }, key()))).to.include({ status: 400 });
      expect(simulator.lines()).to.have.length(0);
    });
  });
});
