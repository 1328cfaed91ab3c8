import { randomUUID } from 'node:crypto';
import type { ResourceStore } from './resource-store.js';
import { FREE, numberKey, OperationalState, poolName, resourceKinds, type ResourceKind, type StoredResource } from './resource.js';

export interface PoolMember {
  kind: ResourceKind;
  number: string;
  category: string;
  slot: number;
  /** TMF attributes given by whoever adds it (a file, a POST); Ordo's own fields win over them. */
  attributes?: Record<string, unknown>;
}

/** A resource joining its pool, free unless `attributes` say otherwise (e.g. administrativeState locked). */
export function pooledResource(store: ResourceStore, member: PoolMember): StoredResource {
  const { kind, number, category, slot, attributes = {} } = member;
  const id = randomUUID();
  const { id: _givenId, href: _givenHref, ...given } = attributes;
  return {
    ...FREE,
    operationalState: OperationalState.enable,
    name: number,
    ...given,
    id,
    href: store.href(id),
    '@type': resourceKinds[kind].type,
    category,
    [resourceKinds[kind].numberField]: number,
    _id: id,
    _ordo: { kind, number: numberKey(kind, number), pool: poolName(kind, category), slot, rand: Math.random(), revision: 0 },
  } as StoredResource;
}
