import type { ResourceStore } from '../../engine/inventory/resource-store.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { reserveForUnit } from './reserve-resource.js';
import { headers, input, output } from './schemas.js';

export const reserveResourceWorker = (deps: { orders: OrderStore; resources: ResourceStore; reservationTtlMs: number }) =>
  defineWorker({
    type: 'reserve-resource',
    name: 'Reserve resource',
    description:
      "Reserves a random free MSISDN or SIM (ICCID) for the item from the TMF639 inventory, atomically, until confirmed or released (ORDO_RESERVATION_TTL_MS). Honours the item's characteristics: numberPreference (leading digits, or a pattern with ? and *), numberCategory (e.g. golden); an MSISDN given in the item is ported in instead, an ICCID given is the SIM reserved. A redelivered job gets the same resource.",
    input,
    headers,
    output,
    errors: { NO_RESOURCE_AVAILABLE: "Nothing free matches; the error message ('No msisdn available') is the item's failure reason (variables unavailableResource: the role, unavailableBecause: the inventory's words)." },
    handler: (input, job) => reserveForUnit({ orders: deps.orders, resources: deps.resources, ttlMs: deps.reservationTtlMs }, input, job),
  });
