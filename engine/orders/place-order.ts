import { randomUUID } from 'node:crypto';
import { currentTraceCarrier } from '../observability/tracing.js';
import { formatProblems, type ValidationProblem as Problem, type Validator } from '../tmf/schema-validator.js';
import { serviceOrderKind } from '../technical-orders/order-kinds.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { createIdentity, createKeys, earlierCreateFilter, replayEarlierCreate, type CreateKeys } from '../tmf/idempotent-create.js';
import { pendingStart } from '../process/process-starter.js';
import type { ExtensionSchemas } from '../tmf/extension-schemas.js';
import { orderCreatedEvent } from './order-events.js';
import type { OrderStore } from './order-store.js';
import type { StoredOrder } from './order-record.js';
import { serverOwnedOrderFields, withNormalisedDates, type ProductOrder, type ProductOrderItem } from './product-order.js';
import { ProductOrderItemState, ProductOrderState } from './states.js';
import { TMF622_BASE_PATH, tmf622 } from './tmf622.js';
import type { ItemSelection, OrderItemRef } from '../catalog/select-processes.js';
import { fulfilmentUnits } from './fulfilment.js';
import { actingParty } from '../security/principal.js';
import { queuedEvents } from '../events/outbox.js';
import { Refusal, RefusalKind } from '../outcomes.js';

const validateCreate = tmf622.validator('ProductOrder_Create');

export interface PlaceOrderDeps {
  orders: OrderStore;
  /** The catalog's answer for each item: which process fulfils it (refused as unprocessable when none). */
  selectFulfilment: (items: readonly OrderItemRef[]) => Promise<ItemSelection[]>;
  extensions: ExtensionSchemas;
  publicUrl: string;
  /** The process that orchestrates every product order. */
  bpmnProcessId: string;
  startProcess: (orderId: string) => void;
  /** Refuses (unprocessable) unless the order can be paid as it says (payment method, one-time prices). */
  assertPayable: (order: { payment?: unknown; productOrderItem: ProductOrderItem[] }) => void;
}

export const orderHref = (publicUrl: string, id: string) => `${publicUrl}${TMF622_BASE_PATH}/productOrder/${id}`;

const within = (prefix: string) => (p: Problem): Problem => ({ ...p, path: `${prefix}${p.path === '/' ? '' : p.path}` });
const arrayOf = (item: Validator): Validator => (value) => (Array.isArray(value) ? value.flatMap((v, i) => item(v).map(within(`/${i}`))) : [{ path: '/', message: 'must be array' }]);

/**
 * Attributes TMF622 v4 does not define but Ordo writes to later, with the TMF type they have where
 * they are defined: `orderRelationship` (Ordo adds each child service order) as in TMF641 and TMF622 v5.
 * A client value of another type would break that write long after the order was accepted.
 */
let orderWrittenAttributes: Record<string, Validator> | undefined;
const ordoWrittenAttributes = () => (orderWrittenAttributes ??= { orderRelationship: arrayOf(serviceOrderKind.schemas.validator('ServiceOrderRelationship')) });

function assertValidCreate(body: unknown): asserts body is Record<string, unknown> & { productOrderItem: Record<string, unknown>[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Request body must be a ProductOrder_Create JSON object');
  }
  assertSafeBody(body);
  const problems = [
    ...validateCreate(body),
    ...Object.entries(ordoWrittenAttributes()).flatMap(([name, validate]) => (name in body ? validate((body as Record<string, unknown>)[name]).map(within(`/${name}`)) : [])),
  ];
  if (problems.length > 0) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid ProductOrder_Create', formatProblems(problems));
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
  /** The id to give the order, when the caller fixed it beforehand (a checkout that may be repeated); a new one otherwise. */
  id?: string;
  /** A shopping cart's checkout: the order names the payment the checkout took, which only it may. */
  paidAtCheckout?: true;
}

export interface PlacedOrder {
  order: ProductOrder;
  /** True when this request repeated an earlier one and got its order back. */
  replayed: boolean;
}

/**
 * What placing the order would refuse, without storing anything: the body, extensions, what the
 * catalog says of every item (offerings, quantities), and how it is paid. A checkout asks this before
 * it charges.
 */
export async function checkOrder(body: unknown, deps: Pick<PlaceOrderDeps, 'extensions' | 'selectFulfilment' | 'assertPayable'>, paidAtCheckout = false): Promise<ItemSelection[]> {
  assertValidCreate(body);
  await deps.extensions.assertConforms(body);
  const selection = await deps.selectFulfilment(body.productOrderItem as unknown as OrderItemRef[]);
  // After the selection: what is ordered (offerings, quantities) is refused before how it is paid.
  if (!paidAtCheckout) deps.assertPayable(body as unknown as ProductOrder);
  return selection;
}

/**
 * The life of a new order up to "accepted": validate, store it `acknowledged` together with its
 * create event, then ask for its process to start. Once stored it is never lost: if the engine is
 * down the starter keeps retrying. A repeated request (same `Idempotency-Key`, or same `externalId`
 * from the same party) gets the first order back; unique indexes decide, so racing repeats do too.
 */
export async function placeOrder(request: PlaceOrderRequest, deps: PlaceOrderDeps): Promise<PlacedOrder> {
  const { body } = request;
  assertValidCreate(body);
  const keys = createKeys(request.party, request.idempotencyKey, body);
  let selection: ItemSelection[];
  try {
    selection = await checkOrder(body, deps, request.paidAtCheckout);
  } catch (err) {
    // A retry of an order accepted before its offering left the catalog still gets that order.
    const earlier = earlierCreateFilter(keys);
    if (earlier && (await deps.orders.findStoredBy(earlier))) return replay(deps.orders, keys);
    throw err;
  }
  const id = request.id ?? randomUUID();
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
      process: pendingStart(deps.bpmnProcessId),
      fulfilment: fulfilmentUnits(selection),
      traceContext: currentTraceCarrier(),
      ...createIdentity(keys),
      ...(actingParty() ? { party: actingParty()! } : {}),
      ...queuedEvents([orderCreatedEvent(order)]),
    },
  };
  try {
    await deps.orders.insert(stored);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return replay(deps.orders, keys);
  }
  deps.startProcess(id);
  return { order, replayed: false };
}

async function replay(orders: OrderStore, keys: CreateKeys): Promise<PlacedOrder> {
  return { order: await replayEarlierCreate<ProductOrder>((filter) => orders.findStoredBy(filter), keys, 'Order'), replayed: true };
}
