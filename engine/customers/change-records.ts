import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { Refusal, RefusalKind, notFound } from '../outcomes.js';
import { replacingEvents, withEvents } from '../events/outbox.js';
import type { OutboxEvent } from '../events/tmf-event.js';
import { mergePatch } from '../tmf/merge-patch.js';
import { identityOf } from './identity-keys.js';
import { present, recordEvent, resourceInfo, type PartyRecord, type PartyRecords, type PartyResource } from './party-records.js';
import { assertValidRecord, recordInput } from './record-input.js';

/** What ties a record to its owner and identity: changing it would make it another record. */
const fixedAttributes: Record<PartyResource, string[]> = {
  individual: ['@type', 'relatedParty'],
  organization: ['@type'],
  customer: ['@type', 'engagedParty'],
  billingAccount: ['@type', 'relatedParty'],
  partyAccount: ['@type', 'relatedParty'],
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * PATCH (merge patch) of a party, customer or account. New e-mail addresses, phone numbers and
 * identifications are claimed before the write and the ones no longer used given back after it,
 * so uniqueness holds at every moment. The change and its events are one revision-checked write.
 */
export async function patchRecord(records: PartyRecords, resource: PartyResource, id: string, patch: unknown): Promise<Record<string, unknown>> {
  const info = resourceInfo[resource];
  const store = records.stores[resource];
  const busy = () => new Refusal(RefusalKind.conflict, 'CONCURRENT_UPDATE', `The ${info.typeName} is changing too often`, `Could not apply the patch to ${id}; retry`);
  return retryOnRace(busy, async () => {
    const stored = await store.findLive(id);
    if (!stored) throw notFound(info.typeName, id);
    const input = recordInput(info, patch, 'Update', present(stored));
    if (stored._ordo.erasure) throw new Refusal(RefusalKind.conflict, 'ERASURE_IN_PROGRESS', 'Being erased', `${info.typeName} ${id} is being erased`);
    const current = present(stored);
    const fixed = fixedAttributes[resource].filter((a) => a in input && !same(input[a], current[a]));
    if (fixed.length) throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Fixed for the life of the record', `${fixed.join(', ')} of a ${info.typeName} cannot change; create another one instead`);
    let next = mergePatch(current, input) as Record<string, unknown>;
    let keys = stored._ordo.identityKeys;
    if (resource === 'individual' || resource === 'organization') {
      ({ party: next, keys } = identityOf(next, resource));
      keys = keys.filter((k) => !stored._ordo.unproven?.includes(k));
    }
    assertValidRecord(info, next);
    const changed = [...new Set([...Object.keys(input), ...Object.keys(next)])].filter((a) => !same(next[a], current[a]));
    if (changed.length === 0) return current;

    const before = stored._ordo.identityKeys ?? [];
    const added = (keys ?? []).filter((k) => !before.includes(k));
    if (added.length) await records.identities.claim(added, { id, type: info.typeName });
    const set = Object.fromEntries(changed.filter((a) => next[a] !== undefined).map((a) => [a, next[a]]));
    const unset = Object.fromEntries(changed.filter((a) => next[a] === undefined).map((a) => [a, '']));
    const events: OutboxEvent[] = [recordEvent(info, 'AttributeValueChange', next, changed.join(','))];
    if (changed.includes(info.stateField)) events.push(recordEvent(info, 'StateChange', next));
    const update = withEvents({ $set: { ...set, ...(keys ? { '_ordo.identityKeys': keys } : {}) }, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, events);
    if (await store.updateAtRevision(id, stored._ordo.revision, update)) {
      // Only what this change dropped: a concurrent change's new keys are its own to keep.
      const dropped = before.filter((k) => !keys?.includes(k));
      if (dropped.length) await records.identities.releaseKeys(id, dropped);
      return next;
    }
    // Another change won: what this attempt claimed goes back, unless the winner's record has it too.
    if (added.length) {
      const now = (await store.findStored(id))?._ordo.identityKeys ?? [];
      await records.identities.releaseKeys(id, added.filter((k) => !now.includes(k)));
    }
    return LOST_RACE;
  });
}

/** The record gone from the API, its personal attributes dropped at once; the tombstone keeps only what its delete event needs until that is out. */
export async function tombstone(records: PartyRecords, resource: PartyResource, record: PartyRecord): Promise<boolean> {
  const info = resourceInfo[resource];
  const kept = { id: record.id, href: record.href, '@type': record['@type'] };
  // The identity keys are addresses too: freed below, and not kept on the tombstone.
  const dropped = { ...Object.fromEntries(Object.keys(present(record)).filter((a) => !(a in kept)).map((a) => [a, ''])), '_ordo.identityKeys': '', '_ordo.unproven': '' };
  // Events still waiting carry the attributes being dropped: only the delete event goes out now.
  const update = { $set: { '_ordo.deletedAt': new Date(), ...replacingEvents([recordEvent(info, 'Delete', kept)]) }, $unset: dropped };
  const done = await records.stores[resource].updateAtRevision(record._id, record._ordo.revision, update);
  if (done && record._ordo.identityKeys?.length) await records.identities.release(record._id);
  return done;
}

/**
 * DELETE of an individual, organization or account. A party that is a customer is erased through
 * its customer (DELETE customer), and one whose contacts are still kept, or an account an order in
 * flight bills, stays. An individual's users at the identity provider go first.
 */
export interface DeleteDeps {
  records: PartyRecords;
  inFlightOrders(refs: { parties: string[]; accounts: string[] }): Promise<string[]>;
  /** Removes an individual's users at the identity provider (a contact who leaves must not keep acting for the organization). */
  removeUsers(individualIds: string[]): Promise<unknown>;
}

export async function deleteRecord(deps: DeleteDeps, resource: Exclude<PartyResource, 'customer'>, id: string): Promise<void> {
  const { records, inFlightOrders } = deps;
  const info = resourceInfo[resource];
  const busy = () => new Refusal(RefusalKind.conflict, 'CONCURRENT_UPDATE', `The ${info.typeName} is changing too often`, `Could not delete ${id}; retry`);
  await retryOnRace(busy, async () => {
    const stored = await records.stores[resource].findLive(id);
    if (!stored) throw notFound(info.typeName, id);
    if (stored._ordo.erasure) throw new Refusal(RefusalKind.conflict, 'ERASURE_IN_PROGRESS', 'Being erased', `${info.typeName} ${id} is being erased`);
    if (resource === 'individual' || resource === 'organization') {
      const customer = await records.customerOf(id);
      if (customer) throw new Refusal(RefusalKind.conflict, 'IS_A_CUSTOMER', 'The party is a customer', `${info.typeName} ${id} is the engaged party of customer ${customer.id}: DELETE the customer, which erases its personal data`);
      if (resource === 'organization' && (await records.stores.individual.collection.countDocuments({ '_ordo.party': id, '_ordo.deletedAt': { $exists: false } }, { limit: 1 }))) {
        throw new Refusal(RefusalKind.conflict, 'HAS_CONTACTS', 'The organization has contacts', `Delete the individuals related to organization ${id} first`);
      }
    } else {
      const orders = await inFlightOrders({ parties: [], accounts: [id] });
      if (orders.length) throw new Refusal(RefusalKind.conflict, 'ORDER_IN_FLIGHT', 'Orders in flight bill this account', `Orders ${orders.slice(0, 5).join(', ')} are not finished`);
    }
    if (resource === 'individual') await deps.removeUsers([id]);
    return (await tombstone(records, resource, stored)) ? undefined : LOST_RACE;
  });
}
