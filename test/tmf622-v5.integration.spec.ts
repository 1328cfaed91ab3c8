import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { changeOrderState } from '../engine/orders/change-order-state.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF622_V5_BASE_PATH, tmf622v5 } from '../engine/orders/v5/tmf622-v5.js';
import { schemasDir } from '../engine/paths.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';
import { TestListener } from './support/listener.js';

/** A v5 ProductOrder_FVO: `@type` on every object, nested related party and channel, externalId array. */
const v5Order = (overrides: Record<string, unknown> = {}) => ({
  '@type': 'ProductOrder',
  externalId: [{ id: `EXT5-${randomUUID().slice(0, 8)}`, owner: 'WebShop', '@type': 'ExternalIdentifier' }],
  description: 'Mobile subscription (v5)',
  relatedParty: [{ role: 'Customer', partyOrPartyRole: { id: 'cust-55', name: 'Jane', '@type': 'PartyRef', '@referredType': 'Individual' }, '@type': 'RelatedPartyRefOrPartyRoleRef' }],
  channel: [{ role: 'sales', channel: { id: 'web', name: 'Web shop', '@type': 'ChannelRef' }, '@type': 'RelatedChannel' }],
  productOrderItem: [{ id: '1', action: 'add', quantity: 1, productOffering: { id: 'mobile-basic', '@type': 'ProductOfferingRef' }, '@type': 'ProductOrderItem' }],
  ...overrides,
});

type Spec = { paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>; components: { responses: Record<string, { content?: Record<string, { schema: { $ref?: string; type?: string; items?: { $ref?: string } } }> }> } };
const spec = parseYaml(readFileSync(path.join(schemasDir, 'tmf', 'TMF622-ProductOrdering-v5.0.0.oas.yaml'), 'utf8')) as Spec;
const refName = (ref: string | undefined) => ref?.slice(ref.lastIndexOf('/') + 1);

