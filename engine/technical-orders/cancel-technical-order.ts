import { randomUUID } from 'node:crypto';
import type { Collection, Document } from 'mongodb';
import { queuedEvents, withEvents } from '../events/outbox.js';
import { tmfEvent } from '../events/tmf-event.js';
import { Refusal, RefusalKind } from '../outcomes.js';
import { CancelState } from '../cancellations/cancel-request.js';
import { canMoveOrder, ProductOrderState } from '../orders/states.js';
import type { MessageSource } from '../process/message-notifier.js';
import type { ListSpec } from '../tmf/list-query.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { TmfRecordStore, type StoredRecord } from '../tmf/tmf-record-store.js';
import type { TechnicalOrderKind } from './order-kinds.js';
import { technicalOrderStateChangedEvent } from './technical-order-events.js';
import type { TechnicalOrderStore } from './technical-order-store.js';
import type { StoredTechnicalOrder, TechnicalOrder } from './technical-order.js';

/** Interrupts a service or resource order's process (event sub-process), keyed by the order id. */
export const CANCEL_TECHNICAL_ORDER_MESSAGE = 'cancel-technical-order';

/** A TMF641 CancelServiceOrder or TMF652 CancelResourceOrder task. */
export interface TechnicalCancel {
  id: string;
  href: string;
  state: CancelState;
  cancellationReason?: string;
  requestedCancellationDate: string;
  effectiveCancellationDate?: string;
  '@type': string;
  [field: string]: unknown;
}

export type StoredTechnicalCancel = TechnicalCancel & StoredRecord & { _ordo: { orderId: string } };

export const technicalCancelListSpec: ListSpec = {
  filterable: { id: 'string', state: 'string', 'serviceOrder.id': 'string', 'resourceOrder.id': 'string', requestedCancellationDate: 'date', effectiveCancellationDate: 'date' },
  sortable: ['requestedCancellationDate', 'effectiveCancellationDate', 'state'],
  defaultSort: '-requestedCancellationDate',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href'],
};

export const technicalCancelStore = (db: ConstructorParameters<typeof TmfRecordStore>[0], kind: TechnicalOrderKind, publicUrl: () => string) =>
  new TmfRecordStore<StoredTechnicalCancel>(db, kind.basePath, kind.cancelResource, technicalCancelListSpec, publicUrl);

export interface TechnicalCancelDeps {
  orders: TechnicalOrderStore;
  cancels: TmfRecordStore<StoredTechnicalCancel>;
  /** Hands the cancellation to the order's process now (the notifier's sweep does it otherwise). */
  notify: (orderId: string) => void;
}

const cancelEvent = (kind: TechnicalOrderKind, what: 'Create' | 'StateChange', cancel: TechnicalCancel) =>
  tmfEvent(kind.cancelResource, `${kind.cancelTypeName}${what}Event`, cancel.id, { ...cancel });

