import { pseudonymiseRecords, type Pseudonymisation } from '../tmf/pseudonymise.js';
import { orderAttributesChangedEvent } from './order-events.js';
import type { OrderStore } from './order-store.js';
import type { StoredOrder } from './order-record.js';
import { terminalOrderStates } from './states.js';

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
 * pseudonym wherever the order names it, and the notification contact dropped, each change with its
 * attribute-value-change event.
 */
export function pseudonymiseOrders(orders: OrderStore, p: Pseudonymisation): Promise<number> {
  return pseudonymiseRecords(orders.collection as never, { ...p, drop: ['notificationContact'] }, { events: ({ _id, _ordo, ...order }, changed) => [orderAttributesChangedEvent(order as unknown as StoredOrder, changed)] });
}
