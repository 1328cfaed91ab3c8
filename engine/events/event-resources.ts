import type { Collection, Db } from 'mongodb';
import type { EventResources } from '../capability.js';
import { CANCEL_PRODUCT_ORDER_EVENTS, PRODUCT_ORDER_EVENTS } from '../orders/tmf622.js';
import { RESOURCE_EVENTS } from '../inventory/tmf639.js';
import { PAYMENT_EVENTS } from '../payments/tmf676.js';
import { PRODUCT_EVENTS } from '../product-inventory/tmf637.js';
import { SERVICE_EVENTS } from '../service-inventory/tmf638.js';
import { resourceOrderKind, serviceOrderKind, technicalOrderEvents } from '../technical-orders/order-kinds.js';
import { CUSTOMER_EVENTS } from '../customers/tmf-apis.js';
import { SHOPPING_CART_EVENTS } from '../carts/tmf663.js';
import type { WithOutbox } from './outbox-relay.js';

/**
 * Every capability's event resources, for the commands that work on outboxes without starting Ordo
 * (`ordo dead-letters`). A running Ordo takes them from its capabilities, and refuses to start when
 * they and this list differ (engine/ordo.ts).
 */
export const eventApis: EventResources = {
  ...PRODUCT_ORDER_EVENTS,
  ...CANCEL_PRODUCT_ORDER_EVENTS,
  ...RESOURCE_EVENTS,
  ...PAYMENT_EVENTS,
  ...PRODUCT_EVENTS,
  ...SERVICE_EVENTS,
  ...technicalOrderEvents(serviceOrderKind),
  ...technicalOrderEvents(resourceOrderKind),
  ...CUSTOMER_EVENTS,
  ...SHOPPING_CART_EVENTS,
};

/** The collections whose documents carry outbox events of these resources: what the relay drains and `ordo dead-letters` reads. */
export const outboxCollections = (db: Db, resources: EventResources = eventApis): Collection<WithOutbox>[] => Object.keys(resources).map((resource) => db.collection<WithOutbox>(resource));

/**
 * The event resources the capabilities declare, checked: none declared twice, and the same as
 * `eventApis` (a capability missing there would have its dead letters unseen by the commands).
 */
export function checkedEventResources(capabilities: { name: string; events?: EventResources }[], known: EventResources = eventApis): EventResources {
  const resources: Record<string, string> = {};
  const owners: Record<string, string> = {};
  for (const c of capabilities) {
    for (const [resource, api] of Object.entries(c.events ?? {})) {
      if (owners[resource]) throw new Error(`event resource ${resource} is declared by ${owners[resource]} and ${c.name}`);
      owners[resource] = c.name;
      resources[resource] = api;
    }
  }
  const differ = [...new Set([...Object.keys(resources), ...Object.keys(known)])].filter((r) => resources[r] !== known[r]);
  if (differ.length > 0) throw new Error(`event resources differ between the capabilities and engine/events/event-resources.ts: ${differ.join(', ')}`);
  return resources;
}
