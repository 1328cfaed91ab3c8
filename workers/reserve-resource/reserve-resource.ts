import { InventoryError } from '../../engine/inventory/inventory-error.js';
import { recordPortIn } from '../../engine/inventory/port-in.js';
import { reserveResource } from '../../engine/inventory/reserve-resource.js';
import type { ResourceStore } from '../../engine/inventory/resource-store.js';
import { numberOf, reservationKeyOf } from '../../engine/inventory/resource.js';
import { itemCharacteristic, recordHeldResource, unitOf } from '../../engine/orders/order-resources.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import type { JobContext } from '../runtime/define-worker.js';
import type { ReserveHeaders, ReserveInput, ReserveOutput } from './schemas.js';
import { releaseResource } from '../../engine/inventory/confirm-release.js';
import { ProductOrderState, terminalOrderStates, type ProductOrderState as OrderState } from '../../engine/orders/states.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

const stillRunning = (state: OrderState) =>
  !terminalOrderStates.includes(state) && state !== ProductOrderState.assessingCancellation && state !== ProductOrderState.pendingCancellation;

/**
 * The item's characteristics that steer a reservation: a number given to port in (MSISDN) or a SIM
 * the customer already has (ICCID); for a phone number from the pool, a preference
 * (`numberPreference`: leading digits, or a pattern with `?` and `*`) and a category
 * (`numberCategory`, e.g. golden).
 */
const given = { msisdn: 'MSISDN', iccid: 'ICCID' } as const;

export async function reserveForUnit(deps: { orders: OrderStore; resources: ResourceStore; ttlMs: number }, input: ReserveInput, job: JobContext<ReserveHeaders>): Promise<ReserveOutput> {
  const order = await deps.orders.findStored(input.orderId);
  if (!order) throw new Error(`order ${input.orderId} does not exist`);
  if (!stillRunning(order.state)) throw new Error(`order ${input.orderId} is ${order.state}: nothing is reserved for it any more`);
  const { item } = unitOf(order, input.unitId);
  const kind = job.headers.kind;
  const role = job.headers.role || kind;
  // Keyed by unit, not item: two parts of one bundle item each get their own.
  const holder = { orderId: input.orderId, itemId: input.unitId, role };
  const number = itemCharacteristic(item, given[kind]);
  // The customer chooses among phone numbers; a SIM is whichever is free (or the one they hold).
  const preference = kind === 'msisdn' ? itemCharacteristic(item, 'numberPreference') : undefined;
  const category = kind === 'msisdn' ? itemCharacteristic(item, 'numberCategory') : undefined;
  try {
    const reserved =
      kind === 'msisdn' && number
        ? await recordPortIn(deps.resources, { ...holder, number, donorOperator: itemCharacteristic(item, 'donorOperator') })
        : await reserveResource(deps.resources, {
            ...holder,
            kind,
            category,
            // A given ICCID is that exact SIM: a pattern of its own digits matches only it.
            ...(number ? { pattern: number } : preference && /[?*]/.test(preference) ? { pattern: preference } : preference ? { prefix: preference } : {}),
            ttlMs: deps.ttlMs,
          });
    if (!reserved) throw noneAvailable(role, `no free ${kind} matches${preference ? ` '${preference}'` : ''}${number ? ` (${number})` : ''}`);
    const output = { resourceId: reserved.resource.id, number: numberOf(reserved.resource, kind), ported: kind === 'msisdn' && !!number };
    const key = reservationKeyOf(holder.orderId, holder.itemId, role);
    await recordHeldResource(deps.orders, input.orderId, { unitId: input.unitId, role, key, ...output });
    // A cancellation that released the order's resources while this job ran would miss this one.
    const now = await deps.orders.findById(input.orderId, { state: 1 });
    if (now && !stillRunning(now.state)) {
      await releaseResource(deps.resources, key, `order ${now.state} while reserving`);
      throw new Error(`order ${input.orderId} became ${now.state} while reserving; released ${output.number}`);
    }
    return output;
  } catch (err) {
    // The inventory refused the request itself (a number that is ours, a malformed preference): the model routes it.
    if (err instanceof InventoryError) throw noneAvailable(role, err.message);
    throw err;
  }
}

/** The message is the item's failure reason, as the integrator reads it; the inventory's own words go with it. */
const noneAvailable = (role: string, why: string) => new BusinessError(BpmnErrorCode.noResourceAvailable, `No ${role} available`, { unavailableResource: role, unavailableBecause: why });
