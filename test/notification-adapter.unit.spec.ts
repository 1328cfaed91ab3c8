import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { NotificationRejectedError, type OutboundMessage } from '../engine/notifications/notification-channel.js';
import type { Logger } from '../engine/observability/logger.js';
import { TmfSchemas } from '../engine/tmf/schema-validator.js';
import { connectNotifications } from '../adapters/notification/connect.js';
import { NotificationSimulator } from '../adapters/notification/simulator.js';
import { MESSAGES_PATH, type CommunicationMessage } from '../adapters/notification/tmf681-api.js';
import { Tmf681NotificationChannel, type Tmf681ChannelOptions } from '../adapters/notification/tmf681-channel.js';
import { rejection } from './support/rejection.js';

const apiKey = 'comms_test';
const phone = '+41790000001';
const mailbox = 'anna.muster@example.ch';
const tmf681 = new TmfSchemas('tmf681', 'TMF681-Communication-v4.0.0.swagger.json');

describe('adapters/notification: TMF681 notification channel and simulator', function () {
  this.timeout(15_000);
  let simulator: NotificationSimulator;
  let channel: Tmf681NotificationChannel;
  let keys = 0;
  const key = () => `notify-${++keys}`;
  const channelWith = (options: Partial<Tmf681ChannelOptions> = {}) =>
    new Tmf681NotificationChannel({ baseUrl: simulator.baseUrl, apiKey, timeoutMs: 2000, retryDelayMs: 10, sender: { sms: 'Ordo', email: 'orders@ordo.example' }, ...options });
  const sms = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({ channel: 'sms', to: phone, text: 'Your code is 482913', idempotencyKey: key(), ...overrides });
  const email: OutboundMessage = { channel: 'email', to: mailbox, subject: 'Your order O-1', text: 'Your order O-1 is complete.', idempotencyKey: 'email-1' };
  const get = async (path: string) => {
    const res = await fetch(`${simulator.baseUrl}${path}`, { headers: { Authorization: `Bearer ${apiKey}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeEach(async () => {
    simulator = await NotificationSimulator.start({ apiKey });
    channel = channelWith();
  });

  afterEach(() => simulator.close());

  it('delivers an SMS and an e-mail, readable by address and over HTTP', async () => {
    const sentSms = await channel.send(sms());
    const sentEmail = await channel.send(email);
    expect(sentSms.state).to.equal('completed');
    expect(sentEmail.id).to.be.a('string').and.not.equal(sentSms.id);
    const [delivered] = simulator.messagesTo(phone);
    expect(delivered).to.include({ id: sentSms.id, messageType: 'SMS', content: 'Your code is 482913', state: 'completed' });
    expect(delivered?.receiver).to.deep.equal([{ phoneNumber: phone }]);
    expect(delivered?.sender).to.deep.equal({ name: 'Ordo' });
    expect(simulator.lastMessageTo(mailbox)).to.include({ id: sentEmail.id, messageType: 'email', subject: 'Your order O-1', content: 'Your order O-1 is complete.' });
    expect(simulator.lastMessageTo(mailbox)?.sender).to.deep.equal({ email: 'orders@ordo.example' });
    expect(simulator.messages().map((m) => m.id)).to.deep.equal([sentSms.id, sentEmail.id]);

    expect(await get(`${MESSAGES_PATH}/${sentEmail.id}`)).to.deep.equal({ status: 200, body: simulator.lastMessageTo(mailbox) });
    const listed = await get(`${MESSAGES_PATH}?${new URLSearchParams({ 'receiver.phoneNumber': phone })}`);
    expect((listed.body as CommunicationMessage[]).map((m) => m.id)).to.deep.equal([sentSms.id]);
    expect(await get(`${MESSAGES_PATH}/no-such-id`)).to.deep.include({ status: 404 });
  });

  it('sends what TMF681 CommunicationMessage_Create accepts, and the simulator answers a CommunicationMessage', async () => {
    const create = tmf681.validator('CommunicationMessage_Create');
    expect(create({ content: 'x', messageType: 'SMS', receiver: [] }), 'the schema check itself').not.to.deep.equal([]);
    await channel.send(sms());
    await channel.send(email);
    const bodies = simulator.requests().map((r) => r.body);
    expect(bodies).to.have.length(2);
    for (const body of bodies) expect(create(body), JSON.stringify(body)).to.deep.equal([]);
    for (const message of simulator.messages()) expect(tmf681.validator('CommunicationMessage')(message)).to.deep.equal([]);
  });

  it('delivers a resend with the same key once, with the same answer', async () => {
    const message = sms();
    const first = await channel.send(message);
    expect(await channel.send(message)).to.deep.equal(first);
    expect(simulator.requests()).to.have.length(2);
    expect(simulator.messagesTo(phone)).to.have.length(1);
  });

  it('refuses the same key with another message with 409', async () => {
    const message = sms();
    await channel.send(message);
    const err = await rejection(channel.send({ ...message, text: 'Your code is 000000' }));
    expect(err).to.be.instanceOf(NotificationRejectedError).and.include({ status: 409 });
    expect(simulator.messages()).to.have.length(1);
  });

  it('refuses an invalid message with 400 naming the call, without retrying or recording it, and without quoting the text', async () => {
    const err = await rejection(channel.send(sms({ to: '0790000001' })));
    expect(err).to.be.instanceOf(NotificationRejectedError).and.include({ status: 400 });
    expect(err.message).to.include(`POST ${MESSAGES_PATH}`).and.include('E.164');
    expect(simulator.requests()).to.have.length(1);
    for (const bad of [{ channel: 'email' as const, to: 'not-an-address' }, { text: '' }, { text: `${'x'.repeat(1600)}482913` }]) {
      const refused = await rejection(channel.send(sms(bad)));
      expect(refused, JSON.stringify(bad).slice(0, 60)).to.include({ status: 400 });
      expect(refused.message).not.to.include('482913');
    }
    expect(simulator.messages()).to.have.length(0);
  });

  it('retries failures with the same key and delivers once', async () => {
    simulator.failNext(2);
    const sent = await channel.send(sms());
    expect(sent.state).to.equal('completed');
    const keysSent = simulator.requests().map((r) => r.idempotencyKey);
    expect(keysSent).to.have.length(3);
    expect(new Set(keysSent).size).to.equal(1);
    expect(simulator.messages()).to.have.length(1);
  });

  it('gives up on a gateway that is down with an error naming the call, after the retries', async () => {
    simulator.down();
    const err = await rejection(channel.send(sms()));
    expect(err).not.to.be.instanceOf(NotificationRejectedError);
    expect(err.message).to.include(`POST ${MESSAGES_PATH}`).and.include('HTTP 503').and.include('3 attempt').and.not.include('482913');
    expect(simulator.messages()).to.have.length(0);
    simulator.up();
    expect((await channel.send(sms())).state).to.equal('completed');
  });

  it('refuses a wrong API key with 401', async () => {
    const err = await rejection(channelWith({ apiKey: 'wrong' }).send(sms()));
    expect(err).to.be.instanceOf(NotificationRejectedError).and.include({ status: 401 });
    expect(simulator.messages()).to.have.length(0);
  });

  it('stops waiting when aborted', async () => {
    await simulator.close();
    simulator = await NotificationSimulator.start({ apiKey, latencyMs: 2000 });
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(new Error('shutting down')), 50);
    const err = await rejection(channelWith().send(sms(), abort.signal));
    expect(err.message).to.equal('shutting down');
    expect(Date.now() - started).to.be.below(1000);
  });

  it('treats an answer without an id as an error', async () => {
    const gateway = createServer((_req, res) => res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"state":"completed"}'));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    try {
      const err = await rejection(channelWith({ baseUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}` }).send(sms()));
      expect(err).not.to.be.instanceOf(NotificationRejectedError);
      expect(err.message).to.include(`POST ${MESSAGES_PATH}`).and.include('id');
    } finally {
      await close(gateway);
    }
  });

  it('connects to a simulator of its own on the local stack, or to nothing with a warning', async () => {
    const said: string[] = [];
    const log = { info: (m: string) => said.push(`info ${m}`), warn: (m: string) => said.push(`warn ${m}`) } as unknown as Logger;
    const config = { url: '', apiKey: '', timeoutMs: 2000, simulate: true, sender: { sms: 'Ordo', email: 'orders@ordo.example' } };
    const local = await connectNotifications(config, log);
    try {
      await local.channel!.send(sms());
      expect(local.simulator!.messagesTo(phone)).to.have.length(1);
    } finally {
      await local.simulator?.close();
    }
    expect(await connectNotifications({ ...config, simulate: false }, log)).to.deep.equal({ channel: undefined });
    expect(said.map((s) => s.split(' ')[0])).to.deep.equal(['info', 'warn']);
  });
});

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
