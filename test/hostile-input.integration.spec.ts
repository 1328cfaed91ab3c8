import http from 'node:http';
import { expect } from 'chai';
import type { Db } from 'mongodb';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF622_V5_BASE_PATH } from '../engine/orders/v5/tmf622-v5.js';
import { TMF620_BASE_PATH } from '../engine/catalog/catalog-schemas.js';
import { TMF637_BASE_PATH } from '../engine/product-inventory/tmf637.js';
import { TMF638_BASE_PATH } from '../engine/service-inventory/tmf638.js';
import { TMF639_BASE_PATH } from '../engine/inventory/tmf639.js';
import { TMF676_BASE_PATH } from '../engine/payments/tmf676.js';
import { contentHash } from '../engine/tmf/idempotent-create.js';
import { httpJson, operatorAuth, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

const SO = '/tmf-api/serviceOrdering/v4';
const RO = '/tmf-api/resourceOrderingManagement/v4';

/** Every list endpoint of every API Ordo serves. */
const lists = [
  `${TMF622_BASE_PATH}/productOrder`, `${TMF622_BASE_PATH}/cancelProductOrder`,
  `${TMF622_V5_BASE_PATH}/productOrder`, `${TMF622_V5_BASE_PATH}/cancelProductOrder`,
  `${SO}/serviceOrder`, `${SO}/cancelServiceOrder`, `${RO}/resourceOrder`, `${RO}/cancelResourceOrder`,
  `${TMF637_BASE_PATH}/product`, `${TMF638_BASE_PATH}/service`, `${TMF639_BASE_PATH}/resource`,
  `${TMF676_BASE_PATH}/payment`, `${TMF676_BASE_PATH}/refund`,
  `${TMF620_BASE_PATH}/productOffering`, `${TMF620_BASE_PATH}/productSpecification`,
];

/** Operator-shaped keys, Ordo's own fields, numbers no page can have, malformed encodings. */
const hostileQueries = [
  'state[$ne]=x', 'id[$gt]=', '%24where=1', 'state.%24ne=x', '__proto__[polluted]=1', 'constructor.prototype.x=1',
  '_ordo.party=x', 'fields=_ordo', 'fields=_id', 'sort=$natural', 'sort=_ordo.revision', 'limit=1e309', 'offset=-1',
  'limit=99999999999', 'a..b=1', 'state.gt.lt=1', 'orderDate.gt=not-a-date',
];

/** Ids that are not ids: malformed percent-encoding, traversal, control characters, operators. */
const hostileIds = ['%zz', '%FF%FE%C0', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%00', '%24where', 'x%0D%0ASet-Cookie:%20a=b'];

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const hostileBodies: { name: string; body: string | Uint8Array; contentType?: string }[] = [
  { name: 'invalid UTF-8', body: new Uint8Array([0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]) },
  { name: '10,000-deep nesting', body: deep(10_000) },
  { name: '5 MB body', body: JSON.stringify({ description: 'x'.repeat(5 * 1024 * 1024) }) },
  { name: 'huge array', body: JSON.stringify({ note: Array.from({ length: 60_000 }, () => ({})) }) },
  { name: 'number 1e309', body: '{"description": 1e309, "quantity": 1e309}' },
  { name: 'operator keys', body: JSON.stringify({ $where: 'sleep(1000)', state: { $ne: 'x' }, 'a.b': 1 }) },
  { name: 'prototype keys', body: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
  { name: 'not JSON', body: '{"externalId": ' },
  { name: 'JSON of another type', body: '[1, 2, 3]' },
  { name: 'form body', body: 'state=completed', contentType: 'application/x-www-form-urlencoded' },
];

/** Every stored document as a TMF client or the process would see it; Ordo's bookkeeping, the audit log and the timeline of relayed events may move. */
async function snapshot(db: Db): Promise<Record<string, string>> {
  const shot: Record<string, string> = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (name === 'auditLog' || name === 'orderTimeline') continue;
    const docs = await db.collection(name).find().toArray();
    shot[name] = contentHash(docs.map(({ _ordo, delivery, ...doc }) => doc).sort((a, b) => String(a['_id']).localeCompare(String(b['_id']))));
  }
  return shot;
}

interface Answer {
  request: string;
  status: number;
  text: string;
}

/** A 4xx with a TMF error body (code, reason, status as a string) and no stack trace. */
function isTmfRefusal(a: Answer): boolean {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(a.text) as Record<string, unknown>;
  } catch {
    return false;
  }
  return a.status >= 400 && a.status < 500 && body['@type'] === 'Error' && typeof body['code'] === 'string' && typeof body['reason'] === 'string' && body['status'] === String(a.status) && !/\.js:\d+|node_modules|at .*\(/.test(a.text);
}

describe('hostile input on every API: lists, ids, PATCH, cancel and hub (each a 4xx TMF error, nothing stored changes)', () => {
  let ordo: Ordo;
  let orderId: string;
  let resourceId: string;
  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_ENGINE_URL: 'http://127.0.0.1:1/engine-rest', ORDO_DEPLOY_ON_START: 'false', ORDO_INVENTORY_SEED_SIZE: '20' }), { workers: false });
    orderId = (await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder())).body.id;
    resourceId = (await httpJson('GET', `${ordo.baseUrl}${TMF639_BASE_PATH}/resource?limit=1`)).body[0].id;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo, 0);
  });

  /** Over node:http, so the path goes out byte for byte (fetch would resolve `%2e%2e` to `..` first). */
  const send = (method: string, path: string, options: { body?: string | Uint8Array; contentType?: string; auth?: boolean } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...(options.auth === false ? {} : operatorAuth()), ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}) };
    return new Promise((resolve, reject) => {
      const req = http.request(`${ordo.baseUrl}/`, { method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ request: `${method} ${path.slice(0, 90)}`, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(options.body);
    });
  };
  const expectAllRefused = (answers: Answer[]) => {
    const wrong = answers.filter((a) => !isTmfRefusal(a)).map((a) => `${a.request}: HTTP ${a.status} ${a.text.slice(0, 160)}`);
    expect(wrong.length, `${wrong.length} of ${answers.length} not refused:\n${wrong.slice(0, 60).join('\n')}`).to.equal(0);
  };

  it('list queries with operator-shaped keys, bookkeeping fields and impossible pages', async () => {
    const before = await snapshot(ordo.db.db);
    const answers: Answer[] = [];
    for (const list of lists) for (const query of hostileQueries) answers.push(await send('GET', `${list}?${query}`));
    expectAllRefused(answers);
    expect(await snapshot(ordo.db.db)).to.deep.equal(before);
  });

  it('malformed, traversing and operator-shaped ids on GET, PATCH and DELETE', async () => {
    const before = await snapshot(ordo.db.db);
    const answers: Answer[] = [];
    for (const list of lists) {
      for (const id of hostileIds) {
        answers.push(await send('GET', `${list}/${id}`));
        answers.push(await send('PATCH', `${list}/${id}`, { body: '{"description":"x"}', contentType: 'application/merge-patch+json' }));
        answers.push(await send('DELETE', `${list}/${id}`));
      }
    }
    expectAllRefused(answers);
    expect(await snapshot(ordo.db.db)).to.deep.equal(before);
  });

  it('hostile bodies on POST, PATCH, cancel and hub of every API', async function () {
    this.timeout(300_000);
    const writes: [string, string, string?][] = [
      ['POST', `${TMF622_BASE_PATH}/productOrder`], ['PATCH', `${TMF622_BASE_PATH}/productOrder/${orderId}`, 'application/merge-patch+json'],
      ['POST', `${TMF622_BASE_PATH}/cancelProductOrder`], ['POST', `${TMF622_BASE_PATH}/hub`],
      ['POST', `${TMF622_V5_BASE_PATH}/productOrder`], ['PATCH', `${TMF622_V5_BASE_PATH}/productOrder/${orderId}`, 'application/merge-patch+json'],
      ['POST', `${TMF622_V5_BASE_PATH}/cancelProductOrder`], ['POST', `${TMF622_V5_BASE_PATH}/hub`],
      ['POST', `${SO}/serviceOrder`], ['POST', `${SO}/cancelServiceOrder`], ['POST', `${SO}/hub`],
      ['POST', `${RO}/resourceOrder`], ['POST', `${RO}/cancelResourceOrder`], ['POST', `${RO}/hub`],
      ['POST', `${TMF637_BASE_PATH}/hub`], ['POST', `${TMF638_BASE_PATH}/hub`],
      ['POST', `${TMF639_BASE_PATH}/resource`], ['PATCH', `${TMF639_BASE_PATH}/resource/${resourceId}`, 'application/merge-patch+json'], ['POST', `${TMF639_BASE_PATH}/hub`],
      ['POST', `${TMF676_BASE_PATH}/hub`],
    ];
    const before = await snapshot(ordo.db.db);
    const answers: Answer[] = [];
    for (const [method, path, patchType] of writes) {
      for (const hostile of hostileBodies) {
        answers.push({ ...(await send(method, path, { body: hostile.body, contentType: hostile.contentType ?? patchType })), request: `${method} ${path} (${hostile.name})` });
      }
    }
    expectAllRefused(answers);
    expect(await snapshot(ordo.db.db)).to.deep.equal(before);
  });

  it('attributes Ordo writes to later are refused with a wrong type; attributes Ordo owns are not taken from the client', async () => {
    const url = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
    const before = await ordo.orders.collection.countDocuments();
    for (const orderRelationship of ['x', 1, true, {}, null, [1], [{}], [{ id: 'o-1' }], [{ id: 7, relationshipType: 'correlates' }]]) {
      const res = await httpJson('POST', url, sampleOrder({ orderRelationship }));
      expect(res.status, JSON.stringify(orderRelationship)).to.equal(400);
      expect(res.body).to.include({ code: 'INVALID_BODY', '@type': 'Error' });
      expect(res.body.message).to.contain('/orderRelationship');
    }
    expect(await ordo.orders.collection.countDocuments()).to.equal(before);
    const ok = await httpJson('POST', url, sampleOrder({ orderRelationship: [{ id: 'quote-7', relationshipType: 'correlates' }], processInstanceKey: 'forged', processInstanceUrl: 'http://evil.example', state: 'completed', completionDate: '2020-01-01T00:00:00Z' }));
    expect(ok.status).to.equal(201);
    expect(ok.body.orderRelationship).to.deep.equal([{ id: 'quote-7', relationshipType: 'correlates' }]);
    expect(ok.body).to.include({ state: 'acknowledged' });
    for (const owned of ['processInstanceKey', 'processInstanceUrl', 'completionDate']) expect(ok.body, owned).not.to.have.property(owned);
  });

  it('no token and a bad body: 401 before the body is read, so nothing about validation reaches anonymous callers', async () => {
    const answers: Answer[] = [];
    for (const hostile of hostileBodies) {
      answers.push(await send('POST', `${TMF622_BASE_PATH}/productOrder`, { body: hostile.body, ...(hostile.contentType ? { contentType: hostile.contentType } : {}), auth: false }));
      answers.push(await send('PATCH', `${TMF622_BASE_PATH}/productOrder/${orderId}`, { body: hostile.body, contentType: 'text/plain', auth: false }));
    }
    expect(answers.map((a) => `${a.request} ${a.status}`)).to.deep.equal(answers.map((a) => `${a.request} 401`));
    expect(answers.every(isTmfRefusal)).to.equal(true);
  });

  it('a trailing slash is not the list, and an unknown path is a TMF 404', async () => {
    const answers = [await send('GET', `${TMF622_BASE_PATH}/productOrder/`), await send('POST', `${TMF622_BASE_PATH}/productOrder/`, { body: JSON.stringify(sampleOrder()) }), await send('GET', `${TMF639_BASE_PATH}/resource/`), await send('GET', '/tmf-api/nothing/v4/here')];
    expect(answers.map((a) => a.status)).to.deep.equal([404, 404, 404, 404]);
    expectAllRefused(answers);
  });
});
