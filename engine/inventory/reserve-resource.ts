import type { Document } from 'mongodb';
import { withEvents } from '../events/outbox.js';
import { InventoryError } from './inventory-error.js';
import { preferenceRegexes, type NumberPreference } from './number-preference.js';
import { resourceStateChangedEvent } from './resource-events.js';
import { isDuplicateKey, type ResourceStore } from './resource-store.js';
import { DEFAULT_CATEGORY, isFree, isPoolCategory, isResourceKind, numberOf, poolName, presentResource, reservationKeyOf, resourceKinds, ResourceStatus, type Reservation, type Resource, type ResourceKind, type StoredResource } from './resource.js';

/** Who holds a resource and until when, unless confirmed first. */
export interface Hold {
  orderId: string;
  itemId: string;
  /** What the resource is for in the item, e.g. `msisdn`, `sim`: one hold per role. */
  role: string;
  expiresAt: Date;
  /** A cart's hold: whose holds it counts among (Reservation.customerKey). */
  customerKey?: string | undefined;
}

export interface ReservationRequest extends NumberPreference, Omit<Hold, 'expiresAt'> {
  kind: ResourceKind;
  /** The pool's category; default `standard`. */
  category?: string | undefined;
  /** How long the hold lasts unless confirmed (ms). */
  ttlMs: number;
}

/** A reservation request whose hold ends at a given time instead of after `ttlMs`. */
export type ReservationUntil = Omit<ReservationRequest, 'ttlMs'> & Pick<Hold, 'expiresAt'>;

export interface ReservedResource {
  resource: Resource;
  /** True when the order item already held it: a repeated request, e.g. a redelivered job. */
  reused: boolean;
}

/** Random slots tried before the ordered seek; each is one point lookup. */
const SLOT_PROBES = 8;
/** A seek's candidate can be taken by a concurrent reservation before our write; then seek again. */
const SEEK_ATTEMPTS = 16;

/**
 * Reserves a random free resource of the pool `<kind>:<category>` matching the preference for one
 * order item and role, or answers null when none is free. Repeating the request returns the same
 * resource. No scan on the way: random slots are point lookups, and when they miss (a sparse pool,
 * a narrow preference) a seek from a random point in `rand` order finds one if any exists.
 * Each take is a revision-checked write of the resource with its ResourceStateChangeEvent, so two
 * reservations can never hold one resource.
 */
export async function reserveResource(store: ResourceStore, request: ReservationRequest): Promise<ReservedResource | null> {
  const { ttlMs, ...rest } = request;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', 'ttlMs must be a positive whole number of milliseconds');
  return reserveResourceUntil(store, { ...rest, expiresAt: new Date(Date.now() + ttlMs) });
}

/** reserveResource with the hold's end given as a time. */
export async function reserveResourceUntil(store: ResourceStore, request: ReservationUntil): Promise<ReservedResource | null> {
  const category = request.category ?? DEFAULT_CATEGORY;
  assertValidRequest(request, category);
  const wanted = preferenceRegexes(request);
  const key = reservationKeyOf(request.orderId, request.itemId, request.role);

  const held = await store.findHeld(key);
  if (held) return { resource: presentResource(held), reused: true };

  const claim = new Claim(store, request, poolName(request.kind, category), wanted);
  try {
    const resource = (await claim.probeRandomSlots()) ?? (await claim.seekFromRandomPoint());
    return resource ? { resource, reused: false } : null;
  } catch (err) {
    // The unique reservation key refused our take: a concurrent delivery of this request won.
    if (!isDuplicateKey(err)) throw err;
    const winner = await store.findHeld(key);
    if (!winner) throw err;
    return { resource: presentResource(winner), reused: true };
  }
}

function assertValidRequest(request: ReservationUntil, category: string): void {
  if (!isResourceKind(request.kind)) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `kind must be one of ${Object.keys(resourceKinds).join(', ')}`);
  assertPoolCategory(category);
  if (!(request.expiresAt instanceof Date) || Number.isNaN(request.expiresAt.getTime())) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', 'expiresAt must be a time');
  for (const [name, value] of [['orderId', request.orderId], ['itemId', request.itemId], ['role', request.role]] as const) {
    if (typeof value !== 'string' || value === '') throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `${name} must be a non-empty string`);
  }
}

export function assertPoolCategory(category: string): void {
  if (!isPoolCategory(category)) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `'${category}' is not a pool category`);
}

/** The query on the number field of `kind` that keeps only numbers matching every one of `wanted`. */
export function numberConditions(kind: ResourceKind, wanted: RegExp[]): Document {
  const numberField = resourceKinds[kind].numberField;
  if (wanted.length === 0) return {};
  if (wanted.length === 1) return { [numberField]: wanted[0] };
  return { $and: wanted.map((re) => ({ [numberField]: re })) };
}

/**
 * Takes `candidate`, as it was read, for `hold`: one revision-checked write of the resource with its
 * ResourceStateChangeEvent. Null when another write changed the candidate first.
 */
export async function takeResource(store: ResourceStore, candidate: StoredResource, hold: Hold): Promise<Resource | null> {
  const { orderId, itemId, role, expiresAt, customerKey } = hold;
  const key = reservationKeyOf(orderId, itemId, role);
  const reservation: Reservation = { key, orderId, itemId, role, reservedAt: new Date(), expiresAt, ...(customerKey ? { customerKey } : {}) };
  const resource = { ...presentResource(candidate), resourceStatus: ResourceStatus.reserved };
  const event = resourceStateChangedEvent(resource, `reserved for order ${orderId} item ${itemId} (${role})`, orderId);
  const update = withEvents({ $set: { resourceStatus: ResourceStatus.reserved, '_ordo.reservation': reservation, '_ordo.reservationKey': key } }, [event]);
  return (await store.updateAtRevision(candidate._id, candidate._ordo.revision, update)) ? resource : null;
}

/** One reservation attempt: finds candidates in the pool and takes one for the order item. */
class Claim {
  constructor(
    private readonly store: ResourceStore,
    private readonly request: ReservationUntil,
    private readonly pool: string,
    private readonly wanted: RegExp[],
  ) {}

  async probeRandomSlots(): Promise<Resource | null> {
    const slots = await this.store.slotCount(this.pool);
    if (slots === 0) return null;
    for (let probe = 0; probe < SLOT_PROBES; probe++) {
      const candidate = await this.store.atSlot(this.pool, Math.floor(Math.random() * slots));
      if (!candidate || !this.suits(candidate)) continue;
      const taken = await takeResource(this.store, candidate, this.request);
      if (taken) return taken;
    }
    return null;
  }

  /** From a random point in `rand` order to the end, then from the start up to that point. */
  async seekFromRandomPoint(): Promise<Resource | null> {
    const conditions = numberConditions(this.request.kind, this.wanted);
    for (let attempt = 0; attempt < SEEK_ATTEMPTS; attempt++) {
      const from = Math.random();
      const candidate = (await this.store.firstFreeByRand(this.pool, conditions, from, 'after')) ?? (await this.store.firstFreeByRand(this.pool, conditions, from, 'before'));
      if (!candidate) return null;
      const taken = await takeResource(this.store, candidate, this.request);
      if (taken) return taken;
    }
    throw new Error(`lost ${SEEK_ATTEMPTS} races for a resource of ${this.pool} in a row; retry`);
  }

  private suits(candidate: StoredResource): boolean {
    const number = numberOf(candidate, this.request.kind);
    return isFree(candidate) && typeof number === 'string' && this.wanted.every((re) => re.test(number));
  }
}
