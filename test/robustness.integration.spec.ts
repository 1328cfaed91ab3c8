import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { operatorAuth, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

/** A small seeded generator, so a failing case can be reproduced from its number. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const notString = [123, -1.5, true, [], {}, [1, 2], { $gt: '' }, 1e308];
const notArray = [123, true, 'x', {}, { $gt: '' }, [1, 2], ['x'], [null]];
const hostileKeys = ['$where', '$gt', '$set', 'a.b', '__proto__', '$ne', 'x.$', '\u0000key'];
const stringFields = ['description', 'externalId', 'category', 'priority', 'requestedStartDate', 'requestedCompletionDate', 'notificationContact', '@type'];
const arrayFields = ['relatedParty', 'productOrderItem', 'note', 'channel'];

function nest(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { down: v };
  return v;
}

type Case = { name: string; body: string | Buffer; contentType?: string };

/** One hostile or malformed request; every one must be refused with a 4xx TMF error and change nothing. */
function hostileCase(n: number): Case {
  const r = rng(n);
  const order = sampleOrder() as Record<string, unknown>;
  switch (n % 10) {
    case 0: { // a field of the wrong type
      const asString = r.next() < 0.6;
      const field = asString ? r.pick(stringFields) : r.pick(arrayFields);
      const value = asString ? r.pick(notString) : r.pick(notArray);
      return { name: `wrong type ${field}=${JSON.stringify(value)?.slice(0, 30)}`, body: JSON.stringify({ ...order, [field]: value }) };
    }
    case 1: { // an item broken
      const item = { id: '1', action: 'add' } as Record<string, unknown>;
      const how = r.int(4);
      if (how === 0) delete item['id'];
      if (how === 1) delete item['action'];
      if (how === 2) item['action'] = r.pick(['ADD', 'remove', '', 'add ', 'explode']);
      if (how === 3) item['quantity'] = r.pick(['one', -1.5e309, {}, []]);
      return { name: `broken item ${JSON.stringify(item)}`, body: JSON.stringify({ ...order, productOrderItem: [item] }) };
    }
    case 2: { // operator or path keys at some depth
      const key = r.pick(hostileKeys);
      const depth = r.int(4);
      let value: Record<string, unknown> = { [key]: r.pick(['completed', 1, { $gt: '' }]) };
      for (let i = 0; i < depth; i++) value = { inner: value };
      const at = r.pick(['top', 'item', 'party']);
      if (at === 'top') return { name: `key ${key} at top`, body: JSON.stringify({ ...order, ...value }) };
      if (at === 'item') return { name: `key ${key} in item`, body: JSON.stringify({ ...order, productOrderItem: [{ id: '1', action: 'add', ...value }] }) };
      return { name: `key ${key} in party`, body: JSON.stringify({ ...order, relatedParty: [{ id: 'p', '@referredType': 'Individual', ...value }] }) };
    }
    case 3: // nesting far beyond what an order needs
      return { name: 'deep nesting', body: JSON.stringify({ ...order, characteristic: nest(40 + r.int(400)) }) };
    case 4: { // not JSON
      const text = r.pick(['{', '{"productOrderItem": [', "{'a': 1}", '{"a": NaN}', '{"a": 1,}', 'null', '[]', '"order"', '42', 'true', '{"a":"\\uZZZZ"}', '']);
      return { name: `malformed ${JSON.stringify(text)}`, body: text };
    }
    case 5: { // invalid UTF-8 inside an otherwise valid order
      const json = Buffer.from(JSON.stringify({ ...order, description: 'XX' }));
      const at = json.indexOf('XX');
      json[at] = r.pick([0xff, 0xfe, 0xc0, 0xc1, 0xf8]); // bytes that never occur in UTF-8
      json[at + 1] = r.pick([0x28, 0xa0, 0x41, 0x80]);
      return { name: 'invalid UTF-8', body: json };
    }
    case 6: // over the body limit
      return { name: 'huge body', body: JSON.stringify({ ...order, description: 'x'.repeat(1_050_000 + r.int(100_000)) }) };
    case 7: // wrong media type
      return { name: 'wrong media type', body: JSON.stringify(order), contentType: r.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) };
    case 8: // no items, or items that are not a list of objects
      return { name: 'items', body: JSON.stringify({ ...order, productOrderItem: r.pick([[], undefined, 'all', [null], [[]], [{}], 7]) }) };
    default: { // dates and references that are not what they claim
      const variant = r.int(3);
      if (variant === 0) return { name: 'bad date', body: JSON.stringify({ ...order, requestedStartDate: r.pick(['tomorrow', '2026-13-45', '', '1e9', '2026-01-01 25:00']) }) };
      if (variant === 1) return { name: 'party without @referredType', body: JSON.stringify({ ...order, relatedParty: [{ id: 'p' }] }) };
      return { name: 'party without id', body: JSON.stringify({ ...order, relatedParty: [{ '@referredType': 'Individual', name: 'x' }] }) };
    }
  }
}

describe('robustness: 1,000 malformed or hostile productOrder POSTs', () => {
  let ordo: Ordo;
  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_ENGINE_URL: 'http://127.0.0.1:1/engine-rest', ORDO_DEPLOY_ON_START: 'false' }), { workers: false });
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo, 0);
  });

  it('each gets a 4xx with a TMF error body, and the store is unchanged afterwards', async function () {
    this.timeout(300_000);
    const before = await ordo.orders.collection.countDocuments();
    const url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let n = 0; n < 1000; n++) {
      const c = hostileCase(n);
      const res = await fetch(url, { method: 'POST', headers: { ...operatorAuth(), 'content-type': c.contentType ?? 'application/json' }, body: typeof c.body === 'string' ? c.body : new Uint8Array(c.body) });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text);
      } catch {
        /* checked below */
      }
      const ok = res.status >= 400 && res.status < 500 && body['@type'] === 'Error' && typeof body['code'] === 'string' && typeof body['reason'] === 'string' && body['status'] === String(res.status) && !/\.js:\d+|node_modules|at .*\(/.test(text);
      if (!ok) failures.push(`#${n} ${c.name}: HTTP ${res.status} ${text.slice(0, 120)}`);
    }
    expect(failures, failures.slice(0, 10).join('\n')).to.deep.equal([]);
    expect(await ordo.orders.collection.countDocuments()).to.equal(before);
    expect([...statuses.keys()].sort()).to.include.members([400, 413, 415]);
  });
});
