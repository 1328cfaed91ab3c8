import { expect } from 'chai';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { NumberHoldLimits, customerKeyOf } from '../engine/carts/number-hold-limits.js';
import { releaseExpired } from '../engine/inventory/confirm-release.js';
import { generatePool } from '../engine/inventory/generate-pool.js';
import { InventoryError } from '../engine/inventory/inventory-error.js';
import { loadResources } from '../engine/inventory/load-pool.js';
import { numberCandidates } from '../engine/inventory/number-candidates.js';
import { cartHolds, holdNumber, releaseCartHolds, renewCartHolds, TooManyNumbersHeld, transferHold, type NumberHoldRequest } from '../engine/inventory/number-holds.js';
import { reserveResource } from '../engine/inventory/reserve-resource.js';
import { ResourceStore } from '../engine/inventory/resource-store.js';
import { isFree, reservationKeyOf, type Resource, type StoredResource } from '../engine/inventory/resource.js';
import { logger, setLogLevel } from '../engine/observability/logger.js';
import { Refusal, RefusalKind } from '../engine/outcomes.js';
import { visitorPrincipal } from '../engine/security/principal.js';
import { testConfig } from './support/harness.js';

const config = testConfig();
const TTL = 600_000;
const later = (ms = TTL) => new Date(Date.now() + ms);

