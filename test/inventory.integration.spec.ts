import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { errorHandler, jsonBody } from '../engine/http/app.js';
import { logger, setLogLevel } from '../engine/observability/logger.js';
import { confirmResource, expiredReservations, releaseExpired, releaseResource } from '../engine/inventory/confirm-release.js';
import { generatePool } from '../engine/inventory/generate-pool.js';
import { InventoryError } from '../engine/inventory/inventory-error.js';
import { loadResources } from '../engine/inventory/load-pool.js';
import { advancePortIn, recordPortIn } from '../engine/inventory/port-in.js';
import { reserveResource, type ReservationRequest } from '../engine/inventory/reserve-resource.js';
import { ResourceStore } from '../engine/inventory/resource-store.js';
import { characteristicValue, isFree, reservationKeyOf, type StoredResource } from '../engine/inventory/resource.js';
import { resourceInventoryRoutes } from '../engine/inventory/routes.js';
import { TMF639_BASE_PATH } from '../engine/inventory/tmf639.js';
import { httpJson, testConfig } from './support/harness.js';

const config = testConfig();
const TTL = 600_000;

describe('engine/inventory with MongoDB and the TMF639 API', function () {
  this.timeout(180_000);
  let db: Database;
  let run = 0;
  /** A fresh store per test: its own collection names are the same, so each test gets its own database. */
  const stores: Database[] = [];

  async function freshStore(): Promise<ResourceStore> {
    const database = await connectMongo({ ...config.mongo, db: `${config.mongo.db}_${++run}` });
    stores.push(database);
    const store = new ResourceStore(database.db, 'http://ordo.test');
    await store.ensureIndexes();
    return store;
  }

  async function loadMsisdns(store: ResourceStore, count: number, options: { prefix?: string; category?: string; start?: number } = {}) {
    const report = await loadResources(store, generatePool({ kind: 'msisdn', count, prefix: options.prefix ?? '4179', start: options.start }), { kind: 'msisdn', category: options.category });
    expect(report.loaded).to.equal(count);
    return report;
  }

  const request = (itemId: string, extra: Partial<ReservationRequest> = {}): ReservationRequest => ({ kind: 'msisdn', orderId: 'order-1', itemId, role: 'msisdn', ttlMs: TTL, ...extra });

  before(async () => {
    setLogLevel(config.log.level);
    db = await connectMongo(config.mongo);
  });

  after(async () => {
    for (const database of stores) {
      await database.db.dropDatabase().catch(() => undefined);
      await database.close();
    }
    await db.db.dropDatabase().catch(() => undefined);
    await db.close();
  });

  it('gives 50 free numbers to exactly 50 of 200 concurrent order items, none twice', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 50);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => reserveResource(store, request(String(i)))));
    const taken = results.filter((r) => r !== null);
    expect(taken).to.have.length(50);
    expect(results.filter((r) => r === null)).to.have.length(150);
    expect(new Set(taken.map((r) => r!.resource.value)).size).to.equal(50);
    const stored = (await store.collection.find({}).toArray()) as StoredResource[];
    expect(stored.filter((r) => r.resourceStatus === 'reserved')).to.have.length(50);
    expect(new Set(stored.map((r) => r._ordo.reservationKey)).size, 'one holder per number').to.equal(50);
    for (const r of stored) {
      expect(r._ordo.outbox?.map((e) => e.body.eventType)).to.deep.equal(['ResourceStateChangeEvent']);
      expect((r._ordo.outbox![0]!.body.event['resource'] as { resourceStatus: string }).resourceStatus).to.equal('reserved');
    }
  });

  it('picks at random: not in slot order, spread over the whole pool', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 10_000);
    const slots: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const reserved = await reserveResource(store, request(`r${i}`));
      const stored = await store.findStored(reserved!.resource.id);
      slots.push(stored!._ordo.slot!);
    }
    const deciles = Array.from({ length: 10 }, (_, d) => slots.filter((s) => Math.floor(s / 1000) === d).length);
    for (const hits of deciles) expect(hits, `hits per decile: ${deciles.join(', ')}`).to.be.within(60, 140);
    const ascending = slots.filter((s, i) => i > 0 && s > slots[i - 1]!).length;
    expect(ascending, 'about half the steps go up, as in a random sequence').to.be.within(400, 600);
    expect(new Set(slots).size).to.equal(1000);
  });

  it('returns the same number to a repeated request, one after the other or at once', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 100);
    const first = await reserveResource(store, request('same'));
    const again = await reserveResource(store, request('same'));
    expect(first!.reused).to.equal(false);
    expect(again).to.deep.equal({ resource: first!.resource, reused: true });

    const racing = await Promise.all(Array.from({ length: 10 }, () => reserveResource(store, request('racing'))));
    expect(new Set(racing.map((r) => r!.resource.id)).size).to.equal(1);
    expect(racing.filter((r) => !r!.reused).length).to.be.at.most(1);
    expect(await store.collection.countDocuments({ '_ordo.reservation.itemId': 'racing' })).to.equal(1);
    expect(await store.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(2);
  });

  it('honours a prefix, a pattern and the golden pool', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 2000, { prefix: '4179' });
    await loadMsisdns(store, 2000, { prefix: '4176' });
    await loadMsisdns(store, 20, { prefix: '4177', category: 'golden', start: 7770 });

    const prefixed = await reserveResource(store, request('p', { prefix: '41760' }));
    expect(prefixed!.resource.value).to.match(/^41760/);
    const patterned = await reserveResource(store, request('q', { pattern: '4179*?77' }));
    expect(patterned!.resource.value).to.match(/^4179\d*\d77$/);
    const golden = await reserveResource(store, request('g', { category: 'golden', pattern: '*7777' }));
    expect(golden!.resource).to.include({ value: '41770007777', category: 'golden' });
    expect(await reserveResource(store, request('g2', { category: 'golden', pattern: '*7777' })), 'the only match is taken').to.equal(null);
    expect(await reserveResource(store, request('n', { prefix: '4175' }))).to.equal(null);
    try {
      await reserveResource(store, request('bad', { pattern: '41.*' }));
      expect.fail('a pattern with regex syntax was accepted');
    } catch (err) {
      expect(err).to.be.instanceOf(InventoryError).with.property('code', 'INVALID_RESOURCE_PREFERENCE');
    }
  });

  it('releases to the pool (twice is harmless), confirms, and sweeps expired holds', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 3);
    const key = reservationKeyOf('order-1', 'a', 'msisdn');
    const reserved = await reserveResource(store, request('a'));
    const released = await releaseResource(store, key, 'order cancelled');
    expect(isFree(released!)).to.equal(true);
    expect(await releaseResource(store, key, 'again')).to.equal(null);
    expect(await store.findHeld(key)).to.equal(null);
    const stored = await store.findStored(reserved!.resource.id);
    expect(stored!._ordo.outbox!.map((e) => e.body.eventType)).to.deep.equal(['ResourceStateChangeEvent', 'ResourceStateChangeEvent']);

    await reserveResource(store, request('b'));
    const inUse = await confirmResource(store, reservationKeyOf('order-1', 'b', 'msisdn'), { productId: 'prod-9' });
    expect(inUse).to.include({ resourceStatus: 'available', usageState: 'active' });
    expect(characteristicValue(inUse!, 'productId')).to.equal('prod-9');
    expect((await reserveResource(store, request('b')))!.reused, 'a redelivered reservation finds the confirmed one').to.equal(true);

    await reserveResource(store, request('c', { ttlMs: 1 }));
    await reserveResource(store, request('d', { ttlMs: 1 }));
    const now = new Date(Date.now() + 1000);
    expect((await expiredReservations(store, now)).map((e) => e.reservation.itemId).sort()).to.deep.equal(['c', 'd']);
    const swept = await releaseExpired(store, now, logger);
    expect(swept.map((e) => [e.reservation.orderId, e.reservation.itemId]).sort()).to.deep.equal([['order-1', 'c'], ['order-1', 'd']]);
    expect(swept.every((e) => isFree(e.resource))).to.equal(true);
    expect(await releaseExpired(store, now, logger)).to.deep.equal([]);
    expect(await expiredReservations(store, new Date(Date.now() + 10 * TTL)), 'the confirmed one never expires').to.deep.equal([]);
  });

  it('holds a ported-in number outside every pool, never free', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 5);
    const port = { number: '41789990001', orderId: 'order-p', itemId: '1', role: 'msisdn', donorOperator: 'Other Telco' };
    const recorded = await recordPortIn(store, port);
    expect(recorded.resource).to.include({ category: 'ported', resourceStatus: 'reserved', value: '41789990001' });
    expect((await recordPortIn(store, port)).reused).to.equal(true);
    const key = reservationKeyOf('order-p', '1', 'msisdn');
    expect(characteristicValue((await advancePortIn(store, key, 'confirmed'))!, 'portInState')).to.equal('confirmed');
    try {
      await advancePortIn(store, key, 'requested');
      expect.fail('went back');
    } catch (err) {
      expect(err).to.have.property('code', 'PORT_IN_STATE');
    }
    await advancePortIn(store, key, 'completed');
    const stored = await store.findStored(recorded.resource.id);
    expect(stored!._ordo).to.not.have.any.keys('pool', 'slot', 'rand');

    const released = await releaseResource(store, key, 'subscription ended');
    expect(released!.resourceStatus).to.equal('suspended');
    for (let i = 0; i < 10; i++) expect((await reserveResource(store, request(`x${i}`)))?.resource.value).to.not.equal(port.number);
    for (const category of ['ported']) {
      try {
        await reserveResource(store, request('y', { category }));
        expect.fail('reserved from the ported numbers');
      } catch (err) {
        expect(err).to.have.property('code', 'INVALID_RESOURCE_PREFERENCE');
      }
    }
    try {
      await recordPortIn(store, { ...port, number: '41790000001', itemId: '2' });
      expect.fail('ported in one of our own numbers');
    } catch (err) {
      expect(err).to.have.property('code', 'PORT_IN_NUMBER_IS_OURS');
    }
  });

  it('finds the one free number among 5,000 that random slots miss', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 5000);
    await store.collection.updateMany({ '_ordo.slot': { $ne: 4321 } }, { $set: { administrativeState: 'locked' } });
    const reserved = await reserveResource(store, request('needle'));
    expect(reserved!.resource.value).to.equal('41790004321');
    expect(await reserveResource(store, request('none'))).to.equal(null);
  });

  describe('TMF639 API', () => {
    let server: Server;
    let base: string;
    let store: ResourceStore;

    before(async () => {
      store = await freshStore();
      await loadMsisdns(store, 30);
      await loadResources(store, generatePool({ kind: 'iccid', count: 5, prefix: '894101' }), { kind: 'iccid' });
      await reserveResource(store, request('api'));
      const app = express();
      app.use(jsonBody);
      app.use(TMF639_BASE_PATH, resourceInventoryRoutes(store));
      app.use(errorHandler(logger));
      server = app.listen(0);
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${TMF639_BASE_PATH}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('lists with filters, fields and paging, without Ordo bookkeeping', async () => {
      const all = await httpJson('GET', `${base}/resource?limit=100`);
      expect(all.status).to.equal(200);
      expect(all.headers.get('x-total-count')).to.equal('35');
      expect(JSON.stringify(all.body)).to.not.include('_ordo');
      const reserved = await httpJson('GET', `${base}/resource?resourceStatus=reserved`);
      expect(reserved.body).to.have.length(1);
      const sims = await httpJson('GET', `${base}/resource?@type=PhysicalResource&fields=serialNumber,resourceStatus`);
      expect(sims.body).to.have.length(5);
      expect(Object.keys(sims.body[0]).sort()).to.deep.equal(['@type', 'href', 'id', 'resourceStatus', 'serialNumber']);
      const page = await httpJson('GET', `${base}/resource?@type=LogicalResource&sort=name&offset=10&limit=5`);
      expect(page.body.map((r: { value: string }) => r.value)).to.deep.equal(['41790000010', '41790000011', '41790000012', '41790000013', '41790000014']);
      const bad = await httpJson('GET', `${base}/resource?_ordo.pool=msisdn:standard`);
      expect(bad.status).to.equal(400);
      expect(bad.body).to.include({ code: 'INVALID_QUERY', '@type': 'Error' });
    });

    it('reads one resource, and answers 404 for an unknown one', async () => {
      // A free one: the reservation in `before` took a random number of the pool.
      const [listed] = (await httpJson('GET', `${base}/resource?@type=LogicalResource&resourceStatus=available&sort=name&limit=1`)).body;
      const one = await httpJson('GET', `${base}/resource/${listed.id}`);
      expect(one.body).to.deep.equal(listed);
      expect(listed.value).to.match(/^417900000\d\d$/);
      expect(one.body).to.include({ '@type': 'LogicalResource', name: listed.value, resourceStatus: 'available', usageState: 'idle', administrativeState: 'unlocked', operationalState: 'enable', category: 'standard' });
      const missing = await httpJson('GET', `${base}/resource/nope`);
      expect(missing.status).to.equal(404);
      expect(missing.body).to.include({ code: 'NOT_FOUND', status: '404' });
    });

    it('creates a LogicalResource that joins its pool free', async () => {
      const created = await httpJson('POST', `${base}/resource`, { '@type': 'LogicalResource', value: '41770001234', category: 'golden', resourceSpecification: { id: 'msisdn', href: 'http://catalog/msisdn' } });
      expect(created.status).to.equal(201);
      expect(created.headers.get('location')).to.equal(created.body.href);
      expect(created.body).to.include({ name: '41770001234', category: 'golden', resourceStatus: 'available' });
      expect(created.body).to.not.have.property('_ordo');
      const taken = await reserveResource(store, request('golden', { category: 'golden' }));
      expect(taken!.resource.id).to.equal(created.body.id);

      expect((await httpJson('POST', `${base}/resource`, { '@type': 'LogicalResource', value: '41770001234', category: 'golden' })).status).to.equal(409);
      const invalid = await httpJson('POST', `${base}/resource`, { '@type': 'LogicalResource', value: '0123', administrativeState: 'sideways' });
      expect(invalid.status).to.equal(400);
      expect(invalid.body).to.include({ code: 'INVALID_BODY', '@type': 'Error' });
      expect((await httpJson('POST', `${base}/resource`, { '@type': 'LogicalResource', value: '41770001235', resourceStatus: 'reserved' })).status).to.equal(409);
      expect((await httpJson('POST', `${base}/resource`, { '@type': 'Nonsense', value: '41770001235' })).status).to.equal(400);
    });

    it('locks and unlocks by PATCH; a held resource keeps its reservation states', async () => {
      const [free] = (await httpJson('GET', `${base}/resource?value=41790000020`)).body;
      const locked = await httpJson('PATCH', `${base}/resource/${free.id}`, { administrativeState: 'locked', note: [{ text: 'quarantine' }] }, { 'content-type': 'application/merge-patch+json' });
      expect(locked.status).to.equal(200);
      expect(locked.body).to.include({ administrativeState: 'locked' });
      const stored = await store.findStored(free.id);
      expect(stored!._ordo.outbox!.map((e) => e.body.eventType).slice(-2), 'the two events this PATCH queued').to.deep.equal(['ResourceAttributeValueChangeEvent', 'ResourceStateChangeEvent']);

      const [held] = (await httpJson('GET', `${base}/resource?resourceStatus=reserved`)).body;
      const refused = await httpJson('PATCH', `${base}/resource/${held.id}`, { resourceStatus: 'available' });
      expect(refused.status).to.equal(409);
      expect(refused.body).to.include({ code: 'RESOURCE_HELD' });
      expect((await httpJson('PATCH', `${base}/resource/${free.id}`, { value: '41790009999' })).status).to.equal(409);
      expect((await httpJson('PATCH', `${base}/resource/${free.id}`, { operationalState: 'sideways' })).status).to.equal(400);
      expect((await httpJson('PATCH', `${base}/resource/${free.id}`, { administrativeState: 'unlocked' })).body).to.include({ administrativeState: 'unlocked' });
    });

    it('answers 405 with Allow for other methods', async () => {
      const res = await httpJson('DELETE', `${base}/resource`);
      expect(res.status).to.equal(405);
      expect(res.headers.get('allow')).to.equal('GET, POST');
      expect(res.body).to.include({ code: 'METHOD_NOT_ALLOWED' });
      expect((await httpJson('PUT', `${base}/resource/x`, {})).headers.get('allow')).to.equal('GET, PATCH');
    });
  });
});
