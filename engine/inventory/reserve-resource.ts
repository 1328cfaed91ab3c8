import type { Document } from 'mongodb';
import { withEvents } from '../events/outbox.js';
import { InventoryError } from './inventory-error.js';
import { preferenceRegexes, type NumberPreference } from './number-preference.js';
import { resourceStateChangedEvent } from './resource-events.js';
import { isDuplicateKey, type ResourceStore } from './resource-store.js';
import { DEFAULT_CATEGORY, isFree, isPoolCategory, isResourceKind, numberOf, poolName, presentResource, reservationKeyOf, resourceKinds, ResourceStatus, type Reservation, type Resource, type ResourceKind, type StoredResource } from './resource.js';

export interface ReservationRequest extends NumberPreference {
  kind: ResourceKind;
  /** The pool's category; default `standard`. */
  category?: string | undefined;
  orderId: string;
  itemId: string;
  /** What the resource is for in the item, e.g. `msisdn`, `sim`: one hold per role. */
  role: string;
  /** How long the hold lasts unless confirmed (ms). */
  ttlMs: number;
}

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
  const category = request.category ?? DEFAULT_CATEGORY;
  assertValidRequest(request, category);
  const wanted = preferenceRegexes(request);
  const key = reservationKeyOf(request.orderId, request.itemId, request.role);

  const held = await store.findHeld(key);
  if (held) return { resource: presentResource(held), reused: true };

  const claim = new Claim(store, request, poolName(request.kind, category), key, wanted);
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

function assertValidRequest(request: ReservationRequest, category: string): void {
  if (!isResourceKind(request.kind)) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `kind must be one of ${Object.keys(resourceKinds).join(', ')}`);
  if (!isPoolCategory(category)) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `'${category}' is not a pool category`);
  if (!Number.isInteger(request.ttlMs) || request.ttlMs <= 0) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', 'ttlMs must be a positive whole number of milliseconds');
  for (const [name, value] of [['orderId', request.orderId], ['itemId', request.itemId], ['role', request.role]] as const) {
    if (typeof value !== 'string' || value === '') throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `${name} must be a non-empty string`);
  }
}

/** One reservation attempt: finds candidates in the pool and takes one for the order item. */
class Claim {
  private readonly numberField: string;

  constructor(
    private readonly store: ResourceStore,
    private readonly request: ReservationRequest,
    private readonly pool: string,
    private readonly key: string,
    private readonly wanted: RegExp[],
  ) {
    this.numberField = resourceKinds[request.kind].numberField;
  }

  async probeRandomSlots(): Promise<Resource | null> {
    const slots = await this.store.slotCount(this.pool);
    if (slots === 0) return null;
    for (let probe = 0; probe < SLOT_PROBES; probe++) {
      const candidate = await this.store.atSlot(this.pool, Math.floor(Math.random() * slots));
      if (!candidate || !this.suits(candidate)) continue;
      const taken = await this.take(candidate);
      if (taken) return taken;
    }
    return null;
  }

  /** From a random point in `rand` order to the end, then from the start up to that point. */
  async seekFromRandomPoint(): Promise<Resource | null> {
    const conditions = this.numberConditions();
    for (let attempt = 0; attempt < SEEK_ATTEMPTS; attempt++) {
      const from = Math.random();
      const candidate = (await this.store.firstFreeByRand(this.pool, conditions, from, 'after')) ?? (await this.store.firstFreeByRand(this.pool, conditions, from, 'before'));
      if (!candidate) return null;
      const taken = await this.take(candidate);
      if (taken) return taken;
    }
    throw new Error(`lost ${SEEK_ATTEMPTS} races for a resource of ${this.pool} in a row; retry`);
  }

  private suits(candidate: StoredResource): boolean {
    const number = numberOf(candidate, this.request.kind);
    return isFree(candidate) && typeof number === 'string' && this.wanted.every((re) => re.test(number));
  }

  private numberConditions(): Document {
    if (this.wanted.length === 0) return {};
    if (this.wanted.length === 1) return { [this.numberField]: this.wanted[0] };
    return { $and: this.wanted.map((re) => ({ [this.numberField]: re })) };
  }

  /** Null when another write changed the candidate first. */
  private async take(candidate: StoredResource): Promise<Resource | null> {
    const { orderId, itemId, role, ttlMs } = this.request;
    const now = new Date();
    const reservation: Reservation = { key: this.key, orderId, itemId, role, reservedAt: now, expiresAt: new Date(now.getTime() + ttlMs) };
    const resource = { ...presentResource(candidate), resourceStatus: ResourceStatus.reserved };
    const event = resourceStateChangedEvent(resource, `reserved for order ${orderId} item ${itemId} (${role})`, orderId);
    const update = withEvents({ $set: { resourceStatus: ResourceStatus.reserved, '_ordo.reservation': reservation, '_ordo.reservationKey': this.key } }, [event]);
    return (await this.store.updateAtRevision(candidate._id, candidate._ordo.revision, update)) ? resource : null;
  }
}
