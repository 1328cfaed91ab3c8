import { AsyncLocalStorage } from 'node:async_hooks';
import type { JWTPayload } from 'jose';

/**
 * The roles Ordo checks (see permissions.ts); `ordo:operator` holds them all and sees every party.
 * `ordo:all-parties` lets a token bound to no party (a rep's) use its other roles on every party's resources.
 */
export const Role = {
  operator: 'ordo:operator',
  orderRead: 'order:read',
  orderWrite: 'order:write',
  orderCancel: 'order:cancel',
  catalogRead: 'catalog:read',
  catalogAdmin: 'catalog:admin',
  inventoryRead: 'inventory:read',
  inventoryAdmin: 'inventory:admin',
  paymentRead: 'payment:read',
  hubManage: 'hub:manage',
  customerRead: 'customer:read',
  customerWrite: 'customer:write',
  /** Every party's resources, with the token's other roles only (customer-service reps): not a role of its own calls. */
  allParties: 'ordo:all-parties',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Who is calling, as the bearer token says. */
export interface Principal {
  subject: string;
  clientId?: string;
  roles: ReadonlySet<string>;
  /** Set when the token is bound to a party or channel: it sees and changes only that party's orders. */
  party?: string;
  /** An operator-wide role: every party's orders. */
  operator: boolean;
  /** No token: a web-shop visitor, let only into rows marked `visitors` (anonymous shopping carts). */
  visitor?: true;
}

/**
 * Roles as IAMs put them: Keycloak realm roles (`realm_access.roles`), client roles
 * (`resource_access.<client>.roles`), a `roles` array, and OAuth scopes (`scope`, space-separated).
 */
export function principalOf(claims: JWTPayload, options: { clientId: string; partyClaim: string }): Principal {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const realm = list((claims['realm_access'] as { roles?: unknown } | undefined)?.roles);
  const client = list(((claims['resource_access'] as Record<string, { roles?: unknown }> | undefined)?.[options.clientId])?.roles);
  const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(' ').filter(Boolean) : [];
  const roles = new Set([...realm, ...client, ...list(claims['roles']), ...scopes]);
  const party = claims[options.partyClaim];
  const clientId = typeof claims['azp'] === 'string' ? claims['azp'] : typeof claims['client_id'] === 'string' ? claims['client_id'] : undefined;
  return {
    subject: claims.sub ?? clientId ?? 'unknown',
    ...(clientId ? { clientId } : {}),
    roles,
    ...(typeof party === 'string' && party.length > 0 ? { party } : {}),
    operator: roles.has(Role.operator),
  };
}

/** A caller without a token where the permission table lets visitors in: the cart's id is what it holds. */
export const visitorPrincipal: Principal = { subject: 'visitor', roles: new Set([Role.orderRead, Role.orderWrite]), operator: false, visitor: true };

/** Everything, every party: for ORDO_AUTH=off. */
export const unauthenticatedOperator: Principal = { subject: 'anonymous', roles: new Set([Role.operator]), operator: true };

const current = new AsyncLocalStorage<Principal>();

/** Runs the rest of a request as `principal`: stores then see only what it may see. */
export const runAs = <T>(principal: Principal, fn: () => T): T => current.run(principal, fn);

/** Who is calling, inside a request; undefined for Ordo's own work. */
export const currentPrincipal = (): Principal | undefined => current.getStore();

/** The party a party-bound caller acts for (undefined for operators and for Ordo's own work). */
export function actingParty(): string | undefined {
  const principal = current.getStore();
  return principal && !principal.operator ? principal.party : undefined;
}

/**
 * The party on whose behalf a request is made, the scope of `externalId` and `Idempotency-Key`
 * uniqueness: a party-bound token's party; operators (and ORDO_AUTH=off) share one scope.
 */
export const requestingParty = (): string => actingParty() ?? 'anonymous';

/**
 * The filter limiting a store read to what the caller may see: its party's documents for a
 * party-bound token; nothing for operators and for Ordo's own work (workers, timers) outside requests.
 */
export function visibleToCaller(): Record<string, string> {
  // A visitor owns no party: stores other than the cart's show it nothing.
  if (current.getStore()?.visitor) return { [PARTY_FIELD]: NO_PARTY };
  const party = actingParty();
  return party === undefined ? {} : { [PARTY_FIELD]: party };
}

/** A party id no document has. */
const NO_PARTY = '\u0000visitor';

/** Where a document keeps the party that owns it (set when it is created by a party-bound caller, inherited by what Ordo derives from it). */
export const PARTY_FIELD = '_ordo.party';
