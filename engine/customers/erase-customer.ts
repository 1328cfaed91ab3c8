import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { LOST_RACE, RACE_TRIES, retryOnRace } from '../db/retry-on-race.js';
import { Refusal, RefusalKind, notFound } from '../outcomes.js';
import { withEvents } from '../events/outbox.js';
import { pseudonymiseRecords } from '../tmf/pseudonymise.js';
import { tombstone } from './change-records.js';
import { addressesOf } from './identity-keys.js';
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
  /** Runs after the parties and the customer are tombstoned (e.g. the hub's queues: nothing about them is fanned out after it). */
  last?: true;
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
  const unfinished = await deps.erasures.findOne({ _id: customerId, finishedAt: { $exists: false } });
  const customer = unfinished ? await records.stores.customer.findStored(customerId) : await records.stores.customer.findLive(customerId);
  if (!customer) throw notFound('Customer', customerId);
  const pseudonym = unfinished?.pseudonym ?? customer._ordo.erasure?.pseudonym ?? `erased-${randomUUID()}`;
  // Resumed: the parties and accounts as first found (the customer may be a tombstone by now); their
  // addresses from those still there (the forgetters that need them ran before any party went).
  const found = unfinished ? await resumedSubject(records, unfinished) : await subjectOf(records, customer);
  const inFlight = () => deps.inFlightOrders({ parties: [customerId, ...found.partyIds], accounts: found.accountIds });
  // Checked before the mark (a refused erasure leaves the customer as it was) and after it (an order
  // placed in between); once marked, no order for it validates and its records refuse changes.
  if (!unfinished) {
    const busy = await inFlight();
    // Marked by an attempt that died before its entry: the mark must not outlive the refusal.
    if (busy.length && customer._ordo.erasure) await unmarkAll(records, { ...found, pseudonym });
    refuseIfInFlight(busy);
  }
  await markErasing(records, customer, pseudonym);
  let subject = { ...found, pseudonym };
  await markAll(records, subject);
  // A contact or account created while the first marks went on: marked and taken too.
  for (let round = 0; round < RACE_TRIES && !unfinished; round++) {
    const again = { ...(await subjectOf(records, customer)), pseudonym };
    const grown = again.partyIds.some((id) => !subject.partyIds.includes(id)) || again.accountIds.some((id) => !subject.accountIds.includes(id));
    subject = { ...again, partyIds: [...new Set([...subject.partyIds, ...again.partyIds])], accountIds: [...new Set([...subject.accountIds, ...again.accountIds])] };
    if (!grown) break;
    await markAll(records, subject);
  }
  if (!unfinished) {
    const late = await inFlight();
    if (late.length) await unmarkAll(records, subject);
    refuseIfInFlight(late);
  }
  await deps.erasures.updateOne({ _id: customerId }, { $setOnInsert: { customerId, pseudonym, partyIds: subject.partyIds, accountIds: subject.accountIds, requestedBy, startedAt: new Date(), changed: {} } }, { upsert: true });
  const changed: Record<string, number> = { accounts: await pseudonymiseAccounts(records, subject) };
  for (const forgetter of deps.forgetters.filter((f) => !f.last)) changed[forgetter.what] = await forgetter.forget(subject);
  for (const id of subject.partyIds) {
    await untilGone(() => records.anyParty(id), (party) => tombstone(records, party['@type'] === 'Organization' ? 'organization' : 'individual', party));
  }
  await untilGone(() => records.stores.customer.findLive(customerId), (current) => tombstone(records, 'customer', current));
  await records.identities.release(customerId);
  for (const forgetter of deps.forgetters.filter((f) => f.last)) changed[forgetter.what] = await forgetter.forget(subject);
  await deps.erasures.updateOne({ _id: customerId }, { $set: { finishedAt: new Date(), changed } });
  return (await deps.erasures.findOne({ _id: customerId }))!;
}

function refuseIfInFlight(orders: string[]): void {
  if (orders.length) throw new Refusal(RefusalKind.conflict, 'ORDER_IN_FLIGHT', 'Orders of this customer are in flight', `Orders ${orders.slice(0, 5).join(', ')}${orders.length > 5 ? '…' : ''} are not finished: cancel them or wait for them to end, then erase`);
}

async function markErasing(records: PartyRecords, customer: PartyRecord, pseudonym: string): Promise<void> {
  if (customer._ordo.erasure || customer._ordo.deletedAt) return;
  if (!(await records.stores.customer.updateAtRevision(customer._id, customer._ordo.revision, { $set: { '_ordo.erasure': { pseudonym, startedAt: new Date() } } }))) {
    throw new Refusal(RefusalKind.conflict, 'CONCURRENT_UPDATE', 'The customer is changing', `Customer ${customer.id} changed meanwhile; retry`);
  }
}

