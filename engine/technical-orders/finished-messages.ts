import type { Collection, Document } from 'mongodb';
import type { MessageSource } from '../process/message-notifier.js';
import type { TechnicalOrderStore } from './technical-order-store.js';
import type { StoredTechnicalOrder } from './technical-order.js';

/** The finished message an order decomposed from a parent owes the parent's process. */
export function finishedMessages(orders: TechnicalOrderStore): MessageSource<StoredTechnicalOrder> {
  return {
    collection: orders.collection as Collection<Document & { _id: string }>,
    pendingField: '_ordo.finishNotifyPending',
    what: `${orders.kind.resource} finished`,
    messageOf: (o) => ({
      name: orders.kind.finishedMessage,
      // The parent waits in a multi-instance receive task, one instance per child id.
      target: { ...(o._ordo.parent ? { businessKey: o._ordo.parent.id } : {}), localVariables: { [`${orders.kind.resource}Id`]: o.id } },
      variables: {},
      logFields: { [`${orders.kind.resource}Id`]: o.id, state: o.state, orderId: o._ordo.root?.orderId },
    }),
    stillAsPublished: (o) => ({ state: o.state }),
  };
}
