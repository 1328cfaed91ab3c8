import type { MessageSource } from '../process/message-notifier.js';
import { Refusal, RefusalKind } from '../outcomes.js';
import { changeOrderState, type StateChangeResult } from './change-order-state.js';
import { orderInformationRequiredEvent } from './order-events.js';
import type { OrderStore } from './order-store.js';
import type { StoredOrder } from './order-record.js';
import { PROVIDED_NOTIFY_PENDING, requestFields, sameRequest, type InformationRequest } from './information-request.js';
import { attributesPatchableIn } from './patch-order.js';
import { ProductOrderState } from './states.js';
import { isItemOfferingPath } from './item-offering.js';

/** Published (key: order id) once the client has supplied everything asked for; the model waits for it. */
export const ORDER_INFORMATION_PROVIDED_MESSAGE = 'order-information-provided';

export interface InformationAsked {
  fieldPath: string[];
  reason?: string;
  processInstanceKey: string;
  jobKey: string;
}

/**
 * The process asks the client for attributes: the order goes `pending` and a
 * ProductOrderInformationRequiredEvent names them (`fieldPath`), in one write. Only attributes a
 * client may PATCH in `pending` can be asked for; asking again from the same job changes nothing.
 */
export async function requestOrderInformation(orders: OrderStore, orderId: string, asked: InformationAsked): Promise<StateChangeResult> {
  const patchable = attributesPatchableIn(ProductOrderState.pending);
  const notPatchable = asked.fieldPath.filter((a) => !patchable.includes(a) && !isItemOfferingPath(a));
  if (asked.fieldPath.length === 0 || notPatchable.length > 0) {
    throw new Refusal(RefusalKind.invalid, 'INVALID_FIELD_PATH', 'Not information a client can supply', `fieldPath must name attributes a client may PATCH on a pending order (${patchable.join(', ')}); not ${notPatchable.join(', ') || '(none given)'}`);
  }
  return changeOrderState(orders, orderId, {
    state: ProductOrderState.pending,
    processInstanceKey: asked.processInstanceKey,
    also: (next, meta) => {
      if (meta.informationRequired?.jobKey === asked.jobKey) return undefined;
      const request: InformationRequest = { fieldPath: asked.fieldPath, ...(asked.reason ? { reason: asked.reason } : {}), requestedAt: new Date(), jobKey: asked.jobKey };
      return { set: requestFields(request), events: [orderInformationRequiredEvent(next, asked.fieldPath, asked.reason)] };
    },
  });
}

/** Tells waiting processes that their information has arrived (see MessageNotifier); the PATCH marks the order. */
export function orderInformationMessages(orders: OrderStore): MessageSource<StoredOrder> {
  return {
    collection: orders.collection,
    pendingField: PROVIDED_NOTIFY_PENDING,
    what: 'order information provided',
    messageOf: (order) => {
      const request = order._ordo.informationRequired!;
      return {
        name: ORDER_INFORMATION_PROVIDED_MESSAGE,
        target: { businessKey: order._id },
        variables: { providedFields: request.fieldPath },
        logFields: { orderId: order._id, processInstanceKey: order._ordo.process?.processInstanceKey, fieldPath: request.fieldPath.join(',') },
      };
    },
    stillAsPublished: (order) => sameRequest(order._ordo.informationRequired!),
  };
}
