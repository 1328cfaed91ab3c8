import { expect } from 'chai';
import type { Config } from '../engine/config/config.js';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH, tmf622 } from '../engine/orders/tmf622.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

describe('TMF622 productOrder API over HTTP: queries and idempotency', () => {
  let config: Config;
  let ordo: Ordo;
  let url: string;
  before(async () => {
    config = testConfig();
    ordo = await startOrdo(config);
    url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo, 60_000);
  });

  describe('idempotent creation', () => {
    it('a retried POST with the same Idempotency-Key returns the original order', async () => {
      const body = sampleOrder();
      const first = await httpJson('POST', url, body, { 'Idempotency-Key': 'key-retry-1' });
      const again = await httpJson('POST', url, body, { 'Idempotency-Key': 'key-retry-1' });
      expect(first.status).to.equal(201);
      expect(again.status).to.equal(201);
      expect(again.body.id).to.equal(first.body.id);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect(first.headers.get('idempotent-replayed')).to.equal(null);
      expect(await ordo.orders.collection.countDocuments({ externalId: body.externalId })).to.equal(1);
    });

    it('the same Idempotency-Key with a different body is refused with 422, nothing stored', async () => {
      await httpJson('POST', url, sampleOrder(), { 'Idempotency-Key': 'key-reused-1' });
      const before = await ordo.orders.collection.countDocuments();
      const other = await httpJson('POST', url, sampleOrder({ description: 'something else' }), { 'Idempotency-Key': 'key-reused-1' });
      expect(other.status).to.equal(422);
      expect(other.body).to.include({ code: 'IDEMPOTENCY_KEY_REUSED', '@type': 'Error', status: '422' });
      expect(await ordo.orders.collection.countDocuments()).to.equal(before);
    });

    it('a repeated externalId with the same body returns the first order', async () => {
      const body = sampleOrder();
      const first = await httpJson('POST', url, body);
      const again = await httpJson('POST', url, JSON.parse(JSON.stringify(body)));
      expect(again.status).to.equal(201);
      expect(again.body.id).to.equal(first.body.id);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
    });

    it('a reused externalId with another body is refused with 409 naming the first order, nothing stored', async () => {
      const body = sampleOrder();
      const first = await httpJson('POST', url, body);
      const before = await ordo.orders.collection.countDocuments();
      const other = await httpJson('POST', url, { ...body, description: 'another order, same externalId by mistake' });
      expect(other.status).to.equal(409);
      expect(other.body).to.include({ code: 'EXTERNAL_ID_REUSED', '@type': 'Error', status: '409' });
      expect(other.body.message).to.include(first.body.id);
      expect(await ordo.orders.collection.countDocuments()).to.equal(before);
      const stored = await httpJson('GET', `${url}/${first.body.id}`);
      expect(stored.body.description).to.equal(body.description);
    });

    it('50 parallel POSTs with one Idempotency-Key create exactly one order', async () => {
      const body = sampleOrder();
      const answers = await Promise.all(Array.from({ length: 50 }, () => httpJson('POST', url, body, { 'Idempotency-Key': 'key-race-1' })));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(50).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).to.equal(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') !== 'true')).to.have.length(1);
      expect(await ordo.orders.collection.countDocuments({ externalId: body.externalId })).to.equal(1);
    });

    it('a malformed Idempotency-Key is a 400', async () => {
      const res = await httpJson('POST', url, sampleOrder(), { 'Idempotency-Key': 'x'.repeat(300) });
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('INVALID_HEADER');
    });
  });

  describe('TMF630 list queries', () => {
    const tag = `Q${Date.now()}`;
    let ids: string[];
    before(async () => {
      ids = [];
      for (const [i, offering] of ['fibre-1000', 'mobile-basic', 'fibre-1000'].entries()) {
        const product = offering.startsWith('fibre') ? { product: { productCharacteristic: [{ name: 'installationAddress', value: 'Bahnhofstrasse 1, 8001 Zürich' }] } } : {};
        const res = await httpJson('POST', url, sampleOrder({ externalId: `${tag}-${i}`, category: tag, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: offering }, ...product }] }));
        ids.push(res.body.id);
        await new Promise((r) => setTimeout(r, 5)); // distinct orderDate
      }
      await eventually('orders completed', async () => (await ordo.orders.collection.countDocuments({ category: tag, state: 'completed' })) === 3);
    });

    it('filters by attribute and by dotted path into items', async () => {
      const fibre = await httpJson('GET', `${url}?category=${tag}&productOrderItem.productOffering.id=fibre-1000`);
      expect(fibre.status).to.equal(200);
      expect(fibre.body.map((o: { id: string }) => o.id).sort()).to.deep.equal([ids[0], ids[2]].sort());
      expect(fibre.headers.get('x-total-count')).to.equal('2');
      const completed = await httpJson('GET', `${url}?category=${tag}&productOrderItem.state=completed&state=completed,failed`);
      expect(completed.body).to.have.length(3);
    });

    it('compares dates and sorts', async () => {
      const all = await httpJson('GET', `${url}?category=${tag}&sort=orderDate`);
      expect(all.body.map((o: { id: string }) => o.id)).to.deep.equal(ids);
      const after = await httpJson('GET', `${url}?category=${tag}&orderDate.gt=${encodeURIComponent(all.body[0].orderDate)}&sort=-orderDate`);
      expect(after.body.map((o: { id: string }) => o.id)).to.deep.equal([ids[2], ids[1]]);
    });

    it('pages with offset and limit, counting the whole result', async () => {
      const page = await httpJson('GET', `${url}?category=${tag}&sort=orderDate&offset=1&limit=1`);
      expect(page.body.map((o: { id: string }) => o.id)).to.deep.equal([ids[1]]);
      expect(page.headers.get('x-total-count')).to.equal('3');
      expect(page.headers.get('x-result-count')).to.equal('1');
    });

    it('selects fields, always keeping id and href, in lists and by id', async () => {
      const list = await httpJson('GET', `${url}?category=${tag}&fields=state`);
      for (const o of list.body) expect(Object.keys(o).sort()).to.deep.equal(['href', 'id', 'state']);
      const one = await httpJson('GET', `${url}/${ids[0]}?fields=externalId,state`);
      expect(one.body).to.deep.equal({ id: ids[0], href: `${ordo.publicUrl}${TMF622_BASE_PATH}/productOrder/${ids[0]}`, externalId: `${tag}-0`, state: 'completed' });
    });

    it('every listed order conforms to the ProductOrder schema', async () => {
      const list = await httpJson('GET', `${url}?category=${tag}`);
      const validate = tmf622.validator('ProductOrder');
      for (const o of list.body) expect(validate(o), o.id).to.deep.equal([]);
    });

    it('refuses operator injection and unknown attributes with a TMF error body', async () => {
      for (const q of ['state[$ne]=x', '%24where=1', 'password=x', '_ordo.process.status=pending', 'limit=0', 'limit=100000', 'orderDate.gt=soon', 'sort=_ordo']) {
        const res = await httpJson('GET', `${url}?${q}`);
        expect(res.status, q).to.equal(400);
        expect(res.body).to.include({ code: 'INVALID_QUERY', '@type': 'Error' });
      }
    });
  });
});
