import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { ApiError, notFound } from '../http/errors.js';
import { withEvents } from '../events/outbox.js';
import { tombstone } from './change-records.js';
import { contactsOf } from './identity-keys.js';
import { present, recordEvent, resourceInfo, type PartyRecord, type PartyRecords, type Ref } from './party-records.js';

/** Whose personal data goes, and what replaces the names that must stay (on orders, payments, accounts). */
export interface ErasureSubject {
  customerId: string;
  /** The engaged party and, for an organization, its contacts and users. */
  partyIds: string[];
  accountIds: string[];
  emails: string[];
  phones: string[];
  pseudonym: string;
}

/** A capability keeping personal data of parties: it forgets them (idempotent) and says how many records it changed. */
export interface Forgetter {
  what: string;
  forget(subject: ErasureSubject): Promise<number>;
}

export interface ErasureEntry {
  _id: string;
  customerId: string;
  pseudonym: string;
  partyIds: string[];
  accountIds: string[];
  requestedBy: string;
  startedAt: Date;
  finishedAt?: Date;
  /** Per capability: records changed or removed. */
  changed: Record<string, number>;
}

export interface ErasureDeps {
  records: PartyRecords;
  /** Orders not in a final state that name one of the parties or bill one of the accounts. */
  inFlightOrders(refs: { parties: string[]; accounts: string[] }): Promise<string[]>;
  forgetters: Forgetter[];
  erasures: Collection<ErasureEntry>;
}

/**
 * DELETE customer: the right to erasure. Refused while an order of theirs is in flight. Otherwise
 * the customer, its party and the organization's contacts are deleted (their attributes dropped
 * at once, their identity keys freed); accounts, orders and payments stay for accounting with the
 * person's name replaced by a pseudonym; every capability that keeps personal data forgets it;
 * and an erasure entry records what was done, by whom. A failed erasure resumes on the next DELETE.
 */
export async function eraseCustomer(deps: ErasureDeps, customerId: string, requestedBy: string): Promise<ErasureEntry> {
  const { records } = deps;
  const customer = await records.stores.customer.findLive(customerId);
  if (!customer) throw notFound('Customer', customerId);
  const subject = await subjectOf(records, customer);
  const inFlight = await deps.inFlightOrders({ parties: [customerId, ...subject.partyIds], accounts: subject.accountIds });
  if (inFlight.length) throw new ApiError(409, 'ORDER_IN_FLIGHT', 'Orders of this customer are in flight', `Orders ${inFlight.slice(0, 5).join(', ')}${inFlight.length > 5 ? '…' : ''} are not finished: cancel them or wait for them to end, then erase`);

  const pseudonym = customer._ordo.erasure?.pseudonym ?? `erased-${randomUUID()}`;
  if (!customer._ordo.erasure) {
    const marked = await records.stores.customer.updateAtRevision(customerId, customer._ordo.revision, { $set: { '_ordo.erasure': { pseudonym, startedAt: new Date() } } });
    if (!marked) throw new ApiError(409, 'CONCURRENT_UPDATE', 'The customer is changing', `Customer ${customerId} changed meanwhile; retry`);
  }
  const full = { ...subject, pseudonym };
  await deps.erasures.updateOne({ _id: customerId }, { $setOnInsert: { customerId, pseudonym, partyIds: full.partyIds, accountIds: full.accountIds, requestedBy, startedAt: new Date(), changed: {} } }, { upsert: true });
  const changed: Record<string, number> = { accounts: await pseudonymiseAccounts(records, full) };
  for (const forgetter of deps.forgetters) changed[forgetter.what] = await forgetter.forget(full);
  for (const id of full.partyIds) {
    const party = await records.anyParty(id);
    if (party) await tombstone(records, party['@type'] === 'Organization' ? 'organization' : 'individual', party);
  }
  const current = await records.stores.customer.findLive(customerId);
  if (current) await tombstone(records, 'customer', current);
  await records.identities.release(customerId);
  await deps.erasures.updateOne({ _id: customerId }, { $set: { finishedAt: new Date(), changed } });
  return (await deps.erasures.findOne({ _id: customerId }))!;
}

async function subjectOf(records: PartyRecords, customer: PartyRecord): Promise<Omit<ErasureSubject, 'pseudonym'>> {
  const engaged = (customer['engagedParty'] as Ref).id;
  const people = (await records.stores.individual.findWhere({ $or: [{ _id: engaged }, { '_ordo.party': engaged }], '_ordo.deletedAt': { $exists: false } })) as PartyRecord[];
  const organization = await records.stores.organization.findLive(engaged);
  const parties = [...(organization ? [organization] : []), ...people];
  const accounts = [...(await records.stores.billingAccount.findWhere({ '_ordo.customerId': customer.id })), ...(await records.stores.partyAccount.findWhere({ '_ordo.customerId': customer.id }))];
  const contacts = parties.map((p) => contactsOf(p));
  return {
    customerId: customer.id,
    partyIds: [...new Set([engaged, ...parties.map((p) => p.id)])],
    accountIds: accounts.map((a) => a.id),
    emails: contacts.flatMap((c) => (c.email ? [c.email] : [])),
    phones: contacts.flatMap((c) => (c.phone ? [c.phone] : [])),
  };
}

/** Accounts stay (bills and payments refer to them), closed, named by the pseudonym, without contacts. */
async function pseudonymiseAccounts(records: PartyRecords, subject: ErasureSubject): Promise<number> {
  let changed = 0;
  for (const resource of ['billingAccount', 'partyAccount'] as const) {
    const info = resourceInfo[resource];
    for (const account of await records.stores[resource].findWhere({ '_ordo.customerId': subject.customerId, '_ordo.deletedAt': { $exists: false } })) {
      if (account['name'] === subject.pseudonym) continue;
      const relatedParty = (account['relatedParty'] as Ref[]).map((p) => (subject.partyIds.includes(p.id) || p.id === subject.customerId ? { id: p.id, ...(p.role ? { role: p.role } : {}), '@referredType': p['@referredType'], name: subject.pseudonym } : p));
      const next = { ...present(account), name: subject.pseudonym, relatedParty, [info.stateField]: 'closed' };
      delete next['contact'];
      const events = [recordEvent(info, 'AttributeValueChange', next, 'name,relatedParty,contact,state'), ...(account[info.stateField] === 'closed' ? [] : [recordEvent(info, 'StateChange', next)])];
      const update = withEvents({ $set: { name: subject.pseudonym, relatedParty, [info.stateField]: 'closed' }, $unset: { contact: '' } }, events);
      if (await records.stores[resource].updateAtRevision(account._id, account._ordo.revision, update)) changed++;
      else throw new ApiError(409, 'CONCURRENT_UPDATE', 'An account changed during erasure', `Account ${account.id} changed meanwhile; DELETE the customer again to resume`);
    }
  }
  return changed;
}
