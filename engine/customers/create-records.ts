import { randomUUID } from 'node:crypto';
import { Refusal, RefusalKind } from '../outcomes.js';
import { identityOf } from './identity-keys.js';
import { present, recordEvent, resourceInfo, type PartyRecord, type PartyRecords, type PartyResource, type Ref } from './party-records.js';
import { recordInput } from './record-input.js';
import { queuedEvents } from '../events/outbox.js';

const unknownParty = (what: string, id: string) => new Refusal(RefusalKind.unprocessable, 'UNKNOWN_PARTY', `Unknown ${what}`, `No ${what} with id ${id}`);
const beingErased = (what: string, id: string) => new Refusal(RefusalKind.conflict, 'ERASURE_IN_PROGRESS', 'Being erased', `${what} ${id} is being erased`);

/** The organization an individual is a contact or user of (relatedParty referring to an Organization), if any. */
export function organizationRefOf(individual: Record<string, unknown>): Ref | undefined {
  return (individual['relatedParty'] as Ref[] | undefined)?.find((p) => /^organi[sz]ation$/i.test(p['@referredType'] ?? ''));
}

/**
 * What a new record needs beside its attributes: the party that owns it (whose tokens see it),
 * the identity keys it claims, and links. Each resource checks what it refers to.
 */
interface Ownership {
  attributes: Record<string, unknown>;
  party: string;
  identityKeys?: string[];
  customerId?: string;
}

async function ownership(records: PartyRecords, resource: PartyResource, id: string, attributes: Record<string, unknown>): Promise<Ownership> {
  switch (resource) {
    case 'individual': {
      const { party, keys } = identityOf(attributes, 'individual');
      const organization = organizationRefOf(party);
      const owner = organization ? await records.stores.organization.findLive(organization.id) : undefined;
      if (organization && !owner) throw unknownParty('organization', organization.id);
      if (owner?._ordo.erasure) throw beingErased('Organization', owner.id);
      // A contact or user of an organization belongs to it (its users see it); anyone else to themselves.
      return { attributes: party, party: organization?.id ?? id, identityKeys: keys };
    }
    case 'organization': {
      const { party, keys } = identityOf(attributes, 'organization');
      return { attributes: party, party: id, identityKeys: keys };
    }
    case 'customer': {
      const engaged = attributes['engagedParty'] as Ref;
      const party = await records.party(engaged['@referredType'] ?? '', engaged.id);
      if (!party) throw unknownParty('engagedParty (an Individual or Organization)', engaged.id);
      if (party._ordo.erasure) throw beingErased(String(party['@type']), party.id);
      if (party['@type'] === 'Individual' && party._ordo.party !== party.id) {
        throw new Refusal(RefusalKind.unprocessable, 'NOT_A_CUSTOMER_PARTY', 'A contact of an organization', `Individual ${engaged.id} acts for organization ${party._ordo.party}; make the organization the customer`);
      }
      // One customer per party: the customer claims its party as an identity key.
      return { attributes, party: party.id, identityKeys: [`customer:${party.id}`] };
    }
    case 'billingAccount':
    case 'partyAccount': {
      const refs = attributes['relatedParty'] as Ref[];
      const customer = await customerNamedBy(records, refs);
      if (customer?._ordo.erasure) throw beingErased('Customer', customer.id);
      if (!customer) throw new Refusal(RefusalKind.unprocessable, 'UNKNOWN_CUSTOMER', 'The account names no known customer', 'relatedParty must name a Customer Ordo keeps (@referredType Customer), or its Individual or Organization in role Customer or Owner');
      return { attributes, party: customer._ordo.party, customerId: customer.id };
    }
  }
}

async function customerNamedBy(records: PartyRecords, refs: Ref[]): Promise<PartyRecord | null> {
  for (const ref of refs) {
    if (/^customer$/i.test(ref['@referredType'] ?? '')) return records.stores.customer.findLive(ref.id);
    if (/^(customer|owner)$/i.test(ref.role ?? '')) {
      const customer = await records.customerOf(ref.id);
      if (customer) return customer;
    }
  }
  return null;
}

/**
 * POST of a party, customer or account: checked, its identity keys claimed (409 naming the party
 * that has one already), stored with its create event in one insert.
 */
export async function createRecord(records: PartyRecords, resource: PartyResource, body: unknown, options: { id?: string; key?: string; unproven?: string[] } = {}): Promise<Record<string, unknown>> {
  const info = resourceInfo[resource];
  const input = recordInput(info, body, 'Create');
  const id = options.id ?? randomUUID();
  const owned = await ownership(records, resource, id, input);
  // An unproven address claims nothing and is checked against nobody: typing another person's
  // address neither blocks them nor tells whether they are a customer.
  const unproven = options.unproven ?? [];
  if (owned.identityKeys) owned.identityKeys = owned.identityKeys.filter((k) => !unproven.includes(k));
  const store = records.stores[resource];
  const record = {
    ...owned.attributes,
    id,
    href: store.href(id),
    [info.stateField]: owned.attributes[info.stateField] ?? info.initialState,
    '@type': info.typeName,
  } as Record<string, unknown>;
  const claimant = { id, type: resource === 'customer' ? 'customer' : info.typeName };
  if (owned.identityKeys?.length) await records.identities.claim(owned.identityKeys, claimant);
  const stored = {
    ...record,
    _id: id,
    _ordo: {
      revision: 0,
      key: options.key ?? id,
      party: owned.party,
      ...(owned.identityKeys ? { identityKeys: owned.identityKeys } : {}),
      ...(unproven.length ? { unproven } : {}),
      ...(owned.customerId ? { customerId: owned.customerId } : {}),
      ...queuedEvents([recordEvent(info, 'Create', record)]),
    },
  } as unknown as PartyRecord;
  try {
    const inserted = await store.insertOnce(stored);
    return present(inserted);
  } catch (err) {
    // Keys of a record stored by an earlier attempt stay with it.
    if (owned.identityKeys?.length && !(await store.findStored(id))) await records.identities.release(id);
    throw err;
  }
}