describe('engine/inventory number holds for shopping carts', function () {
  this.timeout(180_000);
  let run = 0;
  const databases: Database[] = [];

  async function freshDatabase(): Promise<Database> {
    const database = await connectMongo({ ...config.mongo, db: `${config.mongo.db}_holds_${++run}` });
    databases.push(database);
    return database;
  }

  async function freshStore(): Promise<ResourceStore> {
    const store = new ResourceStore((await freshDatabase()).db, 'http://ordo.test');
    await store.ensureIndexes();
    return store;
  }

  async function loadMsisdns(store: ResourceStore, count: number, options: { prefix?: string; category?: string; start?: number } = {}) {
    const report = await loadResources(store, generatePool({ kind: 'msisdn', count, prefix: options.prefix ?? '4179', start: options.start }), { kind: 'msisdn', category: options.category });
    expect(report.loaded).to.equal(count);
  }

  const hold = (cartId: string, extra: Partial<NumberHoldRequest> = {}): NumberHoldRequest => ({ cartId, itemId: 'item-1', line: 1, expiresAt: later(), ...extra });
  const stored = async (store: ResourceStore, number: string) => (await store.findByNumber('msisdn', number))!;
  const refusal = async (promise: Promise<unknown>) => promise.then(() => expect.fail('was not refused'), (err: unknown) => err);

  before(() => setLogLevel(config.log.level));

  after(async () => {
    for (const database of databases) {
      await database.db.dropDatabase().catch(() => undefined);
      await database.close();
    }
  });

  it('gives 20 free numbers to exactly 20 of 100 racing carts, none twice, one event each', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 20);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => holdNumber(store, hold(`cart-${i}`))));
    const held = results.filter((r) => r !== null);
    expect([held.length, new Set(held.map((r) => r!.value)).size]).to.deep.equal([20, 20]);
    const pool = (await store.collection.find({}).toArray()) as StoredResource[];
    const holders = pool.map((r) => r.resourceStatus === 'reserved' && r._ordo.reservation?.orderId);
    expect(new Set(holders).size, 'each number held, each by a cart of its own').to.equal(20);
    const events = pool.map((r) => r._ordo.outbox?.map((e) => `${e.body.eventType} ${(e.body.event['resource'] as Resource).resourceStatus}`));
    expect(events, 'the take, once').to.deep.equal(pool.map(() => ['ResourceStateChangeEvent reserved']));
  });

  it('holds the number picked, swaps to another (freeing the first), and holding it again changes nothing', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 10);
    await loadMsisdns(store, 2, { prefix: '4177', category: 'golden', start: 7770 });
    const first = await holdNumber(store, hold('cart-b', { number: '41790000001' }));
    expect(first).to.include({ value: '41790000001', resourceStatus: 'reserved' });

    const second = await holdNumber(store, hold('cart-b', { number: '41790000002' }));
    expect(second).to.include({ value: '41790000002', resourceStatus: 'reserved' });
    expect(isFree(await stored(store, '41790000001')), 'the first is free again').to.equal(true);
    const line = reservationKeyOf('cart:cart-b', 'item-1#1', 'msisdn');
    expect((await store.findHeld(line))!.value).to.equal('41790000002');
    expect((await cartHolds(store, 'cart-b')).map((h) => [h.itemId, h.line, h.number])).to.deep.equal([['item-1', 1, '41790000002']]);
    expect(await store.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(1);

    const before = await stored(store, '41790000002');
    expect(await holdNumber(store, hold('cart-b', { number: '41790000002' }))).to.deep.equal(second);
    const after = await stored(store, '41790000002');
    expect(after._ordo.revision, 'no write').to.equal(before._ordo.revision);
    expect(after._ordo.outbox).to.have.length(1);

    const random = await holdNumber(store, hold('cart-b', { prefix: '41790000' }));
    expect(random!.value, 'a random hold keeps a held number that matches').to.equal('41790000002');
    const swappedAtRandom = await holdNumber(store, hold('cart-b', { pattern: '*3' }));
    expect(swappedAtRandom!.value).to.equal('41790000003');
    expect(isFree(await stored(store, '41790000002'))).to.equal(true);

    expect((await refusal(holdNumber(store, hold('cart-b', { number: '41770007770' })))), 'a golden number as a standard one').to.be.instanceOf(InventoryError).with.property('code', 'NUMBER_NOT_IN_POOL');
    expect((await refusal(holdNumber(store, hold('cart-b', { number: '41781234567' }))))).to.be.instanceOf(InventoryError).with.property('code', 'NUMBER_NOT_IN_POOL');
    expect((await refusal(holdNumber(store, hold('cart-b', { pattern: '41.*' }))))).to.have.property('code', 'INVALID_RESOURCE_PREFERENCE');
    expect(await holdNumber(store, hold('cart-b', { category: 'golden', number: '41770007770' }))).to.include({ value: '41770007770', category: 'golden' });
    expect((await cartHolds(store, 'cart-b')).map((h) => h.number)).to.deep.equal(['41770007770']);
    expect(await store.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(1);
  });

  it('a number held by one cart cannot be held by another, and a failed swap keeps the number held', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 5);
    expect(await holdNumber(store, hold('cart-a', { number: '41790000004' }))).to.include({ value: '41790000004' });
    expect(await holdNumber(store, hold('cart-c', { number: '41790000004' }))).to.equal(null);
    expect(await holdNumber(store, hold('cart-c', { itemId: 'other', number: '41790000004' }))).to.equal(null);
    expect(await holdNumber(store, hold('cart-a', { line: 2, number: '41790000004' })), 'nor another line of the same cart').to.equal(null);
    expect((await store.findHeld(reservationKeyOf('cart:cart-a', 'item-1#1', 'msisdn')))!.value).to.equal('41790000004');

    await holdNumber(store, hold('cart-c', { number: '41790000001' }));
    expect(await holdNumber(store, hold('cart-c', { number: '41790000004' })), 'a swap to a taken number').to.equal(null);
    expect(await holdNumber(store, hold('cart-c', { prefix: '4175' })), 'a swap with nothing matching').to.equal(null);
    expect((await cartHolds(store, 'cart-c')).map((h) => h.number)).to.deep.equal(['41790000001']);
    expect(await store.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(2);
  });

  it('offers different free numbers at random, matching the preference, from the pool of the category', async () => {
    const store = await freshStore();
    const pools = [{ prefix: '4179', count: 2000 }, { prefix: '4176', count: 2000 }, { prefix: '4177', count: 20, category: 'golden', start: 7770 }];
    for (const { count, ...options } of pools) await loadMsisdns(store, count, options);
    expect(await holdNumber(store, hold('cart-d', { category: 'golden', number: '41770007777' }))).to.not.equal(null);

    const offered = await numberCandidates(store, { count: 20 });
    expect(new Set(offered).size).to.equal(20);
    const again = await numberCandidates(store, { count: 20 });
    expect(again, 'another random choice').to.not.deep.equal(offered);
    for (const number of offered) {
      expect(number).to.match(/^417[96]\d{7}$/);
      expect(isFree(await stored(store, number))).to.equal(true);
    }
    const prefixed = await numberCandidates(store, { prefix: '41760', count: 20 });
    expect(prefixed).to.have.length(20);
    for (const number of prefixed) expect(number).to.match(/^41760/);
    const patterned = await numberCandidates(store, { pattern: '4179*?77', count: 20 });
    expect(patterned).to.have.length(20);
    for (const number of patterned) expect(number).to.match(/^4179\d*\d77$/);

    const golden = await numberCandidates(store, { category: 'golden', count: 20 });
    expect(golden, 'the golden pool holds 19 free').to.have.length(19);
    expect(golden).to.not.include('41770007777');
    for (const number of golden) expect((await stored(store, number)).category).to.equal('golden');
    expect(await numberCandidates(store, { category: 'golden', pattern: '*7777', count: 5 })).to.deep.equal([]);

    for (const bad of [{ count: 21 }, { count: 0 }, { count: 5, pattern: '41.*' }, { count: 5, category: 'ported' }, { count: 5, prefix: 'x' }]) {
      expect(await refusal(numberCandidates(store, bad)), JSON.stringify(bad)).to.be.instanceOf(InventoryError);
    }
  });

  it('a search goes through a bounded part of the pool: a preference that matches nothing there is refused as too narrow, not scanned for', async () => {
    /** The real store, noting the `rand` ranges searched. */
    class WatchedStore extends ResourceStore {
      readonly searched: (readonly [number, number])[] = [];
      override freeInRandRange(...args: Parameters<ResourceStore['freeInRandRange']>) {
        this.searched.push(args[2]);
        return super.freeInRandRange(...args);
      }
    }
    const store = new WatchedStore((await freshDatabase()).db, 'http://ordo.test');
    await store.ensureIndexes();
    await loadMsisdns(store, 400);
    const bounds = { numbers: 100, slice: 40, maxTimeMS: 1000 };
    const share = () => store.searched.splice(0).reduce((sum, [from, to]) => sum + (to - from), 0);

    expect(await refusal(numberCandidates(store, { pattern: '99*', count: 5 }, bounds))).to.be.instanceOf(InventoryError).with.property('code', 'PREFERENCE_TOO_NARROW');
    expect(share(), 'about 100 of the 400 numbers searched (and at most a slice more), not all').to.be.within(0.25, 0.35 + 1e-9);
    expect(await numberCandidates(store, { pattern: '4179*', count: 5 }, bounds)).to.have.length(5);
    expect(share(), 'a broad preference stops at the first slice').to.be.at.most(0.2);
    expect(await numberCandidates(store, { pattern: '99*', count: 5 }, { ...bounds, numbers: 400 }), 'the whole pool searched: none matches').to.deep.equal([]);
    expect(share()).to.be.closeTo(1, 1e-9);
    const one = await numberCandidates(store, { pattern: '*0123', count: 5 }, { ...bounds, numbers: 400 });
    expect(one, 'found wherever it is in the pool').to.deep.equal(['41790000123']);
  });

  it('releases one line or the whole cart, renews every hold, and the sweep frees what expired', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 10);
    for (const [itemId, line] of [['a', 1], ['a', 2], ['b', 1]] as const) expect(await holdNumber(store, hold('cart-e', { itemId, line, expiresAt: later(60_000) }))).to.not.equal(null);
    expect((await cartHolds(store, 'cart-e')).map((h) => `${h.itemId}#${h.line}`).sort()).to.deep.equal(['a#1', 'a#2', 'b#1']);

    const revisions = async () => (await store.findHeldBy('cart:cart-e')).map((r) => r._ordo.revision).sort();
    const revisionsBefore = await revisions();
    const renewed = await renewCartHolds(store, 'cart-e', later(2 * TTL));
    expect(renewed).to.have.length(3);
    expect(await revisions()).to.deep.equal(revisionsBefore.map((r) => r + 1));
    for (const h of await cartHolds(store, 'cart-e')) expect(h.expiresAt.getTime()).to.be.greaterThan(Date.now() + TTL);
    expect(await releaseExpired(store, later(TTL), logger), 'renewed holds outlast their first end').to.deep.equal([]);

    const [one] = await releaseCartHolds(store, 'cart-e', 'item removed', { itemId: 'a', line: 2 });
    expect(isFree(one!)).to.equal(true);
    expect((await cartHolds(store, 'cart-e')).map((h) => `${h.itemId}#${h.line}`).sort()).to.deep.equal(['a#1', 'b#1']);
    const rest = await releaseCartHolds(store, 'cart-e', 'cart abandoned');
    expect(rest).to.have.length(2);
    expect(await cartHolds(store, 'cart-e')).to.deep.equal([]);
    expect(await store.collection.countDocuments({ resourceStatus: 'reserved' })).to.equal(0);
    expect(await releaseCartHolds(store, 'cart-e', 'again')).to.deep.equal([]);

    await holdNumber(store, hold('cart-f', { expiresAt: later(50) }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const swept = await releaseExpired(store, new Date(), logger);
    expect(swept.map((e) => e.reservation.orderId)).to.deep.equal(['cart:cart-f']);
    expect(await cartHolds(store, 'cart-f')).to.deep.equal([]);
  });

  it('hands a held number to the order at checkout, where the order\'s reservation finds it; again is harmless', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 10);
    const held = await holdNumber(store, hold('cart-g', { number: '41790000007' }));
    const to = { orderId: 'order-9', unitId: '1', role: 'msisdn' } as const;
    const from = { cartId: 'cart-g', itemId: 'item-1', line: 1 };

    const moved = await transferHold(store, from, to, TTL);
    expect(moved!.id).to.equal(held!.id);
    expect(await cartHolds(store, 'cart-g')).to.deep.equal([]);
    const reservation = (await stored(store, '41790000007'))._ordo.reservation!;
    expect(reservation).to.include({ key: reservationKeyOf('order-9', '1', 'msisdn'), orderId: 'order-9', itemId: '1', role: 'msisdn' });
    expect(reservation.expiresAt!.getTime()).to.be.closeTo(Date.now() + TTL, 5_000);

    const reserved = await reserveResource(store, { kind: 'msisdn', orderId: 'order-9', itemId: '1', role: 'msisdn', ttlMs: TTL });
    expect(reserved).to.deep.include({ reused: true });
    expect(reserved!.resource.value).to.equal('41790000007');

    expect((await transferHold(store, from, to, TTL))!.id, 'a repeated checkout').to.equal(held!.id);
    const events = (await stored(store, '41790000007'))._ordo.outbox!;
    expect(events.map((e) => e.body.eventType)).to.deep.equal(['ResourceStateChangeEvent', 'ResourceStateChangeEvent']);
    expect(events[1]!.body.correlationId).to.equal('order-9');
    expect(await transferHold(store, { ...from, line: 2 }, { ...to, unitId: '2' }, TTL)).to.equal(null);

    await holdNumber(store, hold('cart-h', { number: '41790000008' }));
    expect(await refusal(transferHold(store, { ...from, cartId: 'cart-h' }, to, TTL)), 'the order unit holds another').to.have.property('code', 'NUMBER_HOLD_CONFLICT');
    expect((await cartHolds(store, 'cart-h')).map((h) => h.number)).to.deep.equal(['41790000008']);
  });

  it('caps the numbers a customer holds at once over all their carts: a swap is not one more, a release or a checkout frees one; racing holds never keep more', async () => {
    const store = await freshStore();
    await loadMsisdns(store, 60);
    const ada = { key: 'party:ada', atOnce: 3 };
    const held = (cartId: string, extra: Partial<NumberHoldRequest> = {}) => holdNumber(store, hold(cartId, { holder: ada, ...extra }));
    for (const [cartId, line, number] of [['cart-1', 1, '41790000001'], ['cart-1', 2, '41790000002'], ['cart-2', 1, '41790000003']] as const) expect(await held(cartId, { line, number })).to.not.equal(null);
    expect(await refusal(held('cart-3')), 'a fourth line').to.be.instanceOf(TooManyNumbersHeld).with.property('code', 'TOO_MANY_NUMBERS_HELD');
    expect(await cartHolds(store, 'cart-3'), 'nothing taken for it').to.deep.equal([]);
    expect(await held('cart-2', { number: '41790000059' }), 'a swap of a line that holds one').to.include({ value: '41790000059' });
    expect(await held('cart-2', { number: '41790000059' }), 'holding it again').to.include({ value: '41790000059' });
    expect(await holdNumber(store, hold('cart-9', { holder: { key: 'party:bob', atOnce: 3 } })), 'another customer').to.not.equal(null);

    await releaseCartHolds(store, 'cart-1', 'released by the customer', { itemId: 'item-1', line: 2 });
    expect(await held('cart-3')).to.not.equal(null);
    expect(await transferHold(store, { cartId: 'cart-3', itemId: 'item-1', line: 1 }, { orderId: 'order-1', unitId: '1', role: 'msisdn' }, TTL)).to.not.equal(null);
    expect(await held('cart-4'), 'the ordered number no longer counts').to.not.equal(null);

    // An anonymous cart's holds count among its customer's once the customer takes the cart.
    await holdNumber(store, hold('cart-5', { holder: { key: 'ip:192.0.2.9', atOnce: 3 } }));
    await renewCartHolds(store, 'cart-5', later(), 'party:bob');
    await holdNumber(store, hold('cart-10', { holder: { key: 'party:bob', atOnce: 3 } }));
    expect(await refusal(holdNumber(store, hold('cart-11', { holder: { key: 'party:bob', atOnce: 3 } })))).to.be.instanceOf(TooManyNumbersHeld);

    const racing = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => holdNumber(store, hold(`race-${i}`, { holder: { key: 'party:cyd', atOnce: 3 } }))));
    const kept = racing.filter((r) => r.status === 'fulfilled');
    expect(kept.length, 'at most the cap kept').to.be.within(0, 3);
    expect(racing.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof TooManyNumbersHeld)).to.equal(true);
    expect(await store.collection.countDocuments({ '_ordo.reservation.customerKey': 'party:cyd' }), 'the refused ones gave theirs back').to.equal(kept.length);
    // Racing at the cap may refuse them all; once the race is over, the lines left free fill up to the cap exactly.
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await holdNumber(store, hold(`after-race-${i}`, { holder: { key: 'party:cyd', atOnce: 3 } })).then(() => 'held', (err: unknown) => (err instanceof TooManyNumbersHeld ? 'refused' : err)));
    expect(after.filter((a) => a === 'held').length + kept.length, 'the race left the count right').to.equal(3);
    expect(after.at(-1)).to.equal('refused');
  });

  it('refuses the 11th hold of one cart, and a customer\'s holds over all its carts, with 429', async () => {
    const database = await freshDatabase();
    const limits = new NumberHoldLimits(database.client, database.db.databaseName, { perCart: 10, perCustomer: 12, atOncePerCustomer: 10, searchesPerCustomer: 30, anonymousCartsPerIp: 20 });
    const customer = customerKeyOf({ id: 'cart-1', _ordo: {} }, visitorPrincipal, '192.0.2.7');
    for (let i = 0; i < 10; i++) await limits.hold('cart-1', customer);
    const tooMany = await refusal(limits.hold('cart-1', customer));
    expect(tooMany).to.be.instanceOf(Refusal).and.include({ kind: RefusalKind.tooMany, code: 'TOO_MANY_REQUESTS' });
    expect((tooMany as { retryAfterS: number }).retryAfterS).to.be.within(1, 3600);

    await limits.hold('cart-2', customer);
    await limits.hold('cart-2', customer);
    expect(await refusal(limits.hold('cart-3', customer)), 'the customer spent 12').to.include({ kind: RefusalKind.tooMany });
    await limits.hold('cart-3', customerKeyOf({ id: 'cart-3', _ordo: { party: 'party-1' } }, visitorPrincipal, '192.0.2.7'));
  });
});
