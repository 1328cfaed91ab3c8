import { expect } from 'chai';
import type { Capability } from '../engine/capability.js';
import { checkedEventResources, eventApis } from '../engine/events/event-resources.js';

describe('engine/events: the event resources the capabilities declare', () => {
  const known = { productOrder: 'productOrderingManagement', payment: 'paymentManagement' };

  it('are taken when they match the list the commands read', () => {
    const capabilities: Capability[] = [{ name: 'orders', events: { productOrder: 'productOrderingManagement' } }, { name: 'console' }, { name: 'payments', events: { payment: 'paymentManagement' } }];
    expect(checkedEventResources(capabilities, known)).to.deep.equal(known);
  });

  it('refuse to start when one is declared twice, missing from the list, or only in the list, naming it', () => {
    const orders = { name: 'orders', events: { productOrder: 'productOrderingManagement' } };
    expect(() => checkedEventResources([orders, { name: 'carts', events: { productOrder: 'productOrderingManagement' } }], known)).to.throw('event resource productOrder is declared by orders and carts');
    expect(() => checkedEventResources([orders, { name: 'payments', events: { payment: 'paymentManagement', refund: 'paymentManagement' } }], known)).to.throw(/differ .*: refund$/);
    expect(() => checkedEventResources([orders], known)).to.throw(/differ .*: payment$/);
    expect(() => checkedEventResources([orders, { name: 'payments', events: { payment: 'productOrderingManagement' } }], known)).to.throw(/differ .*: payment$/);
  });

  it('the list the commands read says which API hears each resource', () => {
    expect(eventApis).to.include({ productOrder: 'productOrderingManagement', cancelProductOrder: 'productOrderingManagement', shoppingCart: 'shoppingCart', serviceOrder: 'serviceOrdering' });
  });
});