/** POST cancelServiceOrder / cancelResourceOrder: validated like every TMF create, then requested. */
export async function requestCancellationFromApi(body: unknown, deps: TechnicalCancelDeps): Promise<TechnicalCancel> {
  const { kind } = deps.orders;
  const definition = `${kind.cancelTypeName}_Create`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Request body must be a ${definition} JSON object`);
  assertSafeBody(body);
  const problems = kind.schemas.validator(definition)(body);
  if (problems.length) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, formatProblems(problems));
  const input = body as Record<string, unknown>;
  const orderId = (input[kind.cancelOrderField] as { id?: unknown }).id;
  if (typeof orderId !== 'string') throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, `/${kind.cancelOrderField}/id is required`);
  return requestTechnicalCancellation(deps, orderId, { reason: typeof input['cancellationReason'] === 'string' ? input['cancellationReason'] : undefined, type: typeof input['@type'] === 'string' ? input['@type'] : undefined });
}

/**
 * Records the cancel task and moves the order to pendingCancellation in one write of each; the
 * order then owes its process the cancel message (at least once, see MessageNotifier). A finished
 * order answers 409, as does one with a cancellation already open.
 */
export async function requestTechnicalCancellation(deps: TechnicalCancelDeps, orderId: string, input: { reason?: string | undefined; type?: string | undefined }): Promise<TechnicalCancel> {
  const { kind } = deps.orders;
  const order = await deps.orders.findStored(orderId);
  if (!order) throw new Refusal(RefusalKind.unprocessable, 'UNKNOWN_ORDER', `No such ${kind.typeName}`, `There is no ${kind.resource} ${orderId} to cancel`);
  // A finished order (or one already cancelling) can no longer move towards cancelled.
  if (!canMoveOrder(order.state, ProductOrderState.assessingCancellation)) {
    throw new Refusal(RefusalKind.conflict, 'ORDER_NOT_CANCELLABLE', `The order is already ${order.state}`, `${kind.typeName} ${orderId} is ${order.state} and can no longer be cancelled`);
  }
  const id = randomUUID();
  const cancel: TechnicalCancel = {
    id,
    href: deps.cancels.href(id),
    state: CancelState.acknowledged,
    [kind.cancelOrderField]: { id: order.id, href: order.href, '@referredType': kind.typeName },
    ...(input.reason ? { cancellationReason: input.reason } : {}),
    requestedCancellationDate: new Date().toISOString(),
    '@type': input.type ?? kind.cancelTypeName,
  };
  const stored = { ...cancel, _id: id, _ordo: { revision: 0, key: `cancel:${order.id}`, orderId: order.id, ...(order._ordo.party ? { party: order._ordo.party } : {}), ...queuedEvents([cancelEvent(kind, 'Create', cancel)]) } } as StoredTechnicalCancel;
  if ((await deps.cancels.insertOnce(stored))._id !== id) {
    throw new Refusal(RefusalKind.conflict, 'CANCELLATION_IN_PROGRESS', 'A cancellation of this order is already in progress', `${kind.typeName} ${order.id} already has an open ${kind.cancelResource}`);
  }
  if (!(await markPendingCancellation(deps.orders, order, id))) {
    await finishCancellation(deps, order.id, CancelState.terminatedWithError, 'the order finished before it could be cancelled');
    throw new Refusal(RefusalKind.conflict, 'ORDER_NOT_CANCELLABLE', 'The order finished meanwhile', `${kind.typeName} ${orderId} finished before the cancellation reached it`);
  }
  deps.notify(order.id);
  return cancel;
}

async function markPendingCancellation(orders: TechnicalOrderStore, order: StoredTechnicalOrder, cancelId: string): Promise<boolean> {
  for (let current: StoredTechnicalOrder | null = order; current; current = await orders.findStored(order.id)) {
    if (!canMoveOrder(current.state, ProductOrderState.assessingCancellation)) return false;
    const { _id, _ordo, ...rest } = current;
    const next = { ...(rest as TechnicalOrder), state: ProductOrderState.pendingCancellation };
    const update = withEvents({ $set: { state: next.state, '_ordo.cancelPending': true, '_ordo.cancelId': cancelId } }, [technicalOrderStateChangedEvent(orders.kind, next)]);
    if (await orders.updateAtRevision(order.id, _ordo.revision, update)) return true;
  }
  return false;
}

/** Ends the order's open cancel task (when the order became cancelled, or could not be); a repeat changes nothing. */
export async function finishCancellation(deps: Pick<TechnicalCancelDeps, 'orders' | 'cancels'>, orderId: string, state: typeof CancelState.done | typeof CancelState.terminatedWithError, why?: string): Promise<void> {
  const cancel = await deps.cancels.findByKey(`cancel:${orderId}`);
  if (!cancel || cancel.state === CancelState.done || cancel.state === CancelState.terminatedWithError) return;
  const { _id, _ordo, ...rest } = cancel;
  const next: TechnicalCancel = { ...(rest as TechnicalCancel), state, effectiveCancellationDate: new Date().toISOString(), ...(why ? { errorMessage: why } : {}) };
  await deps.cancels.updateAtRevision(cancel._id, _ordo.revision, withEvents({ $set: { state: next.state, effectiveCancellationDate: next.effectiveCancellationDate, ...(why ? { errorMessage: why } : {}) } }, [cancelEvent(deps.orders.kind, 'StateChange', next)]));
}

/** The cancel message an order owes its process (see MessageNotifier). */
export function cancelMessages(orders: TechnicalOrderStore): MessageSource<StoredTechnicalOrder> {
  return {
    collection: orders.collection as Collection<Document & { _id: string }>,
    pendingField: '_ordo.cancelPending',
    what: `${orders.kind.resource} cancellation requested`,
    messageOf: (o) => ({
      name: CANCEL_TECHNICAL_ORDER_MESSAGE,
      target: { businessKey: o.id },
      variables: {},
      logFields: { [`${orders.kind.resource}Id`]: o.id, orderId: o._ordo.root?.orderId },
    }),
    stillAsPublished: (o) => ({ '_ordo.cancelId': o._ordo.cancelId }),
  };
}
