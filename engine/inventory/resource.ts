import type { OutboxEvent } from '../events/tmf-event.js';

/** TMF639 ResourceStatusType. */
export const ResourceStatus = { standby: 'standby', alarm: 'alarm', available: 'available', reserved: 'reserved', unknown: 'unknown', suspended: 'suspended' } as const;
/** TMF639 ResourceUsageStateType. */
export const UsageState = { idle: 'idle', active: 'active', busy: 'busy' } as const;
/** TMF639 ResourceAdministrativeStateType. */
export const AdministrativeState = { locked: 'locked', unlocked: 'unlocked', shutdown: 'shutdown' } as const;
/** TMF639 ResourceOperationalStateType. */
export const OperationalState = { enable: 'enable', disable: 'disable' } as const;

/** Free in its pool: what a reservation may take. */
export const FREE = { resourceStatus: ResourceStatus.available, usageState: UsageState.idle, administrativeState: AdministrativeState.unlocked } as const;

/** The numbers Ordo keeps: MSISDNs (LogicalResource, number in `value`), SIM cards (PhysicalResource, ICCID in `serialNumber`). */
export const resourceKinds = {
  msisdn: { type: 'LogicalResource', numberField: 'value' },
  iccid: { type: 'PhysicalResource', numberField: 'serialNumber' },
} as const;
export type ResourceKind = keyof typeof resourceKinds;
export const isResourceKind = (value: unknown): value is ResourceKind => typeof value === 'string' && Object.hasOwn(resourceKinds, value);
export const kindOfType = (type: unknown): ResourceKind | undefined => (Object.keys(resourceKinds) as ResourceKind[]).find((k) => resourceKinds[k].type === type);

export const DEFAULT_CATEGORY = 'standard';
/** The category of ported-in MSISDNs: they belong to no pool and are never handed out. */
export const PORTED_CATEGORY = 'ported';
const categoryShape = /^[A-Za-z0-9_-]{1,40}$/;
export const isPoolCategory = (category: string) => categoryShape.test(category) && category !== PORTED_CATEGORY;

/** `<kind>:<category>`, e.g. `msisdn:golden`. */
export const poolName = (kind: ResourceKind, category: string) => `${kind}:${category}`;
/** Unique across the inventory: `<kind>:<number>`. */
export const numberKey = (kind: ResourceKind, number: string) => `${kind}:${number}`;
/** One order item's hold on one resource role; its parts are encoded so no two triples share a key. */
export const reservationKeyOf = (orderId: string, itemId: string, role: string) => [orderId, itemId, role].map(encodeURIComponent).join('/');
/** What every reservation key of `orderId`'s holds starts with. */
export const reservationKeyPrefixOf = (orderId: string) => `${encodeURIComponent(orderId)}/`;

export interface Characteristic {
  name: string;
  value: unknown;
  valueType?: string;
  [attribute: string]: unknown;
}

/** A TMF639 Resource as the API shows it (LogicalResource or PhysicalResource). */
export interface Resource {
  id: string;
  href: string;
  '@type': string;
  name: string;
  category: string;
  value?: string;
  serialNumber?: string;
  resourceStatus: string;
  operationalState: string;
  administrativeState: string;
  usageState: string;
  resourceCharacteristic?: Characteristic[];
  [attribute: string]: unknown;
}

/** Who holds a resource: one order item, for one role. */
export interface Reservation {
  key: string;
  orderId: string;
  itemId: string;
  role: string;
  reservedAt: Date;
  /** Absent once confirmed, and for port-ins (they wait for the donor operator). */
  expiresAt?: Date;
  confirmedAt?: Date;
  productId?: string;
  /** A cart's hold: whose holds it counts among (e.g. `party:<id>`), for the cap on numbers held at once. */
  customerKey?: string;
}

/** Ordo's bookkeeping beside the TMF resource, never shown by the API. */
export interface InventoryMeta {
  kind: ResourceKind;
  /** numberKey(kind, number); unique. */
  number: string;
  /** Only poolable resources have a pool, a slot and a rand; ported-in numbers have none of the three. */
  pool?: string;
  /** Dense per pool from 0, fixed for the resource's life: a random slot is a random resource. */
  slot?: number;
  /** Uniform in [0, 1): the order of the fallback seek. */
  rand?: number;
  revision: number;
  reservation?: Reservation;
  /** reservation.key, at the top of `_ordo` for its unique sparse index. */
  reservationKey?: string;
  portedIn?: { donorOperator?: string; recordedAt: Date };
  lastRelease?: { key: string; orderId: string; itemId: string; reason: string; at: Date };
  outbox?: OutboxEvent[];
  outboxPending?: true;
  fanOutPending?: true;
}

export type StoredResource = Resource & { _id: string; _ordo: InventoryMeta };

/** The resource as the API shows it: without the store's `_id` and `_ordo`. */
export function presentResource(stored: StoredResource): Resource {
  const { _id, _ordo, ...resource } = stored;
  return resource;
}

export const isFree = (r: Pick<Resource, 'resourceStatus' | 'usageState' | 'administrativeState'>) =>
  r.resourceStatus === FREE.resourceStatus && r.usageState === FREE.usageState && r.administrativeState === FREE.administrativeState;

export const numberOf = (resource: Resource, kind: ResourceKind) => resource[resourceKinds[kind].numberField] as string;

/** The characteristics with `name` set to `value` in place, or added, or removed when `value` is undefined. */
export function withCharacteristic(characteristics: Characteristic[] | undefined, name: string, value: string | undefined): Characteristic[] {
  const all = characteristics ?? [];
  if (value === undefined) return all.filter((c) => c.name !== name);
  const updated = { name, valueType: 'string', value };
  return all.some((c) => c.name === name) ? all.map((c) => (c.name === name ? { ...c, ...updated } : c)) : [...all, updated];
}

export const characteristicValue = (resource: Resource, name: string) => resource.resourceCharacteristic?.find((c) => c.name === name)?.value;
