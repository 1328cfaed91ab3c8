import type { OutboxEvent } from '../events/tmf-event.js';
import { tmfEvent } from '../events/tmf-event.js';

/** TMF622 TaskStateType: the states of a CancelProductOrder task. */
export const CancelState = {
  acknowledged: 'acknowledged',
  inProgress: 'inProgress',
  done: 'done',
  terminatedWithError: 'terminatedWithError',
} as const;
export type CancelState = (typeof CancelState)[keyof typeof CancelState];

export const finalCancelStates: readonly CancelState[] = [CancelState.done, CancelState.terminatedWithError];

/** The TMF622 CancelProductOrder task resource. */
export interface CancelProductOrder {
  id: string;
  href: string;
  state: CancelState;
  productOrder: { id: string; href: string; '@referredType': 'ProductOrder' };
  cancellationReason?: string;
  requestedCancellationDate?: string;
  effectiveCancellationDate?: string;
  /** Ordo's reason when the task ends terminatedWithError (not in the spec; extension attribute). */
  errorMessage?: string;
  '@type': string;
  [field: string]: unknown;
}

export interface StoredCancelRequest extends CancelProductOrder {
  _id: string;
  /** `notifyPending`: set until the order's process has taken the cancellation. */
  _ordo: { revision: number; createdAt: Date; party?: string; outbox: OutboxEvent[]; outboxPending?: true; fanOutPending?: true; notifyPending?: true };
}

export const cancelCreatedEvent = (c: CancelProductOrder) => tmfEvent('cancelProductOrder', 'CancelProductOrderCreateEvent', c.productOrder.id, { ...c });
export const cancelStateChangedEvent = (c: CancelProductOrder) => tmfEvent('cancelProductOrder', 'CancelProductOrderStateChangeEvent', c.productOrder.id, { ...c });
