import { tmfEvent, type OutboxEvent } from '../events/tmf-event.js';
import { orderStatePayload } from '../orders/order-events.js';
import type { TechnicalOrderKind } from './order-kinds.js';
import { itemsOf, type TechnicalOrder } from './technical-order.js';

export const technicalOrderCreatedEvent = (kind: TechnicalOrderKind, order: TechnicalOrder): OutboxEvent =>
  tmfEvent(kind.resource, `${kind.typeName}CreateEvent`, order.id, { ...order }, order.externalId);

/** Identity, order and item states, and when it finished; `why` (a failure reason) as the description. */
export function technicalOrderStateChangedEvent(kind: TechnicalOrderKind, order: TechnicalOrder, why?: string): OutboxEvent {
  const payload = orderStatePayload(order, kind.itemsField, itemsOf(order, kind.itemsField));
  const event = tmfEvent(kind.resource, `${kind.typeName}StateChangeEvent`, order.id, payload, order.externalId);
  if (why) event.body.description = why;
  return event;
}
