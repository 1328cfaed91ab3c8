import { expect } from 'chai';
import { itemsWithSuppliedOfferings, missingOfferingPaths, unchangedItems } from '../engine/orders/item-offering.js';
import type { ProductOrderItem } from '../engine/orders/product-order.js';
import { Refusal, RefusalKind } from '../engine/outcomes.js';

const item = (id: string, offering?: string, state: ProductOrderItem['state'] = 'acknowledged'): ProductOrderItem => ({ id, action: 'add', state, quantity: 1, ...(offering ? { productOffering: { id: offering } } : {}) });
const sent = (items: ProductOrderItem[]) => items.map(({ state, ...rest }) => rest);
const refusal = (fn: () => unknown): Refusal => {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(Refusal);
    return err as Refusal;
  }
  return expect.fail('was not refused');
};

describe('engine/orders/item-offering: items that name their offering later', () => {
  it('asks for the offering of each top-level add item without one', () => {
    expect(missingOfferingPaths({ productOrderItem: [item('1', 'mobile-basic'), item('2'), { ...item('3'), action: 'delete' }] })).to.deep.equal(['productOrderItem[1].productOffering']);
  });

  it('takes the asked-for offerings, keeps states, and refuses any other change as a conflict', () => {
    const current = [item('1', 'mobile-basic', 'inProgress'), item('2'), item('3')];
    const asked = ['productOrderItem[1].productOffering', 'productOrderItem[2].productOffering'];
    const first = itemsWithSuppliedOfferings(current, sent([current[0]!, item('2', 'fibre-500'), current[2]!]), asked);
    expect(first.map((i) => [i.id, i.productOffering?.id, i.state])).to.deep.equal([['1', 'mobile-basic', 'inProgress'], ['2', 'fibre-500', 'acknowledged'], ['3', undefined, 'acknowledged']]);
    // Once supplied, an offering is fixed: only the one still missing may come.
    expect(refusal(() => itemsWithSuppliedOfferings(first, sent([first[0]!, item('2', 'fibre-1000'), item('3', 'mobile-basic')]), asked)).kind).to.equal(RefusalKind.conflict);
    expect(itemsWithSuppliedOfferings(first, sent([first[0]!, first[1]!, item('3', 'mobile-basic')]), asked)[2]!.productOffering).to.deep.equal({ id: 'mobile-basic' });
    for (const other of [sent(current.slice(0, 2)), sent([...current, item('4', 'mobile-basic')]), sent([{ ...current[0]!, quantity: 2 }, item('2', 'fibre-500'), current[2]!]), sent([item('1', 'fibre-500'), item('2', 'fibre-500'), current[2]!]), 'x']) {
      expect(refusal(() => itemsWithSuppliedOfferings(current, other, asked))).to.include({ kind: RefusalKind.conflict, code: 'NOT_PATCHABLE' });
    }
  });

  it('items sent back as they are change nothing', () => {
    const current = [item('1', 'mobile-basic', 'completed')];
    expect(unchangedItems(current, sent(current))).to.equal(true);
    expect(unchangedItems(current, [{ ...sent(current)[0], state: 'whatever' }])).to.equal(true);
    expect(unchangedItems(current, sent([item('1', 'fibre-500')]))).to.equal(false);
  });
});
