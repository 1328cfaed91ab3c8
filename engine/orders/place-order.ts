import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { currentTraceCarrier } from '../observability/tracing.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { orderCreatedEvent } from './order-events.js';
import type { OrderStore, StoredOrder } from './order-store.js';
import { serverOwnedOrderFields, type ProductOrder, type ProductOrderItem } from './product-order.js';
import { ProductOrderItemState, ProductOrderState } from './states.js';
import { TMF622_BASE_PATH, tmf622 } from './tmf622.js';

const validateCreate = tmf622.validator('ProductOrder_Create');

export interface PlaceOrderDeps {
  orders: OrderStore;
  publicUrl: string;
  /** The process that orchestrates every product order. */
  bpmnProcessId: string;
  startProcess: (orderId: string) => void;
}

export const orderHref = (publicUrl: string, id: string) => `${publicUrl}${TMF622_BASE_PATH}/productOrder/${id}`;

function assertValidCreate(body: unknown): asserts body is Record<string, unknown> & { productOrderItem: Record<string, unknown>[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'INVALID_BODY', 'Request body must be a ProductOrder_Create JSON object');
  }
  assertSafeBody(body);
  const problems = validateCreate(body);
  if (problems.length > 0) throw new ApiError(400, 'INVALID_BODY', 'Invalid ProductOrder_Create', formatProblems(problems));
}

/** Items (and the items nested in them) start `acknowledged`, whatever the client sent. */
function acknowledgedItem(item: Record<string, unknown>): ProductOrderItem {
  const nested = Array.isArray(item['productOrderItem']) ? { productOrderItem: (item['productOrderItem'] as Record<string, unknown>[]).map(acknowledgedItem) } : {};
  return { ...item, ...nested, state: ProductOrderItemState.acknowledged } as ProductOrderItem;
}

/**
 * The life of a new order up to "accepted": validate, store it `acknowledged` together with its
 * create event, then ask for its process to start. Once stored it is never lost: if Zeebe is
 * down the starter keeps retrying.
 */
export async function placeOrder(body: unknown, deps: PlaceOrderDeps): Promise<ProductOrder> {
  assertValidCreate(body);
  const id = randomUUID();
  const clientFields = Object.fromEntries(Object.entries(body).filter(([k]) => !(serverOwnedOrderFields as readonly string[]).includes(k)));
  const items = body.productOrderItem.map(acknowledgedItem);
  const order: ProductOrder = {
    ...clientFields,
    id,
    href: orderHref(deps.publicUrl, id),
    orderDate: new Date().toISOString(),
    state: ProductOrderState.acknowledged,
    productOrderItem: items,
    '@type': typeof body['@type'] === 'string' ? body['@type'] : 'ProductOrder',
  };
  const stored: StoredOrder = {
    ...order,
    _id: id,
    _ordo: {
      revision: 0,
      process: { bpmnProcessId: deps.bpmnProcessId, status: 'pending', attempts: 0, nextAttemptAt: new Date() },
      traceContext: currentTraceCarrier(),
      outbox: [orderCreatedEvent(order)],
      outboxPending: true,
    },
  };
  await deps.orders.insert(stored);
  deps.startProcess(id);
  return order;
}
