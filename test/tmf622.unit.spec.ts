import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { schemasDir } from '../engine/paths.js';
import { ProductOrderItemState, ProductOrderState, canMoveOrder, terminalOrderStates } from '../engine/orders/states.js';
import { tmf622 } from '../engine/orders/tmf622.js';
import { orderAttributesChangedEvent, orderCreatedEvent, orderDeletedEvent, orderProgressEvents } from '../engine/orders/order-events.js';

const spec = JSON.parse(readFileSync(path.join(schemasDir, 'tmf', 'TMF622-ProductOrder-v4.0.0.swagger.json'), 'utf8')) as { definitions: Record<string, { enum?: string[] }> };

describe('engine/orders: TMF622 states and schemas from the official file', () => {
  it('order and item states are exactly the spec\'s enums', () => {
    expect(Object.values(ProductOrderState).sort()).to.deep.equal([...spec.definitions['ProductOrderStateType']!.enum!].sort());
    expect(Object.values(ProductOrderItemState).sort()).to.deep.equal([...spec.definitions['ProductOrderItemStateType']!.enum!].sort());
  });

  it('terminal states lead nowhere else', () => {
    for (const from of terminalOrderStates) {
      for (const to of Object.values(ProductOrderState)) expect(canMoveOrder(from, to), `${from} -> ${to}`).to.equal(from === to);
    }
    expect(canMoveOrder('acknowledged', 'inProgress')).to.equal(true);
    expect(canMoveOrder('inProgress', 'acknowledged')).to.equal(false);
  });

  it('validates ProductOrder_Create with the spec\'s own definitions', () => {
    const validate = tmf622.validator('ProductOrder_Create');
    expect(validate({ productOrderItem: [{ id: '1', action: 'add' }] })).to.deep.equal([]);
    expect(validate({})).to.deep.include({ path: '/', message: "must have property 'productOrderItem'" });
    const badAction = validate({ productOrderItem: [{ id: '1', action: 'explode' }] });
    expect(badAction[0]?.path).to.equal('/productOrderItem/0/action');
    expect(badAction[0]?.message).to.contain('add, modify, delete, noChange');
    expect(validate({ productOrderItem: [{ id: '1', action: 'add' }], requestedStartDate: 'tomorrow' })[0]?.path).to.equal('/requestedStartDate');
  });

  it('knows every definition the API will need', () => {
    for (const name of ['ProductOrder', 'ProductOrder_Create', 'ProductOrder_Update', 'CancelProductOrder_Create', 'EventSubscriptionInput']) {
      expect(() => tmf622.validator(name), name).not.to.throw();
    }
    expect(() => tmf622.validator('NoSuchThing')).to.throw(/no definition/);
  });

  it('every event Ordo emits conforms to its TMF622 event schema', () => {
    const order = {
      id: 'o-1', href: 'http://ordo.test/tmf-api/productOrderingManagement/v4/productOrder/o-1', state: 'completed' as const, orderDate: '2026-01-01T00:00:00.000Z',
      completionDate: '2026-01-01T00:01:00.000Z', externalId: 'EXT-1', '@type': 'ProductOrder',
      productOrderItem: [{ id: '1', action: 'add' as const, state: 'completed' as const, productOffering: { id: 'mobile-basic' } }],
    };
    const inProgress = { ...order, state: 'inProgress' as const, productOrderItem: [{ ...order.productOrderItem[0]!, state: 'inProgress' as const }] };
    const itemDone = { ...inProgress, productOrderItem: order.productOrderItem };
    const events = [orderCreatedEvent(order), ...orderProgressEvents(inProgress, order), ...orderProgressEvents(inProgress, itemDone), orderAttributesChangedEvent(order, ['description']), orderDeletedEvent(order)];
    expect(events.map((e) => e.body.eventType)).to.deep.equal(['ProductOrderCreateEvent', 'ProductOrderStateChangeEvent', 'ProductOrderAttributeValueChangeEvent', 'ProductOrderAttributeValueChangeEvent', 'ProductOrderDeleteEvent']);
    expect(orderProgressEvents(order, { ...order })).to.deep.equal([]);
    for (const e of events) {
      expect(tmf622.validator(e.body.eventType)(e.body), e.body.eventType).to.deep.equal([]);
      expect(e.body.event['productOrder']).to.include({ id: 'o-1' });
      expect(e.key).to.equal('o-1');
    }
  });
});
