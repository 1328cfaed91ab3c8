import type { ResourceStore } from '../../engine/inventory/resource-store.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';
import { reserveForUnit, type ReserveHeaders, type ReserveInput, type ReserveOutput } from './reserve-resource.js';

export const reserveResourceWorker = (deps: { orders: OrderStore; resources: ResourceStore; reservationTtlMs: number }) =>
  defineWorker<ReserveInput, ReserveOutput, ReserveHeaders>({
    type: 'reserve-resource',
    name: 'Reserve resource',
    description:
      "Reserves a random free MSISDN or SIM (ICCID) for the item from the TMF639 inventory, atomically, until confirmed or released (ORDO_RESERVATION_TTL_MS). Honours the item's characteristics: numberPreference (leading digits, or a pattern with ? and *), numberCategory (e.g. golden); an MSISDN given in the item is ported in instead, an ICCID given is the SIM reserved. A redelivered job gets the same resource.",
    input: unitJobInput,
    headers: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { type: 'string', enum: ['msisdn', 'iccid'], title: 'Resource', description: 'msisdn: a phone number (LogicalResource); iccid: a SIM card (PhysicalResource).' },
        role: { type: 'string', title: 'Role', description: 'What it is for in the item (default: the resource kind); one reservation per role.' },
      },
    },
    output: {
      type: 'object',
      required: ['resourceId', 'number', 'ported'],
      properties: {
        resourceId: { type: 'string', title: 'Resource id', description: 'TMF639 resource id.' },
        number: { type: 'string', title: 'Number', description: 'The MSISDN or ICCID.' },
        ported: { type: 'boolean', title: 'Ported in', description: 'The MSISDN is ported in from another operator.' },
      },
    },
    errors: { NO_RESOURCE_AVAILABLE: "Nothing free matches; the error message ('No msisdn available') is the item's failure reason (variables unavailableResource: the role, unavailableBecause: the inventory's words)." },
    handler: (input, job) => reserveForUnit({ orders: deps.orders, resources: deps.resources, ttlMs: deps.reservationTtlMs }, input, job),
  });