describe('TMF622 v5: the same orders through the v5 paths and shapes', () => {
  let ordo: Ordo;
  let v5: string;
  let v4: string;
  const listeners = { v4: new TestListener(), v5: new TestListener() };

  before(async () => {
    ordo = await startOrdo(testConfig(), { workers: false });
    await ordo.deployed;
    v5 = `${ordo.baseUrl}${TMF622_V5_BASE_PATH}`;
    v4 = `${ordo.baseUrl}${TMF622_BASE_PATH}`;
    await httpJson('POST', `${v4}/hub`, { callback: await listeners.v4.start(), query: 'eventType=ProductOrderCreateEvent' });
    const hub = await httpJson('POST', `${v5}/hub`, { callback: await listeners.v5.start(), query: 'eventType=ProductOrderCreateEvent', '@type': 'Hub' });
    expect(hub.status).to.equal(201);
    expect(hub.body['@type']).to.equal('Hub');
  });
  after(async () => {
    await Promise.all([listeners.v4.stop(), listeners.v5.stop()]);
    if (ordo) await retireTestOrdo(ordo, 0);
  });

  it('POST in v5 shape: 201 with a v5 href and Location, stored once in the shared (v4) shape', async () => {
    const body = v5Order();
    const res = await httpJson('POST', `${v5}/productOrder`, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.href).to.equal(`${ordo.config.http.publicUrl || new URL(res.body.href).origin}${TMF622_V5_BASE_PATH}/productOrder/${res.body.id}`);
    expect(res.headers.get('location')).to.equal(res.body.href);
    expect(tmf622v5.validator('ProductOrder')(res.body)).to.deep.equal([]);
    expect(res.body.externalId).to.deep.equal([{ id: body.externalId[0]!.id, '@type': 'ExternalIdentifier' }]);
    expect(res.body.relatedParty[0].partyOrPartyRole).to.include({ id: 'cust-55', '@referredType': 'Individual' });

    const asV4 = await httpJson('GET', `${v4}/productOrder/${res.body.id}`);
    expect(asV4.body.externalId).to.equal(body.externalId[0]!.id);
    expect(asV4.body.relatedParty).to.deep.equal([{ id: 'cust-55', name: 'Jane', role: 'Customer', '@referredType': 'Individual' }]);
    expect(asV4.body.channel).to.deep.equal([{ id: 'web', name: 'Web shop', role: 'sales' }]);
    expect(asV4.body.href).to.match(new RegExp(`${TMF622_BASE_PATH}/productOrder/${res.body.id}$`));
  });

  it('an order placed through v4 reads as a valid v5 ProductOrder (@type filled from the v5 schema)', async () => {
    const placed = await httpJson('POST', `${v4}/productOrder`, sampleOrder());
    const res = await httpJson('GET', `${v5}/productOrder/${placed.body.id}`);
    expect(res.status).to.equal(200);
    expect(tmf622v5.validator('ProductOrder')(res.body)).to.deep.equal([]);
    expect(res.body.productOrderItem[0]['@type']).to.equal('ProductOrderItem');
    expect(res.body.relatedParty[0]).to.deep.equal({ role: 'Customer', partyOrPartyRole: { id: 'cust-42', '@referredType': 'Individual', '@type': 'PartyRef' }, '@type': 'RelatedPartyRefOrPartyRoleRef' });
  });

  it('v5 rules are enforced: @type required, one external identifier, no draft orders; nothing stored', async () => {
    const before = await ordo.orders.collection.countDocuments();
    const noType = await httpJson('POST', `${v5}/productOrder`, v5Order({ productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'x', '@type': 'ProductOfferingRef' } }] }));
    expect(noType.status).to.equal(400);
    expect(noType.body.message).to.contain("/productOrderItem/0 must have property '@type'");
    const twoIds = await httpJson('POST', `${v5}/productOrder`, v5Order({ externalId: [{ id: 'a', '@type': 'ExternalIdentifier' }, { id: 'b', '@type': 'ExternalIdentifier' }] }));
    expect(twoIds.status).to.equal(422);
    const draft = await httpJson('POST', `${v5}/productOrder`, v5Order({ requestedInitialState: 'draft' }));
    expect(draft.status).to.equal(422);
    expect(draft.body.message).to.contain('draft');
    expect(await ordo.orders.collection.countDocuments()).to.equal(before);
  });

  it('a v5 retry with the same external identifier gets the first order back', async () => {
    const body = v5Order();
    const first = await httpJson('POST', `${v5}/productOrder`, body);
    const again = await httpJson('POST', `${v5}/productOrder`, body);
    expect(again.status).to.equal(201);
    expect(again.body.id).to.equal(first.body.id);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
  });

  it('lists filter by v5 attribute paths (relatedParty.partyOrPartyRole.id, externalId.id)', async () => {
    const party = `party-${randomUUID().slice(0, 6)}`;
    const body = v5Order({ relatedParty: [{ role: 'Customer', partyOrPartyRole: { id: party, '@type': 'PartyRef', '@referredType': 'Organization' }, '@type': 'RelatedPartyRefOrPartyRoleRef' }] });
    const placed = await httpJson('POST', `${v5}/productOrder`, body);
    const byParty = await httpJson('GET', `${v5}/productOrder?relatedParty.partyOrPartyRole.id=${party}`);
    expect(byParty.body.map((o: { id: string }) => o.id)).to.deep.equal([placed.body.id]);
    expect(byParty.headers.get('x-total-count')).to.equal('1');
    const byExternal = await httpJson('GET', `${v5}/productOrder?externalId.id=${body.externalId[0]!.id}&fields=externalId`);
    expect(byExternal.body).to.deep.equal([{ id: placed.body.id, href: placed.body.href, externalId: [{ id: body.externalId[0]!.id, '@type': 'ExternalIdentifier' }], '@type': 'ProductOrder' }]);
  });

  it('PATCH in v5 shape changes the shared order; v4 sees the change', async () => {
    const placed = await httpJson('POST', `${v5}/productOrder`, v5Order());
    const patch = { relatedParty: [{ role: 'Payer', partyOrPartyRole: { id: 'payer-1', '@type': 'PartyRef', '@referredType': 'Organization' }, '@type': 'RelatedPartyRefOrPartyRoleRef' }] };
    const res = await httpJson('PATCH', `${v5}/productOrder/${placed.body.id}`, patch, { 'content-type': 'application/merge-patch+json' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(tmf622v5.validator('ProductOrder')(res.body)).to.deep.equal([]);
    expect((await httpJson('GET', `${v4}/productOrder/${placed.body.id}`)).body.relatedParty).to.deep.equal([{ id: 'payer-1', role: 'Payer', '@referredType': 'Organization' }]);
  });

  it('cancelProductOrder and DELETE through v5', async () => {
    const placed = await httpJson('POST', `${v5}/productOrder`, v5Order());
    const cancel = await httpJson('POST', `${v5}/cancelProductOrder`, { productOrder: { id: placed.body.id, '@type': 'ProductOrderRef' }, cancellationReason: 'v5', '@type': 'CancelProductOrder' });
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(201);
    expect(tmf622v5.validator('CancelProductOrder')(cancel.body)).to.deep.equal([]);
    expect(cancel.body.href).to.contain(`${TMF622_V5_BASE_PATH}/cancelProductOrder/`);
    expect(cancel.body.productOrder.href).to.equal(placed.body.href);
    expect((await httpJson('GET', `${v5}/cancelProductOrder/${cancel.body.id}`)).body.id).to.equal(cancel.body.id);

    const done = await httpJson('POST', `${v5}/productOrder`, v5Order());
    await changeOrderState(ordo.orders, done.body.id, { state: 'completed', itemState: 'completed' });
    expect((await httpJson('DELETE', `${v5}/productOrder/${done.body.id}`)).status).to.equal(204);
    expect((await httpJson('GET', `${v5}/productOrder/${done.body.id}`)).status).to.equal(404);
  });

  it('hub listeners get events in the shape of the version they registered through', async () => {
    const placed = await httpJson('POST', `${v5}/productOrder`, v5Order());
    const [asV4, asV5] = await Promise.all(
      [listeners.v4, listeners.v5].map((l) => eventually('the create event', async () => l.received.find((e) => e.event['productOrder']?.['id'] === placed.body.id), 20_000)),
    );
    expect(asV4!.eventId).to.equal(asV5!.eventId);
    expect((asV4 as unknown as Record<string, unknown>)['timeOcurred']).to.be.a('string');
    expect((asV5 as unknown as Record<string, unknown>)['timeOccurred']).to.be.a('string');
    expect(asV4!.event['productOrder']!['externalId']).to.be.a('string');
    expect(tmf622v5.validator('ProductOrderCreateEvent')(asV5)).to.deep.equal([]);
    expect(tmf622v5.validator('ProductOrder')(asV5!.event['productOrder'])).to.deep.equal([]);
  });

  it('serves the v5 OpenAPI document with this server in `servers`', async () => {
    const res = await httpJson('GET', `${v5}/api-docs`);
    expect(res.body.openapi).to.match(/^3\./);
    expect(res.body.servers[0].url).to.match(new RegExp(`${TMF622_V5_BASE_PATH}$`));
  });

  it('every answer of every v5 operation uses a documented status and validates against its response schema', async () => {
    const placed = await httpJson('POST', `${v5}/productOrder`, v5Order());
    const calls: [string, string, string, unknown?][] = [
      ['get', '/productOrder', '/productOrder?limit=3'],
      ['get', '/productOrder/{id}', `/productOrder/${placed.body.id}`],
      ['get', '/productOrder/{id}', '/productOrder/unknown'],
      ['post', '/productOrder', '/productOrder', {}],
      ['patch', '/productOrder/{id}', `/productOrder/${placed.body.id}`, { state: 'completed' }],
      ['get', '/cancelProductOrder', '/cancelProductOrder'],
      ['post', '/hub', '/hub', { query: 'x', '@type': 'Hub' }],
      ['delete', '/hub/{id}', '/hub/unknown'],
    ];
    for (const [method, template, url, body] of calls) {
      const operation = spec.paths[template]![method]!;
      const res = await httpJson(method.toUpperCase(), `${v5}${url}`, body);
      const documented = operation.responses[String(res.status)] ?? operation.responses['default'];
      expect(documented, `${method} ${url} answered ${res.status}, not documented`).to.not.equal(undefined);
      const response = documented!.$ref ? spec.components.responses[refName(documented!.$ref)!] : (documented as (typeof spec.components.responses)[string]);
      const schema = response?.content?.['application/json']?.schema;
      const name = refName(schema?.$ref ?? schema?.items?.$ref);
      if (!name) continue;
      for (const item of Array.isArray(res.body) ? res.body : [res.body]) expect(tmf622v5.validator(name)(item), `${method} ${url}`).to.deep.equal([]);
    }
  });
});
