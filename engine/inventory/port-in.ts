import { randomUUID } from 'node:crypto';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { queuedEvents, withEvents } from '../events/outbox.js';
import { changeHeld, type HeldChange } from './held-resource.js';
import { InventoryError } from './inventory-error.js';
import { resourceAttributesChangedEvent, resourceCreatedEvent, resourceStateChangedEvent } from './resource-events.js';
import { numberProblem } from './resource-numbers.js';
import { isDuplicateKey, type ResourceStore } from './resource-store.js';
import { AdministrativeState, characteristicValue, numberKey, OperationalState, PORTED_CATEGORY, presentResource, reservationKeyOf, ResourceStatus, UsageState, withCharacteristic, type Reservation, type Resource, type StoredResource } from './resource.js';
import type { ReservedResource } from './reserve-resource.js';

/** Where a port-in stands, kept in the number's characteristic `portInState`. */
export const PortInState = { requested: 'requested', confirmed: 'confirmed', completed: 'completed', failed: 'failed' } as const;
export type PortInState = (typeof PortInState)[keyof typeof PortInState];
export const PORT_IN_CHARACTERISTIC = 'portInState';

const nextStates: Record<PortInState, readonly PortInState[]> = {
  requested: ['confirmed', 'failed'],
  confirmed: ['completed', 'failed'],
  completed: [],
  failed: [],
};

export interface PortInRequest {
  number: string;
  orderId: string;
  itemId: string;
  role: string;
  donorOperator?: string | undefined;
}

/**
 * Records an MSISDN ported in from another operator and holds it for the order item, with
 * `portInState` requested. The number belongs to no pool (no pool, slot or rand), so no
 * reservation can ever take it. Repeating the request returns the same resource.
 */
export async function recordPortIn(store: ResourceStore, request: PortInRequest): Promise<ReservedResource> {
  const problem = numberProblem('msisdn', request.number);
  if (problem) throw new InventoryError('INVALID_PORT_IN', problem);
  const key = reservationKeyOf(request.orderId, request.itemId, request.role);
  return retryOnRace(`port-in of ${request.number}`, async () => {
    const held = await store.findHeld(key);
    if (held) {
      if (held.value !== request.number) throw new InventoryError('PORT_IN_CONFLICT', `order ${request.orderId} item ${request.itemId} already holds ${held.name} as ${request.role}`);
      return { resource: presentResource(held), reused: true };
    }
    const existing = await store.findByNumber('msisdn', request.number);
    try {
      const resource = existing ? await holdAgain(store, existing, request, key) : await insertPortedNumber(store, request, key);
      return resource ? { resource, reused: false } : LOST_RACE;
    } catch (err) {
      // A concurrent request for the same number or the same order item came first: look again.
      if (!isDuplicateKey(err)) throw err;
      return LOST_RACE;
    }
  });
}

function portInReservation(request: PortInRequest, key: string): Reservation {
  return { key, orderId: request.orderId, itemId: request.itemId, role: request.role, reservedAt: new Date() };
}

async function insertPortedNumber(store: ResourceStore, request: PortInRequest, key: string): Promise<Resource> {
  const id = randomUUID();
  const resource: Resource = {
    id,
    href: store.href(id),
    '@type': 'LogicalResource',
    name: request.number,
    value: request.number,
    category: PORTED_CATEGORY,
    resourceStatus: ResourceStatus.reserved,
    usageState: UsageState.idle,
    administrativeState: AdministrativeState.unlocked,
    operationalState: OperationalState.enable,
    resourceCharacteristic: [
      { name: PORT_IN_CHARACTERISTIC, valueType: 'string', value: PortInState.requested },
      ...(request.donorOperator ? [{ name: 'donorOperator', valueType: 'string', value: request.donorOperator }] : []),
    ],
  };
  const stored: StoredResource = {
    ...resource,
    _id: id,
    _ordo: {
      kind: 'msisdn',
      number: numberKey('msisdn', request.number),
      revision: 0,
      portedIn: { ...(request.donorOperator ? { donorOperator: request.donorOperator } : {}), recordedAt: new Date() },
      reservation: portInReservation(request, key),
      reservationKey: key,
    },
  };
  const events = [resourceCreatedEvent(resource, request.orderId)];
  await store.insert({ ...stored, _ordo: { ...stored._ordo, ...queuedEvents(events) } });
  return resource;
}

/** A number ported in before whose hold was released (e.g. a failed port): held again for this item. */
async function holdAgain(store: ResourceStore, existing: StoredResource, request: PortInRequest, key: string): Promise<Resource | null> {
  if (!existing._ordo.portedIn) throw new InventoryError('PORT_IN_NUMBER_IS_OURS', `${request.number} is one of this operator's own numbers; it cannot be ported in`);
  if (existing._ordo.reservationKey) throw new InventoryError('PORT_IN_CONFLICT', `${request.number} is held by another order item`);
  const current = presentResource(existing);
  const resource: Resource = { ...current, resourceStatus: ResourceStatus.reserved, usageState: UsageState.idle, resourceCharacteristic: withCharacteristic(current.resourceCharacteristic, PORT_IN_CHARACTERISTIC, PortInState.requested) };
  const event = resourceStateChangedEvent(resource, `port-in requested by order ${request.orderId} item ${request.itemId}`, request.orderId);
  const update = withEvents({ $set: { resourceStatus: resource.resourceStatus, usageState: resource.usageState, resourceCharacteristic: resource.resourceCharacteristic, '_ordo.reservation': portInReservation(request, key), '_ordo.reservationKey': key } }, [event]);
  return (await store.updateAtRevision(existing._id, existing._ordo.revision, update)) ? resource : null;
}

/**
 * Moves the port-in held by `key` on: requested → confirmed → completed, or to failed from either.
 * Repeating a move changes nothing; going back is refused. Null when the key holds nothing.
 */
export function advancePortIn(store: ResourceStore, key: string, state: PortInState): Promise<Resource | null> {
  if (!Object.hasOwn(nextStates, state)) throw new InventoryError('PORT_IN_STATE', `'${state}' is not a port-in state`);
  return changeHeld(store, key, (held): HeldChange<Resource> => {
    const current = presentResource(held);
    if (!held._ordo.portedIn) throw new InventoryError('PORT_IN_STATE', `${current.name} was not ported in`);
    const from = characteristicValue(current, PORT_IN_CHARACTERISTIC) as PortInState;
    if (from === state) return { done: current };
    if (!nextStates[from]?.includes(state)) throw new InventoryError('PORT_IN_STATE', `port-in of ${current.name} cannot go from ${from} to ${state}`);
    const resource: Resource = { ...current, resourceCharacteristic: withCharacteristic(current.resourceCharacteristic, PORT_IN_CHARACTERISTIC, state) };
    const update = withEvents({ $set: { resourceCharacteristic: resource.resourceCharacteristic } }, [resourceAttributesChangedEvent(resource, ['resourceCharacteristic'], held._ordo.reservation?.orderId)]);
    return { update, result: resource };
  });
}
