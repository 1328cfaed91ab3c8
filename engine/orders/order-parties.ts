import { withEvents } from '../events/outbox.js';
import { orderAttributesChangedEvent } from './order-events.js';
import type { OrderStore, StoredOrder } from './order-store.js';
import { terminalOrderStates } from './states.js';

type PartyRef = { id?: string; name?: string; [k: string]: unknown };

const MAX_RACE_RETRIES = 10;
/** Orders never shown as in flight at once: enough to say why an erasure or deletion waits. */
const IN_FLIGHT_SHOWN = 20;

/** Orders not in a final state that name one of the parties (or were placed by one) or bill one of the accounts. */
export async function inFlightOrders(orders: OrderStore, refs: { parties: string[]; accounts: string[] }): Promise<string[]> {
  const found = await orders.collection
    .find(
      { state: { $nin: terminalOrderStates }, '_ordo.deletedAt': { $exists: false }, $or: [{ 'relatedParty.id': { $in: refs.parties } }, { '_ordo.party': { $in: refs.parties } }, { 'billingAccount.id': { $in: refs.accounts } }] },
      { projection: { _id: 1 }, limit: IN_FLIGHT_SHOWN },
    )
    .toArray();
  return found.map((o) => o._id);
}

/**
 * Erasure of a party: its orders stay (accounting law) with the party's name replaced by the
 * pseudonym in relatedParty and billingAccount, each change with its attribute-value-change event.
 */
export async function pseudonymiseOrders(orders: OrderStore, subject: { partyIds: string[]; customerId: string; accountIds: string[]; pseudonym: string }): Promise<number> {
  const ids = [subject.customerId, ...subject.partyIds];
  const named = await orders.collection.find({ $or: [{ 'relatedParty.id': { $in: ids } }, { 'billingAccount.id': { $in: subject.accountIds } }] }, { projection: { _id: 1 } }).toArray();
  let changed = 0;
  for (const { _id } of named) if (await pseudonymiseOrder(orders, _id, ids, subject)) changed++;
  return changed;
}

async function pseudonymiseOrder(orders: OrderStore, id: string, ids: string[], subject: { accountIds: string[]; pseudonym: string }): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
    const stored = await orders.findStored(id);
    if (!stored) return false;
    const parties = (stored['relatedParty'] as PartyRef[] | undefined) ?? [];
    const relatedParty = parties.map((p) => (p.id && ids.includes(p.id) && p.name !== subject.pseudonym ? { ...p, name: subject.pseudonym } : p));
    const account = stored['billingAccount'] as PartyRef | undefined;
    const billingAccount = account?.id && subject.accountIds.includes(account.id) && account.name !== undefined && account.name !== subject.pseudonym ? { ...account, name: subject.pseudonym } : account;
    const changed = [...(JSON.stringify(relatedParty) !== JSON.stringify(parties) ? ['relatedParty'] : []), ...(billingAccount !== account ? ['billingAccount'] : [])];
    if (changed.length === 0) return false;
    const { _id, _ordo, ...order } = stored;
    const next = { ...order, relatedParty, ...(billingAccount ? { billingAccount } : {}) } as unknown as StoredOrder;
    const events = _ordo.deletedAt ? [] : [orderAttributesChangedEvent(next, changed)];
    if (await orders.updateAtRevision(id, _ordo.revision, withEvents({ $set: { relatedParty, ...(billingAccount ? { billingAccount } : {}) } }, events))) return true;
  }
  throw new Error(`order ${id} kept changing while its parties were pseudonymised`);
}
