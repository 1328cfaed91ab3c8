import { expect } from 'chai';
import { Refusal, RefusalKind } from '../engine/outcomes.js';
import { parseListQuery } from '../engine/tmf/list-query.js';
import { productOrderListSpec as spec } from '../engine/orders/order-list-spec.js';

const parse = (query: Record<string, unknown>) => parseListQuery(query, spec);
const rejects = (query: Record<string, unknown>) => {
  try {
    parse(query);
  } catch (err) {
    expect(err).to.be.instanceOf(Refusal);
    expect((err as Refusal).kind).to.equal(RefusalKind.invalid);
    expect((err as Refusal).code).to.equal('INVALID_QUERY');
    return (err as Refusal).message;
  }
  return expect.fail(`accepted ${JSON.stringify(query)}`);
};

describe('engine/tmf/list-query: TMF630 queries to MongoDB, safely', () => {
  it('defaults: newest first, 100 per page, everything but internals', () => {
    const q = parse({});
    expect(q).to.deep.include({ offset: 0, limit: 100, projection: undefined });
    expect(q.sort).to.deep.equal({ orderDate: -1, _id: 1 });
    expect(q.filter).to.deep.equal({});
  });

  it('filters by attribute, dotted paths, alternatives and date comparisons', () => {
    const q = parse({ state: 'inProgress,held', 'productOrderItem.state': 'failed', 'relatedParty.id': 'c-1', 'orderDate.gte': '2026-01-01', 'orderDate.lt': '2026-02-01T00:00:00+01:00' });
    expect(q.filter).to.deep.equal({
      state: { $in: ['inProgress', 'held'] },
      'productOrderItem.state': { $in: ['failed'] },
      'relatedParty.id': { $in: ['c-1'] },
      orderDate: { $gte: '2026-01-01T00:00:00.000Z', $lt: '2026-01-31T23:00:00.000Z' },
    });
  });

  it('sorts, pages and selects fields (id and href always kept)', () => {
    const q = parse({ sort: '-completionDate,state', offset: '20', limit: '10', fields: 'state,orderDate' });
    expect(q.sort).to.deep.equal({ completionDate: -1, state: 1, _id: 1 });
    expect(q).to.deep.include({ offset: 20, limit: 10 });
    expect(q.projection).to.deep.equal({ id: 1, href: 1, state: 1, orderDate: 1, _id: 0 });
  });

  it('refuses operators, unknown attributes and bad values with 400', () => {
    expect(rejects({ 'state[$ne]': 'x' })).to.contain('not a valid attribute');
    expect(rejects({ $where: 'sleep(1000)' })).to.contain('not a valid attribute');
    expect(rejects(JSON.parse('{"__proto__": "2020-01-01"}') as Record<string, unknown>)).to.contain('cannot filter');
    expect(rejects({ password: 'x' })).to.contain('cannot filter');
    expect(rejects({ '_ordo.process.status': 'pending' })).to.contain('cannot filter');
    expect(rejects({ state: { $ne: 'x' } })).to.contain('plain value');
    expect(rejects({ 'orderDate.gt': 'yesterday' })).to.contain('not a date-time');
    expect(rejects({ 'orderDate.gt': 'a,b' })).to.contain('one value');
    expect(rejects({ limit: '0' })).to.contain('between 1 and');
    expect(rejects({ limit: '5000' })).to.contain('between 1 and');
    expect(rejects({ offset: '-1' })).to.contain('integer');
    expect(rejects({ sort: 'password' })).to.contain('cannot sort');
    expect(rejects({ fields: 'state,_ordo.outbox' })).to.contain('first-level');
    expect(rejects({ fields: '_ordo' })).to.contain('first-level');
    expect(rejects({ fields: '_id' })).to.contain('first-level');
    expect(rejects({ offset: '100001' })).to.contain('from 0 to 100000');
    expect(rejects({ limit: ['1', '2'] })).to.contain('once');
    expect(({} as Record<string, unknown>)['$in']).to.equal(undefined);
  });
});
