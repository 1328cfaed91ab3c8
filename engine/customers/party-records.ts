import type { Db } from 'mongodb';
import { tmfEvent, type OutboxEvent } from '../events/tmf-event.js';
import type { ListSpec } from '../tmf/list-query.js';
import type { TmfSchemas } from '../tmf/schema-validator.js';
import { TmfRecordStore, type StoredRecord } from '../tmf/tmf-record-store.js';
import type { IdentityKey } from './identity-keys.js';
import { PartyIdentities } from './party-identity.js';
import { TMF629_BASE_PATH, TMF632_BASE_PATH, TMF666_BASE_PATH, tmf629, tmf632, tmf666 } from './tmf-apis.js';

export type PartyResource = 'individual' | 'organization' | 'customer' | 'billingAccount' | 'partyAccount';

/** How one of the customer resources is written: its API, definitions and state attribute. */
export interface ResourceInfo {
  resource: PartyResource;
  typeName: string;
  basePath: string;
  schemas: TmfSchemas;
  /** The attribute holding its lifecycle state (`status` or `state`). */
  stateField: string;
  /** The state a new record gets when the request names none. */
  initialState: string;
  /** States in which orders are refused. */
  blockedStates: readonly string[];
  listSpec: ListSpec;
}

export type Ref = { id: string; href?: string; name?: string; role?: string; '@referredType'?: string; [k: string]: unknown };

export type PartyRecord = StoredRecord & {
  id: string;
  href: string;
  _ordo: {
    revision: number;
    key: string;
    /** The party that owns it: a party-bound token of that party sees it. */
    party: string;
    /** Identity keys the party holds (individuals and organizations). */
    identityKeys?: IdentityKey[];
    /** Addresses the party has but did not prove (a sign-up proves one channel): kept, claimed by nobody. */
    unproven?: IdentityKey[];
    /** Accounts: the customer they belong to. */
    customerId?: string;
    deletedAt?: Date;
    /** Set once erasure of a customer begins: what its personal data is replaced with. */
    erasure?: { pseudonym: string; startedAt: Date };
  };
};

const listSpec = (stateField: string, refs: string[], extra: Record<string, 'string' | 'date'> = {}): ListSpec => ({
  filterable: { id: 'string', [stateField]: 'string', '@type': 'string', ...Object.fromEntries(refs.map((r) => [r, 'string' as const])), ...extra },
  sortable: ['id', stateField],
  defaultSort: 'id',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href'],
});

const partyRefs = ['relatedParty.id', 'contactMedium.characteristic.emailAddress', 'contactMedium.characteristic.phoneNumber', 'externalReference.name'];

export const resourceInfo: Record<PartyResource, ResourceInfo> = {
  individual: { resource: 'individual', typeName: 'Individual', basePath: TMF632_BASE_PATH, schemas: tmf632, stateField: 'status', initialState: 'validated', blockedStates: ['deceased'], listSpec: listSpec('status', [...partyRefs, 'familyName', 'givenName']) },
  organization: { resource: 'organization', typeName: 'Organization', basePath: TMF632_BASE_PATH, schemas: tmf632, stateField: 'status', initialState: 'validated', blockedStates: ['closed'], listSpec: listSpec('status', [...partyRefs, 'tradingName', 'name', 'organizationIdentification.identificationId']) },
  customer: { resource: 'customer', typeName: 'Customer', basePath: TMF629_BASE_PATH, schemas: tmf629, stateField: 'status', initialState: 'approved', blockedStates: ['suspended', 'closed', 'terminated'], listSpec: listSpec('status', ['engagedParty.id', 'name', 'account.id', 'relatedParty.id']) },
  billingAccount: { resource: 'billingAccount', typeName: 'BillingAccount', basePath: TMF666_BASE_PATH, schemas: tmf666, stateField: 'state', initialState: 'active', blockedStates: ['suspended', 'closed'], listSpec: listSpec('state', ['relatedParty.id', 'name', 'accountType', 'paymentStatus']) },
  partyAccount: { resource: 'partyAccount', typeName: 'PartyAccount', basePath: TMF666_BASE_PATH, schemas: tmf666, stateField: 'state', initialState: 'active', blockedStates: ['suspended', 'closed'], listSpec: listSpec('state', ['relatedParty.id', 'name', 'accountType']) },
};

export const recordEvent = (info: ResourceInfo, kind: 'Create' | 'AttributeValueChange' | 'StateChange' | 'Delete', record: Record<string, unknown>, fieldPath?: string): OutboxEvent =>
  tmfEvent(info.resource, `${info.typeName}${kind}Event`, String(record['id']), record, undefined, fieldPath);

/** The record as the API shows it: without Ordo's bookkeeping. */
export function present(record: PartyRecord): Record<string, unknown> {
  const { _id, _ordo, ...shown } = record;
  return shown;
}

/** The customer resources' stores, and who holds which identity key. */
export class PartyRecords {
  readonly stores: Record<PartyResource, TmfRecordStore<PartyRecord>>;
  readonly identities: PartyIdentities;

  constructor(db: Db, publicUrl: () => string) {
    this.stores = Object.fromEntries(Object.values(resourceInfo).map((i) => [i.resource, new TmfRecordStore<PartyRecord>(db, i.basePath, i.resource, i.listSpec, publicUrl)])) as Record<PartyResource, TmfRecordStore<PartyRecord>>;
    this.identities = new PartyIdentities(db, async (type, id, key) => {
      const holder = type === 'customer' ? await this.stores.customer.findLive(id) : await this.party(type, id);
      return !!holder && (type === 'customer' || !!holder._ordo.identityKeys?.includes(key));
    });
  }

  async ensureIndexes(): Promise<void> {
    for (const store of Object.values(this.stores)) {
      await store.ensureIndexes();
      await store.collection.createIndex({ '_ordo.party': 1 });
    }
    await this.stores.customer.collection.createIndex({ 'engagedParty.id': 1 });
    await this.stores.billingAccount.collection.createIndex({ '_ordo.customerId': 1 });
    await this.stores.partyAccount.collection.createIndex({ '_ordo.customerId': 1 });
    await this.identities.ensureIndexes();
  }

  /** An individual or organization (by TMF type name or resource name), unless deleted. */
  party(type: string, id: string): Promise<PartyRecord | null> {
    const resource = /^individual$/i.test(type) ? 'individual' : /^organi[sz]ation$/i.test(type) ? 'organization' : undefined;
    return resource ? this.stores[resource].findLive(id) : Promise.resolve(null);
  }

  /** The individual or organization with this id, whichever it is. */
  async anyParty(id: string): Promise<PartyRecord | null> {
    return (await this.stores.individual.findLive(id)) ?? (await this.stores.organization.findLive(id));
  }

  /** The customer with this id, or whose engaged party has it. */
  async customerOf(id: string): Promise<PartyRecord | null> {
    return (await this.stores.customer.findLive(id)) ?? ((await this.stores.customer.collection.findOne({ 'engagedParty.id': id, '_ordo.deletedAt': { $exists: false } })) as PartyRecord | null);
  }
}
