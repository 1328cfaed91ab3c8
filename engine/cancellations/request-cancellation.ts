import { randomUUID } from 'node:crypto';
import { Refusal, RefusalKind } from '../outcomes.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import type { OrderStore } from '../orders/order-store.js';
import { terminalOrderStates } from '../orders/states.js';
import { TMF622_BASE_PATH, tmf622 } from '../orders/tmf622.js';
import type { MessageSource } from '../process/message-notifier.js';
import { cancelCreatedEvent, CancelState, type CancelProductOrder, type StoredCancelRequest } from './cancel-request.js';
import type { CancelStore } from './cancel-store.js';
import { queuedEvents } from '../events/outbox.js';

/** The message that interrupts a running order (event sub-process of bpmn/product-order.bpmn), keyed by order id. */
export const CANCEL_ORDER_MESSAGE = 'cancel-order';

const validateCreate = tmf622.validator('CancelProductOrder_Create');
const createProperties = new Set(Object.keys((tmf622.definition('CancelProductOrder_Create') as { properties: object }).properties));

export interface CancellationDeps {
  orders: OrderStore;
  cancellations: CancelStore;
  publicUrl: string;
  /** Hands a recorded cancellation to the order's process now (the notifier's sweep does it otherwise). */
  notify(cancelId: string): void;
}

/** The flag the write of a cancellation sets until the order's process has taken it. */
const NOTIFY_PENDING = '_ordo.notifyPending';

export const cancelHref = (publicUrl: string, id: string) => `${publicUrl}${TMF622_BASE_PATH}/cancelProductOrder/${id}`;

/**
 * POST cancelProductOrder: records the task, owing the order's process the cancellation (a message
 * the model catches, delivered by the notifier, also to a process that has not started yet); the
 * model decides, compensates and reports back through the task's state. An order already finished
 * cannot be cancelled (409), nor one with a cancellation open.
 */
export async function requestCancellation(body: unknown, deps: CancellationDeps): Promise<CancelProductOrder> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Request body must be a CancelProductOrder_Create JSON object');
  assertSafeBody(body);
  const problems = validateCreate(body);
  if (problems.length) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid CancelProductOrder_Create', formatProblems(problems));
  const input = body as { productOrder: { id: string }; cancellationReason?: string; requestedCancellationDate?: string; '@type'?: string };

  const order = await deps.orders.findStored(input.productOrder.id);
  if (!order) throw new Refusal(RefusalKind.unprocessable, 'UNKNOWN_ORDER', 'No such product order', `There is no product order ${input.productOrder.id} to cancel`);
  if (terminalOrderStates.includes(order.state)) {
    throw new Refusal(RefusalKind.conflict, 'ORDER_NOT_CANCELLABLE', `The order is already ${order.state}`, `Product order ${order.id} has finished (${order.state}) and can no longer be cancelled`);
  }

  const id = randomUUID();
  // Only what the client may set (CancelProductOrder_Create); state and dates are Ordo's.
  const clientFields = Object.fromEntries(Object.entries(input).filter(([k]) => createProperties.has(k) && k !== 'productOrder'));
  const request: CancelProductOrder = {
    ...clientFields,
    id,
    href: cancelHref(deps.publicUrl, id),
    state: CancelState.acknowledged,
    productOrder: { id: order.id, href: order.href, '@referredType': 'ProductOrder' },
    requestedCancellationDate: new Date(input.requestedCancellationDate ?? Date.now()).toISOString(),
    '@type': input['@type'] ?? 'CancelProductOrder',
  };
  const stored: StoredCancelRequest & { _ordo: { openFor: string } } = {
    ...request,
    _id: id,
    _ordo: { revision: 0, createdAt: new Date(), openFor: order.id, ...(order._ordo.party ? { party: order._ordo.party } : {}), ...queuedEvents([cancelCreatedEvent(request)]), notifyPending: true },
  };
  try {
    await deps.cancellations.insert(stored);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new Refusal(RefusalKind.conflict, 'CANCELLATION_IN_PROGRESS', 'A cancellation of this order is already in progress', `Product order ${order.id} already has an open cancelProductOrder`);
    throw err;
  }

  deps.notify(id);
  return request;
}

/** Cancellations owed to their orders' processes (see MessageNotifier); a final cancel state stops the offer. */
export function cancelOrderMessages(cancellations: CancelStore): MessageSource<StoredCancelRequest> {
  return {
    collection: cancellations.collection,
    pendingField: NOTIFY_PENDING,
    what: 'order cancellation requested',
    messageOf: (request) => ({
      name: CANCEL_ORDER_MESSAGE,
      target: { businessKey: request.productOrder.id },
      variables: { cancelId: request.id, ...(request.cancellationReason ? { cancellationReason: request.cancellationReason } : {}) },
      logFields: { orderId: request.productOrder.id, cancelId: request.id },
    }),
    stillAsPublished: () => ({}),
  };
}
