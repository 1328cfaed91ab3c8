import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ObjectId } from 'mongodb';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { Hub, type HubSettings } from '../engine/events/hub.js';
import { tmfEvent } from '../engine/events/tmf-event.js';
import { logger } from '../engine/observability/logger.js';
import { startOrdo } from '../engine/ordo.js';
import { eventually, httpJson, retireTestOrdo, testConfig } from './support/harness.js';
import { TestListener } from './support/listener.js';

const API = 'productOrderingManagement';
const event = (n: number) => tmfEvent('productOrder', 'ProductOrderCreateEvent', `order-${n}`, { id: `order-${n}` });

/** A listener that takes each request and answers only once released. */
class HangingListener {
  readonly waiting: http.ServerResponse[] = [];
  private released = false;
  private server: http.Server | undefined;
  async start(): Promise<string> {
    this.server = http.createServer((_req, res) => void (this.released ? res.writeHead(204).end() : this.waiting.push(res)));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hangs`;
  }
  /** Answers what waits, and from now on answers at once. */
  release(): void {
    this.released = true;
    for (const res of this.waiting.splice(0)) res.writeHead(204).end();
  }
  async stop(): Promise<void> {
    for (const res of this.waiting) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('engine/events/hub: bounded delivery, dead letters, replay, and connections pinned to the checked address', () => {
  let db: Database;
  const hubs: Hub[] = [];
  const listeners: { stop(): Promise<void> }[] = [];
  const settings: HubSettings = { pollMs: 100, timeoutMs: 2000, callbackHosts: ['127.0.0.1'], maxFailures: 3, maxEventAgeMs: 86_400_000, deadLetterRetentionMs: 3_600_000 };
  const newHub = async (overrides: Partial<HubSettings> = {}) => {
    const hub = new Hub(db.db, { ...settings, ...overrides }, logger);
    await hub.ensureIndexes();
    hubs.push(hub);
    return hub;
  };
  const listening = async <T extends { start(): Promise<string>; stop(): Promise<void> }>(listener: T): Promise<[T, string]> => {
    listeners.push(listener);
    return [listener, await listener.start()];
  };
  /** One dispatch pass after the listener's backoff, as if its time had come. */
  const passNow = async (hub: Hub) => {
    await hub.listeners.updateMany({}, { $set: { 'delivery.nextAttemptAt': new Date(0) } });
    await hub.dispatch();
  };

  before(async () => {
    db = await connectMongo(testConfig().mongo);
  });
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.stop();
    for (const l of listeners.splice(0)) await l.stop();
    for (const name of ['hubListener', 'hubDelivery', 'hubDeadLetter']) await db.db.collection(name).deleteMany({});
  });
  after(async () => {
    await db.db.dropDatabase().catch(() => undefined);
    await db.close();
  });

  it('a dead listener is suspended after its failures, its queue and later events kept as dead letters with the reason; replay delivers them in order', async () => {
    const hub = await newHub();
    const [listener, url] = await listening(new TestListener());
    listener.status = 503;
    const { id } = await hub.register(API, { callback: url });
    const first = [event(1), event(2), event(3)];
    await hub.enqueue(API, first);
    for (let pass = 0; pass < 3; pass++) await passNow(hub);
    const [suspended] = await hub.overview();
    expect(suspended).to.include({ id, status: 'suspended', failures: 3, queued: 0, deadLetters: 3 });
    expect(suspended!.lastError).to.contain('HTTP 503');
    const parked = await hub.deadLetters.find({ listenerId: id }).sort({ seq: 1 }).toArray();
    expect(parked.map((d) => d.body.eventId)).to.deep.equal(first.map((e) => e.body.eventId));
    expect(parked[0]!.reason).to.match(/^3 failed deliveries in a row; last: listener answered HTTP 503$/);
    expect(parked[0]!.expiresAt.getTime() - parked[0]!.deadAt.getTime()).to.equal(settings.deadLetterRetentionMs);

    // While suspended, nothing queues up and nothing is tried.
    await hub.enqueue(API, [event(4), event(5)]);
    await passNow(hub);
    expect(await hub.deliveries.countDocuments({ listenerId: id })).to.equal(0);
    expect((await hub.deadLetters.find({ listenerId: id }).toArray()).filter((d) => d.reason === 'listener suspended')).to.have.length(2);
    expect(listener.received).to.have.length(0);

    listener.status = 204;
    expect(await hub.replay(id)).to.equal(5);
    await passNow(hub);
    expect(listener.received.map((e) => e.event['productOrder']?.['id'])).to.deep.equal(['order-1', 'order-2', 'order-3', 'order-4', 'order-5']);
    expect(await hub.overview()).to.deep.equal([{ id, callback: url, api: API, status: 'active', failures: 0, queued: 0, deadLetters: 0 }]);
    expect(await hub.replay('no-such-listener')).to.equal(undefined);
  });

  it('expired dead letters are removed (a TTL index where the server has them, a sweep where not)', async () => {
    const hub = await newHub({ deadLetterRetentionMs: 600_000 });
    const indexes = await hub.deadLetters.indexes();
    expect(indexes.some((i) => i.key['expiresAt'] === 1 && i.expireAfterSeconds === 0)).to.equal(true);
    const listenerId = randomUUID();
    await hub.deadLetters.insertOne({ _id: `${listenerId}:old`, listenerId, seq: new ObjectId(), body: event(1).body, reason: 'test', deadAt: new Date(0), expiresAt: new Date(1) });
    await hub.purgeExpired();
    // Gone: by the sweep, or by the server's TTL monitor if it came first.
    expect(await hub.deadLetters.countDocuments({ listenerId })).to.equal(0);
  });

  it('one dead listener does not slow the others: a healthy one gets every event while the dead one still holds the first', async () => {
    const hub = await newHub({ timeoutMs: 60_000 });
    const [hanging, hangingUrl] = await listening(new HangingListener());
    const [healthy, healthyUrl] = await listening(new TestListener());
    await hub.register(API, { callback: hangingUrl });
    await hub.register(API, { callback: healthyUrl });
    await hub.enqueue(API, [1, 2, 3, 4, 5].map(event));
    const pass = hub.dispatch();
    await eventually('the healthy listener served', async () => healthy.received.length === 5);
    expect(hanging.waiting).to.have.length(1);
    expect(hanging.waiting[0]!.writableEnded).to.equal(false);
    hanging.release();
    await pass;
  });

  it('a delivery connects to the address that was checked, even when the name then resolves elsewhere (DNS rebinding)', async () => {
    const answers: string[] = [];
    const resolve = async (host: string) => {
      const address = answers.length < 2 ? '127.0.0.1' : '169.254.169.254';
      answers.push(`${host} -> ${address}`);
      return [address];
    };
    const hub = await newHub({ callbackHosts: ['rebind.ordo.test'], resolve });
    const [listener, url] = await listening(new TestListener());
    const callback = url.replace('127.0.0.1', 'rebind.ordo.test');
    const { id } = await hub.register(API, { callback });
    await hub.enqueue(API, [event(1)]);
    await hub.dispatch();
    // The system resolver knows no rebind.ordo.test: the event arrived because the connection used the checked address.
    expect(listener.received.map((e) => e.event['productOrder']?.['id'])).to.deep.equal(['order-1']);
    expect(answers).to.deep.equal(['rebind.ordo.test -> 127.0.0.1', 'rebind.ordo.test -> 127.0.0.1']);

    await hub.enqueue(API, [event(2)]);
    await passNow(hub);
    expect(listener.received).to.have.length(1);
    const [failing] = await hub.overview();
    expect(failing).to.include({ id, status: 'failing', queued: 1 });
    expect(failing!.lastError).to.contain('169.254.169.254, a link-local, metadata or unspecified address');
  });

  it('ops see each listener over the admin API and replay its dead letters; hub managers only', async () => {
    const ordo = await startOrdo(testConfig({ ORDO_HUB_MAX_FAILURES: '1' }), { workers: false });
    try {
      const [listener, url] = await listening(new TestListener());
      listener.status = 500;
      const { body: registered } = await httpJson('POST', `${ordo.baseUrl}/tmf-api/productOrderingManagement/v4/hub`, { callback: url });
      await ordo.hub.enqueue(API, [event(7)]);
      await eventually('listener suspended', async () => (await httpJson('GET', `${ordo.baseUrl}/ordo/admin/v1/hubListener`)).body.find((l: { id: string; status: string }) => l.id === registered.id && l.status === 'suspended'));
      listener.status = 204;
      const replay = await httpJson('POST', `${ordo.baseUrl}/ordo/admin/v1/hubListener/${registered.id}/replay`);
      expect(replay.status).to.equal(200);
      expect(replay.body).to.deep.equal({ id: registered.id, replayed: 1 });
      await eventually('replayed event delivered', async () => listener.received.length === 1);
      expect((await httpJson('POST', `${ordo.baseUrl}/ordo/admin/v1/hubListener/nope/replay`)).status).to.equal(404);
    } finally {
      await retireTestOrdo(ordo, 0);
    }
  });
});
