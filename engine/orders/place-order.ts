import { createHash, randomUUID } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { currentTraceCarrier } from '../observability/tracing.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import type { ExtensionSchemas } from '../tmf/extension-schemas.js';
import { orderCreatedEvent } from './order-events.js';
import type { OrderStore, StoredOrder } from './order-store.js';
import { serverOwnedOrderFields, withNormalisedDates, type ProductOrder, type ProductOrderItem } from './product-order.js';
import { ProductOrderItemState, ProductOrderState } from './states.js';
import { TMF622_BASE_PATH, tmf622 } from './tmf622.js';
import type { ItemSelection, OrderItemRef } from '../catalog/select-processes.js';
import { fulfilmentUnits } from './fulfilment.js';

const validateCreate = tmf622.validator('ProductOrder_Create');

export interface PlaceOrderDeps {
  orders: OrderStore;
  /** The catalog's answer for each item: which process fulfils it (422 when none). */
  selectFulfilment: (items: readonly OrderItemRef[]) => Promise<ItemSelection[]>;
  extensions: ExtensionSchemas;
  publicUrl: string;
  /** The process that orchestrates every product order. */
  bpmnProcessId: string;
  startProcess: (orderId: string) => void;
  /** 422 unless the order can be paid as it says (payment method, one-time prices). */
  assertPayable: (order: { payment?: unknown; productOrderItem: ProductOrderItem[] }) => void;
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

export interface PlaceOrderRequest {
  body: unknown;
  /** Who is asking: the scope of `externalId` and `Idempotency-Key` uniqueness. */
  party: string;
  idempotencyKey?: string | undefined;
}

export interface PlacedOrder {
  order: ProductOrder;
  /** True when this request repeated an earlier one and got its order back. */
  replayed: boolean;
}

const keyShape = /^[\x21-\x7e]{1,255}$/;

/** Same content, same hash: key order in the JSON does not matter. */
function contentHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

/**
 * The life of a new order up to "accepted": validate, store it `acknowledged` together with its
 * create event, then ask for its process to start. Once stored it is never lost: if Zeebe is
 * down the starter keeps retrying. A repeated request (same `Idempotency-Key`, or same `externalId`
 * from the same party) gets the first order back; unique indexes decide, so racing repeats do too.
 */
export async function placeOrder(request: PlaceOrderRequest, deps: PlaceOrderDeps): Promise<PlacedOrder> {
  const { body } = request;
  if (request.idempotencyKey !== undefined && !keyShape.test(request.idempotencyKey)) {
    throw new ApiError(400, 'INVALID_HEADER', 'Invalid Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  assertValidCreate(body);
  await deps.extensions.assertConforms(body);
  deps.assertPayable(body as unknown as ProductOrder);
  const requestHash = contentHash(body);
  const idempotencyKey = request.idempotencyKey === undefined ? undefined : `${request.party}\u0000${request.idempotencyKey}`;
  const externalIdKey = typeof body['externalId'] === 'string' ? `${request.party}\u0000${body['externalId']}` : undefined;
  let selection: ItemSelection[];
  try {
    selection = await deps.selectFulfilment(body.productOrderItem as unknown as OrderItemRef[]);
  } catch (err) {
    // A retry of an order accepted before its offering left the catalog still gets that order.
    const earlier = [...(idempotencyKey ? [{ '_ordo.idempotencyKey': idempotencyKey }] : []), ...(externalIdKey ? [{ '_ordo.externalIdKey': externalIdKey }] : [])];
    if (earlier.length > 0 && (await deps.orders.findStoredBy({ $or: earlier }))) {
      return replay(deps.orders, { idempotencyKey, externalIdKey, requestHash });
    }
    throw err;
  }
  const id = randomUUID();
  const clientFields = withNormalisedDates(Object.fromEntries(Object.entries(body).filter(([k]) => !(serverOwnedOrderFields as readonly string[]).includes(k))));
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
      fulfilment: fulfilmentUnits(selection),
      traceContext: currentTraceCarrier(),
      requestHash,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(externalIdKey ? { externalIdKey } : {}),
      outbox: [orderCreatedEvent(order)],
      outboxPending: true,
      fanOutPending: true,
    },
  };
  try {
    await deps.orders.insert(stored);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return replay(deps.orders, { idempotencyKey, externalIdKey, requestHash });
  }
  deps.startProcess(id);
  return { order, replayed: false };
}

async function replay(orders: OrderStore, keys: { idempotencyKey: string | undefined; externalIdKey: string | undefined; requestHash: string }): Promise<PlacedOrder> {
  const byKey = keys.idempotencyKey ? await orders.findStoredBy({ '_ordo.idempotencyKey': keys.idempotencyKey }) : null;
  if (byKey && byKey._ordo.requestHash !== keys.requestHash) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key already used for a different request', `Order ${byKey.id} was placed with this key and another body`);
  }
  const first = byKey ?? (keys.externalIdKey ? await orders.findStoredBy({ '_ordo.externalIdKey': keys.externalIdKey }) : null);
  if (!first) throw new Error('duplicate key reported but no earlier order found');
  if (first._ordo.deletedAt) {
    throw new ApiError(409, 'ORDER_DELETED', 'The earlier order with this key was deleted', `Order ${first.id} was placed with this Idempotency-Key or externalId and has been deleted`);
  }
  const { _id, _ordo, ...order } = first;
  return { order: order as ProductOrder, replayed: true };
}
