import { tmfEvent, type OutboxEvent } from '../events/tmf-event.js';
import type { ProductOrder, ProductOrderItem } from './product-order.js';

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

type OrderSummary = { id: string; href: string; externalId?: string | undefined; state: string; completionDate?: string | undefined; '@type'?: string | undefined };

/** The state-change payload of any TMF order: identity, order and item states (under `itemsField`), and when it finished. */
export function orderStatePayload(order: OrderSummary, itemsField: string, items: { id: string; action: string; state: string }[]): Record<string, unknown> {
  return {
    id: order.id,
    href: order.href,
    ...(order.externalId ? { externalId: order.externalId } : {}),
    state: order.state,
    ...(order.completionDate ? { completionDate: order.completionDate } : {}),
    [itemsField]: items.map((item) => ({ id: item.id, action: item.action, state: item.state })),
    '@type': order['@type'],
  };
}

function orderStateChangedEvent(order: ProductOrder): OutboxEvent {
  return tmfEvent('productOrder', ProductOrderEventType.stateChange, order.id, orderStatePayload(order, 'productOrderItem', order.productOrderItem), order.externalId);
}

const itemStates = (order: ProductOrder) => JSON.stringify(order.productOrderItem.map(function states(item): unknown {
  return [item.state, Array.isArray(item['productOrderItem']) ? (item['productOrderItem'] as ProductOrderItem[]).map(states) : []];
}));

/**
 * What a move from `current` to `next` tells listeners: ProductOrderStateChangeEvent when the
 * order's state changed (with the item states as they are then), ProductOrderAttributeValueChangeEvent
 * with fieldPath `productOrderItem.state` when only items moved, nothing when nothing did.
 */
export function orderProgressEvents(current: ProductOrder, next: ProductOrder): OutboxEvent[] {
  if (next.state !== current.state) return [orderStateChangedEvent(next)];
  if (itemStates(next) === itemStates(current)) return [];
  return [tmfEvent('productOrder', ProductOrderEventType.attributeValueChange, next.id, orderStatePayload(next, 'productOrderItem', next.productOrderItem), next.externalId, 'productOrderItem.state')];
}