/** The parties and accounts too: a change racing the erasure fails its revision check and then sees the mark. */
async function markAll(records: PartyRecords, subject: ErasureSubject): Promise<void> {
  const mark = { $set: { '_ordo.erasure': { pseudonym: subject.pseudonym, startedAt: new Date() } }, $inc: { '_ordo.revision': 1 } };
  for (const resource of ['individual', 'organization'] as const) await records.stores[resource].collection.updateMany({ _id: { $in: subject.partyIds }, '_ordo.erasure': { $exists: false } }, mark);
  for (const resource of ['billingAccount', 'partyAccount'] as const) await records.stores[resource].collection.updateMany({ _id: { $in: subject.accountIds }, '_ordo.erasure': { $exists: false } }, mark);
}

async function unmarkAll(records: PartyRecords, subject: ErasureSubject): Promise<void> {
  const unmark = { $unset: { '_ordo.erasure': '' }, $inc: { '_ordo.revision': 1 } };
  await records.stores.customer.collection.updateOne({ _id: subject.customerId }, unmark);
  for (const resource of ['individual', 'organization'] as const) await records.stores[resource].collection.updateMany({ _id: { $in: subject.partyIds } }, unmark);
  for (const resource of ['billingAccount', 'partyAccount'] as const) await records.stores[resource].collection.updateMany({ _id: { $in: subject.accountIds } }, unmark);
}

/** Tombstones what `find` finds, again if a concurrent write won, until it is gone. */
async function untilGone(find: () => Promise<PartyRecord | null>, remove: (record: PartyRecord) => Promise<boolean>): Promise<void> {
  const busy = () => new Refusal(RefusalKind.conflict, 'CONCURRENT_UPDATE', 'A record kept changing during erasure', 'DELETE the customer again to resume the erasure');
  await retryOnRace(busy, async () => {
    const record = await find();
    return !record || (await remove(record)) ? undefined : LOST_RACE;
  });
}

/**
 * The party's own addresses: those it holds as identity keys. An unproven address (a sign-up's
 * second one) may be another person's as well, so what is kept under it is not erased with this party.
 */
function provenAddresses(party: PartyRecord): { emails: string[]; phones: string[] } {
  const { emails, phones } = addressesOf(party);
  const held = party._ordo.identityKeys ?? [];
  return { emails: emails.filter((e) => held.includes(`email:${e}`)), phones: phones.filter((p) => held.includes(`phone:${p}`)) };
}

async function resumedSubject(records: PartyRecords, entry: ErasureEntry): Promise<Omit<ErasureSubject, 'pseudonym'>> {
  const parties = (await Promise.all(entry.partyIds.map((id) => records.anyParty(id)))).filter((p): p is PartyRecord => !!p);
  const addresses = parties.map((p) => provenAddresses(p));
  return { customerId: entry.customerId, partyIds: entry.partyIds, accountIds: entry.accountIds, emails: addresses.flatMap((a) => a.emails), phones: addresses.flatMap((a) => a.phones) };
}

async function subjectOf(records: PartyRecords, customer: PartyRecord): Promise<Omit<ErasureSubject, 'pseudonym'>> {
  const engaged = (customer['engagedParty'] as Ref | undefined)?.id ?? '';
  const people = (await records.stores.individual.findWhere({ $or: [{ _id: engaged }, { '_ordo.party': engaged }], '_ordo.deletedAt': { $exists: false } })) as PartyRecord[];
  const organization = await records.stores.organization.findLive(engaged);
  const parties = [...(organization ? [organization] : []), ...people];
  const accounts = [...(await records.stores.billingAccount.findWhere({ '_ordo.customerId': customer.id })), ...(await records.stores.partyAccount.findWhere({ '_ordo.customerId': customer.id }))];
  const addresses = parties.map((p) => provenAddresses(p));
  return {
    customerId: customer.id,
    partyIds: [...new Set([engaged, ...parties.map((p) => p.id)])],
    accountIds: accounts.map((a) => a.id),
    emails: addresses.flatMap((a) => a.emails),
    phones: addresses.flatMap((a) => a.phones),
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
      else throw new Refusal(RefusalKind.conflict, 'CONCURRENT_UPDATE', 'An account changed during erasure', `Account ${account.id} changed meanwhile; DELETE the customer again to resume`);
    }
    // Events of the account not yet sent still carry the names.
    await pseudonymiseRecords(records.stores[resource].collection, { ids: [subject.customerId, ...subject.partyIds, ...subject.accountIds], pseudonym: subject.pseudonym });
  }
  return changed;
}
