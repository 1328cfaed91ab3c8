/** The steps of an order (or of one of its items) Ordo reports to the CPQ; the models' `notify-salesforce` tasks name them. */
export const ORDER_UPDATE_TYPES = [
  'OrderAccepted',
  'OrderInProgress',
  'OrderQueued',
  'OrderActivated',
  'OrderRejected',
  'OrderItemAccepted',
  'OrderItemInProgress',
  'OrderItemActivated',
  'OrderItemAssetized',
  'OrderItemRejected',
] as const;
export type OrderUpdateType = (typeof ORDER_UPDATE_TYPES)[number];

/** One step of an order the CPQ submitted, as Ordo tells it. */
export interface OrderUpdate {
  /** Derived from order, type and item: an update sent twice (a retried job) is one to the CPQ. */
  id: string;
  type: OrderUpdateType;
  /** The CPQ's id of the order: its TMF `externalId`. */
  cpqOrderId: string;
  /** For item updates: the item's id, which is the CPQ's. */
  itemId?: string;
  ordoOrderId: string;
  reason?: string;
  occurredAt: Date;
  orderState: string;
  orderHref: string;
  /** For item updates: the item's state, if the order has the item. */
  itemState?: string;
}

/** The port through which Ordo reports back to the CPQ that submitted an order (Salesforce CPQ first). */
export interface CpqSystem {
  /** Resolves with the CPQ's id of what it recorded. */
  sendOrderUpdate(update: OrderUpdate, signal?: AbortSignal): Promise<{ id: string }>;
}

/** The CPQ refused the request (a 4xx): retrying it unchanged would not help. */
export class CpqRejectedError extends Error {
  override readonly name = 'CpqRejectedError';

  constructor(
    readonly status: number,
    /** The CPQ's own code for the refusal, e.g. `INVALID_FIELD` or `invalid_client`. */
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** The channel every order from the CPQ carries: only these orders are reported back to it. */
export const CPQ_CHANNEL = { id: 'salesforce-cpq', name: 'Salesforce CPQ' } as const;

/** An order the CPQ submits, in the engine's words: a TMF622 ProductOrder_Create on the CPQ channel. */
export interface CpqOrder {
  /** The CPQ's id of the order: its `externalId` and its idempotency key (a resubmission gets the same order). */
  cpqOrderId: string;
  productOrder: Record<string, unknown>;
}
