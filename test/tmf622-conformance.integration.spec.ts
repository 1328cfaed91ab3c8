import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { changeOrderState } from '../engine/orders/change-order-state.js';
import { TMF622_BASE_PATH, tmf622 } from '../engine/orders/tmf622.js';
import { schemasDir } from '../engine/paths.js';
import { httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

interface Operation {
  responses: Record<string, { schema?: { $ref?: string; type?: string; items?: { $ref?: string } }; headers?: Record<string, unknown> }>;
  parameters?: { name: string; in: string; required?: boolean }[];
}
const spec = JSON.parse(readFileSync(path.join(schemasDir, 'tmf', 'TMF622-ProductOrder-v4.0.0.swagger.json'), 'utf8')) as { paths: Record<string, Record<string, Operation>> };
const definitionOf = (ref: string | undefined) => ref?.replace('#/definitions/', '');

/**
 * Walks the TMF622 v4 file: every operation Ordo serves is called with a valid request and with
 * failing ones; each answer must use a status code the spec documents for that operation, a 2xx
 * body must validate against the response schema, list answers carry the documented headers, and
 * every error body validates against `Error`. (`/listener/*` are the client's side of the hub.)
 */
describe('TMF622 v4 conformance, walked from the specification', () => {
  let ordo: Ordo;
  let base: string;
  const ids: Record<string, string> = {};

  before(async () => {
    // Workers off: orders stay open so that PATCH and cancelProductOrder have something to act on.
    ordo = await startOrdo(testConfig(), { workers: false });
    await ordo.deployed;
    base = `${ordo.baseUrl}${TMF622_BASE_PATH}`;
    ids['productOrder'] = (await httpJson('POST', `${base}/productOrder`, sampleOrder())).body.id;
    ids['finalOrder'] = (await httpJson('POST', `${base}/productOrder`, sampleOrder())).body.id;
    await changeOrderState(ordo.orders, ids['finalOrder']!, { state: 'completed', itemState: 'completed' });
    ids['cancelOrder'] = (await httpJson('POST', `${base}/productOrder`, sampleOrder())).body.id;
    // A cancellation to list and read before the POST operation's own turn comes.
    const listed = (await httpJson('POST', `${base}/productOrder`, sampleOrder())).body.id;
    ids['cancel'] = (await httpJson('POST', `${base}/cancelProductOrder`, { productOrder: { id: listed } })).body.id;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo, 0);
  });

  /** A valid request and failing ones for each operation; `{id}` is filled per case. */
  const requests: Record<string, { valid: () => { path: string; body?: unknown }; failing: { path: string; body?: unknown; contentType?: string }[] }> = {
    'GET /productOrder': { valid: () => ({ path: '/productOrder?offset=0&limit=10' }), failing: [{ path: '/productOrder?limit=x' }, { path: '/productOrder?nope=1' }] },
    'POST /productOrder': { valid: () => ({ path: '/productOrder', body: sampleOrder() }), failing: [{ path: '/productOrder', body: {} }, { path: '/productOrder', body: 'x', contentType: 'text/plain' }] },
    'GET /productOrder/{id}': { valid: () => ({ path: `/productOrder/${ids['productOrder']}` }), failing: [{ path: '/productOrder/unknown' }] },
    'PATCH /productOrder/{id}': { valid: () => ({ path: `/productOrder/${ids['productOrder']}`, body: { description: 'patched' } }), failing: [{ path: '/productOrder/unknown', body: { description: 'x' } }, { path: `/productOrder/${ids['productOrder']}`, body: { state: 'completed' } }, { path: `/productOrder/${ids['productOrder']}`, body: { nope: 1 } }] },
    'DELETE /productOrder/{id}': { valid: () => ({ path: `/productOrder/${ids['finalOrder']}` }), failing: [{ path: '/productOrder/unknown' }, { path: `/productOrder/${ids['productOrder']}` }] },
    'GET /cancelProductOrder': { valid: () => ({ path: '/cancelProductOrder?limit=5' }), failing: [{ path: '/cancelProductOrder?sort=nope' }] },
    'POST /cancelProductOrder': { valid: () => ({ path: '/cancelProductOrder', body: { productOrder: { id: ids['cancelOrder'] }, cancellationReason: 'conformance' } }), failing: [{ path: '/cancelProductOrder', body: {} }] },
    'GET /cancelProductOrder/{id}': { valid: () => ({ path: `/cancelProductOrder/${ids['cancel']}` }), failing: [{ path: '/cancelProductOrder/unknown' }] },
    'POST /hub': { valid: () => ({ path: '/hub', body: { callback: 'http://127.0.0.1:9/listener', query: 'eventType=ProductOrderStateChangeEvent' } }), failing: [{ path: '/hub', body: { query: 'x' } }] },
    'DELETE /hub/{id}': { valid: () => ({ path: `/hub/${ids['hub']}` }), failing: [{ path: '/hub/unknown' }] },
  };
  const validateError = tmf622.validator('Error');

  const operations = Object.entries(spec.paths)
    .filter(([p]) => !p.startsWith('/listener/'))
    .flatMap(([p, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${p}`, method: method.toUpperCase(), op })));

  it('covers every operation of the specification', () => {
    expect(operations.map((o) => o.key).sort()).to.deep.equal(Object.keys(requests).sort());
  });

  for (const { key, method, op } of operations) {
    it(`${key}: documented status codes, response schema, headers and error bodies`, async () => {
      const documented = Object.keys(op.responses);
      const valid = requests[key]!.valid();
      const res = await httpJson(method, `${base}${valid.path}`, valid.body);
      expect(documented, `${key} answered ${res.status}: ${JSON.stringify(res.body)}`).to.include(String(res.status));
      expect(res.status, JSON.stringify(res.body)).to.be.within(200, 299);
      const response = op.responses[String(res.status)]!;
      const definition = definitionOf(response.schema?.$ref ?? response.schema?.items?.$ref);
      if (definition) {
        const items = response.schema?.type === 'array' || Array.isArray(res.body) ? (res.body as unknown[]) : [res.body];
        if (response.schema?.type === 'array') expect(res.body).to.be.an('array');
        expect(items.length, `${key} answered no resource to check`).to.be.greaterThan(0);
        for (const item of items) expect(tmf622.validator(definition)(item), key).to.deep.equal([]);
      }
      for (const header of Object.keys(response.headers ?? {})) expect(res.headers.get(header), `${key} header ${header}`).to.match(/^\d+$/);
      if (key === 'POST /hub') ids['hub'] = res.body.id;

      for (const failing of requests[key]!.failing) {
        const bad = await httpJson(method, `${base}${failing.path}`, failing.body, failing.contentType ? { 'content-type': failing.contentType } : {});
        expect(bad.status, `${key} ${failing.path}`).to.be.within(400, 499);
        expect(documented.concat(['415', '422']), `${key} ${failing.path} answered ${bad.status}`).to.include(String(bad.status));
        expect(validateError(bad.body), `${key} ${failing.path}`).to.deep.equal([]);
      }
    });
  }
});
