import { Refusal, RefusalKind, notFound } from '../outcomes.js';
import { withEvents } from '../events/outbox.js';
import { orderDeletedEvent } from './order-events.js';
import type { OrderStore } from './order-store.js';
import { terminalOrderStates } from './states.js';

/**
 * DELETE productOrder/{id}: only an order whose process has ended (a final state) may go; a running
 * order is cancelled instead. The order disappears from the API at once; its document stays as a
 * tombstone until ProductOrderDeleteEvent is published, then is purged.
 */
export async function deleteOrder(orders: OrderStore, id: string): Promise<void> {
  const stored = await orders.findStored(id);
  if (!stored) throw notFound('ProductOrder', id);
  const { _id, _ordo, ...order } = stored;
  if (!terminalOrderStates.includes(stored.state)) {
    throw new Refusal(RefusalKind.conflict, 'ORDER_NOT_FINAL', `An order in state ${stored.state} cannot be deleted`, `Only orders in a final state (${terminalOrderStates.join(', ')}) can be deleted; cancel a running order with cancelProductOrder`);
  }
  const deleted = await orders.updateAtRevision(id, _ordo.revision, withEvents({ $set: { '_ordo.deletedAt': new Date() } }, [orderDeletedEvent(order as typeof stored)]));
  if (!deleted) throw notFound('ProductOrder', id); // deleted (or changed) by a concurrent request
}
