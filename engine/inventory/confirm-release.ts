import type { Logger } from '../observability/logger.js';
import { withEvents } from '../events/outbox.js';
import { changeHeld, type HeldChange } from './held-resource.js';
import { resourceStateChangedEvent } from './resource-events.js';
import type { ResourceStore } from './resource-store.js';
import { characteristicValue, presentResource, ResourceStatus, UsageState, withCharacteristic, type Reservation, type Resource, type StoredResource } from './resource.js';

/** The characteristic linking an in-use resource to the product (TMF637) it serves. */
export const PRODUCT_CHARACTERISTIC = 'productId';

/**
 * Reserved → in use: the resource now serves `productId` (resourceStatus available, usageState
 * active, characteristic `productId`); the hold no longer expires. Repeating it changes nothing.
 * Null when the key holds nothing (the reservation expired or was released).
 */
export function confirmResource(store: ResourceStore, key: string, link: { productId: string }): Promise<Resource | null> {
  return changeHeld(store, key, (held): HeldChange<Resource> => {
    const current = presentResource(held);
    if (current.usageState === UsageState.active && characteristicValue(current, PRODUCT_CHARACTERISTIC) === link.productId) return { done: current };
    const reservation = held._ordo.reservation!;
    const resource: Resource = { ...current, resourceStatus: ResourceStatus.available, usageState: UsageState.active, resourceCharacteristic: withCharacteristic(current.resourceCharacteristic, PRODUCT_CHARACTERISTIC, link.productId) };
    const event = resourceStateChangedEvent(resource, `in use by product ${link.productId} (order ${reservation.orderId} item ${reservation.itemId})`, reservation.orderId);
    const update = withEvents({
      $set: { resourceStatus: resource.resourceStatus, usageState: resource.usageState, resourceCharacteristic: resource.resourceCharacteristic, '_ordo.reservation.confirmedAt': new Date(), '_ordo.reservation.productId': link.productId },
      $unset: { '_ordo.reservation.expiresAt': '' },
    }, [event]);
    return { update, result: resource };
  });
}

/**
 * Reserved or in use → free again in its pool; a ported-in number is suspended instead, never free.
 * Releasing what the key no longer holds (or, given `resourceId`, a resource other than that one)
 * does nothing and answers null.
 */
export function releaseResource(store: ResourceStore, key: string, reason: string, resourceId?: string): Promise<Resource | null> {
  return changeHeld<Resource | null>(store, key, (held) => (resourceId !== undefined && held.id !== resourceId ? { done: null } : releasing(held, reason)));
}

function releasing(held: StoredResource, reason: string): HeldChange<Resource> {
  const current = presentResource(held);
  const reservation = held._ordo.reservation!;
  const resource: Resource = {
    ...current,
    resourceStatus: held._ordo.portedIn ? ResourceStatus.suspended : ResourceStatus.available,
    usageState: UsageState.idle,
    resourceCharacteristic: withCharacteristic(current.resourceCharacteristic, PRODUCT_CHARACTERISTIC, undefined),
  };
  const event = resourceStateChangedEvent(resource, `released from order ${reservation.orderId} item ${reservation.itemId}: ${reason}`, reservation.orderId);
  const update = withEvents({
    $set: { resourceStatus: resource.resourceStatus, usageState: resource.usageState, resourceCharacteristic: resource.resourceCharacteristic, '_ordo.lastRelease': { key: reservation.key, orderId: reservation.orderId, itemId: reservation.itemId, reason, at: new Date() } },
    $unset: { '_ordo.reservation': '', '_ordo.reservationKey': '' },
  }, [event]);
  return { update, result: resource };
}

export interface ExpiredReservation {
  resource: Resource;
  reservation: Reservation;
}

/** How many expired reservations one sweep handles; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

/** Reservations whose hold ran out by `now` and were never confirmed. */
export async function expiredReservations(store: ResourceStore, now: Date): Promise<ExpiredReservation[]> {
  return (await store.expiringBy(now, SWEEP_BATCH)).map((held) => ({ resource: presentResource(held), reservation: held._ordo.reservation! }));
}

/**
 * Frees every reservation that expired by `now`, unless it was confirmed or released meanwhile,
 * and says which order items lost theirs.
 */
export async function releaseExpired(store: ResourceStore, now: Date, log: Logger): Promise<ExpiredReservation[]> {
  const released: ExpiredReservation[] = [];
  for (const { reservation } of await expiredReservations(store, now)) {
    const resource = await changeHeld(store, reservation.key, (held): HeldChange<Resource | null> => {
      const expiresAt = held._ordo.reservation?.expiresAt;
      return expiresAt && expiresAt.getTime() <= now.getTime() ? releasing(held, 'reservation expired') : { done: null };
    });
    if (!resource) continue;
    log.info('resource reservation expired', { resourceId: resource.id, name: resource.name, orderId: reservation.orderId, itemId: reservation.itemId, role: reservation.role, expiresAt: reservation.expiresAt });
    released.push({ resource, reservation });
  }
  return released;
}
