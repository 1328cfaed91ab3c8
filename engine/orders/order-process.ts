import { traceVariable } from '../observability/tracing.js';
import type { StartSource } from '../process/process-starter.js';
import type { OrderStore } from './order-store.js';
import type { StoredOrder } from './order-record.js';

/** The message that starts the order orchestrator (message start event of bpmn/product-order.bpmn). */
export const ORDER_RECEIVED_MESSAGE = 'order-received';

/** The variables the process starts with: small, never the whole order. */
export function startVariables(order: StoredOrder): Record<string, unknown> {
  return {
    orderId: order.id,
    externalId: order.externalId ?? null,
    customerId: (order['relatedParty'] as { id?: string; role?: string }[] | undefined)?.find((p) => p.role?.toLowerCase() === 'customer')?.id ?? null,
    orderItems: order.productOrderItem.map((item) => ({ id: item.id, action: item.action, productOfferingId: item.productOffering?.id ?? null })),
    fulfilment: order._ordo.fulfilment ?? [],
    traceContext: traceVariable(order._ordo.traceContext),
  };
}

/** Product orders start `product-order` with their summary. */
export const productOrderStarts = (orders: OrderStore): StartSource => ({
  collection: orders.collection,
  message: ORDER_RECEIVED_MESSAGE,
  variables: (doc) => startVariables(doc as unknown as StoredOrder),
  what: 'order',
});
