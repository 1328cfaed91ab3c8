import { tmfEvent, type OutboxEvent } from '../events/outbox.js';
import type { ProductOrder } from './product-order.js';

export const ProductOrderEventType = {
  create: 'ProductOrderCreateEvent',
  stateChange: 'ProductOrderStateChangeEvent',
  attributeValueChange: 'ProductOrderAttributeValueChangeEvent',
  delete: 'ProductOrderDeleteEvent',
  informationRequired: 'ProductOrderInformationRequiredEvent',
} as const;

/** The process needs attributes from the client: `fieldPath` names them, `description` says why. */
export function orderInformationRequiredEvent(order: ProductOrder, fieldPath: string[], reason?: string): OutboxEvent {
  const event = tmfEvent('productOrder', ProductOrderEventType.informationRequired, order.id, { ...order }, order.externalId, fieldPath.join(','));
  if (reason) event.body.description = reason;
  return event;
}

/** The order after a PATCH, with the names of the attributes that changed. */
export function orderAttributesChangedEvent(order: ProductOrder, changed: string[]): OutboxEvent {
  return tmfEvent('productOrder', ProductOrderEventType.attributeValueChange, order.id, { ...order }, order.externalId, changed.join(','));
}

export function orderDeletedEvent(order: ProductOrder): OutboxEvent {
  return tmfEvent('productOrder', ProductOrderEventType.delete, order.id, { id: order.id, href: order.href, state: order.state, productOrderItem: order.productOrderItem.map((i) => ({ id: i.id, action: i.action, state: i.state })), '@type': order['@type'] }, order.externalId);
}

export function orderCreatedEvent(order: ProductOrder): OutboxEvent {
  return tmfEvent('productOrder', ProductOrderEventType.create, order.id, { ...order }, order.externalId);
}

/** The state-change payload: identity, order and item states, and when it finished. */
export function orderStateChangedEvent(order: ProductOrder): OutboxEvent {
  const payload = {
    id: order.id,
    href: order.href,
    ...(order.externalId ? { externalId: order.externalId } : {}),
    state: order.state,
    ...(order.completionDate ? { completionDate: order.completionDate } : {}),
    productOrderItem: order.productOrderItem.map((item) => ({ id: item.id, action: item.action, state: item.state })),
    '@type': order['@type'],
  };
  return tmfEvent('productOrder', ProductOrderEventType.stateChange, order.id, payload, order.externalId);
}
