import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { Refusal, RefusalKind, notFound } from '../outcomes.js';
import { mergePatch } from '../tmf/merge-patch.js';
import { withEvents } from '../events/outbox.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems, type Validator } from '../tmf/schema-validator.js';
import { resourceAttributesChangedEvent, resourceStateChangedEvent, stateAttributes } from './resource-events.js';
import type { ResourceStore } from './resource-store.js';
import { presentResource, ResourceStatus, UsageState, type Resource } from './resource.js';
import { tmf639 } from './tmf639.js';

const updatableBy: Record<string, Set<string>> = Object.fromEntries(
  ['LogicalResource', 'PhysicalResource'].map((type) => [type, new Set(Object.keys((tmf639.definition(`${type}_Update`) as { properties: object }).properties))]),
);
const validatorFor: Record<string, Validator> = { LogicalResource: tmf639.validator('LogicalResource'), PhysicalResource: tmf639.validator('PhysicalResource') };

/** The number and its pool: changing them would make it another resource. */
const identity = new Set(['name', 'value', 'serialNumber', 'category', '@type', '@baseType', '@referredType']);
/** What orders change as they reserve, use and release a resource. */
const holdStates = ['resourceStatus', 'usageState'];

/**
 * PATCH resource/{id} (administration): a merge patch, e.g. lock or unlock, disable, notes,
 * characteristics. The number and its pool are fixed; reservation states belong to the orders:
 * they cannot change while the resource is held (409), nor be set to reserved or in use.
 */
export async function patchResource(store: ResourceStore, id: string, patch: unknown): Promise<Resource> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'A merge patch must be a JSON object');
  assertSafeBody(patch);
  const attributes = Object.keys(patch);
  const requested = patch as Record<string, unknown>;

  const busy = () => new Refusal(RefusalKind.conflict, 'CONCURRENT_UPDATE', 'The resource is changing too often', `Could not apply the patch to ${id}; retry`);
  return retryOnRace(busy, async () => {
    const stored = await store.findStored(id);
    if (!stored) throw notFound('Resource', id);
    const current = presentResource(stored);
    const unknown = attributes.filter((a) => !updatableBy[current['@type']]?.has(a));
    if (unknown.length) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Attributes that cannot be updated', `${unknown.join(', ')}: not updatable attributes of ${current['@type']}`);
    const fixed = attributes.filter((a) => identity.has(a) && JSON.stringify(requested[a]) !== JSON.stringify(current[a]));
    if (fixed.length) throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Fixed for the life of the resource', `${fixed.join(', ')} identify the number and its pool; add a new resource instead`);
    const stateChanges = holdStates.filter((a) => a in requested && requested[a] !== current[a]);
    if (stateChanges.length && (stored._ordo.reservationKey || stored._ordo.portedIn)) {
      throw new Refusal(RefusalKind.conflict, 'RESOURCE_HELD', stored._ordo.reservationKey ? 'Held by an order' : 'A ported-in number', `${stateChanges.join(', ')} of ${current.name} change only through the order that holds it`);
    }
    if (requested['resourceStatus'] === ResourceStatus.reserved || (stateChanges.includes('usageState') && requested['usageState'] !== UsageState.idle)) {
      throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Held by orders only', 'A resource is reserved and put in use by the orders that take it');
    }

    const next = mergePatch(current, patch) as Resource;
    const problems = validatorFor[current['@type']]!(next);
    if (problems.length) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'The patched resource would be invalid', formatProblems(problems));
    const changed = attributes.filter((a) => JSON.stringify(next[a]) !== JSON.stringify(current[a]));
    if (changed.length === 0) return current;

    const set = Object.fromEntries(changed.filter((a) => next[a] !== undefined).map((a) => [a, next[a]]));
    const unset = Object.fromEntries(changed.filter((a) => next[a] === undefined).map((a) => [a, '']));
    const events = [resourceAttributesChangedEvent(next, changed)];
    const states = changed.filter((a) => (stateAttributes as readonly string[]).includes(a));
    if (states.length) events.push(resourceStateChangedEvent(next, `changed by administration: ${states.map((a) => `${a} ${String(next[a] ?? 'unset')}`).join(', ')}`));
    const update = withEvents({ ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) }, events);
    return (await store.updateAtRevision(id, stored._ordo.revision, update)) ? next : LOST_RACE;
  });
}
