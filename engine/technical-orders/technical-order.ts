import type { Document } from 'mongodb';
import type { OutboxFields } from '../events/outbox.js';
import type { ProcessStartRecord } from '../process/process-starter.js';
import type { CreateIdentity } from '../tmf/idempotent-create.js';
import type { ProductOrderItemState } from '../orders/states.js';
import type { TmfOrder } from '../orders/product-order.js';

/** A TMF641 ServiceOrderItem or TMF652 ResourceOrderItem as Ordo reads it; the rest is kept as sent. */
export interface TechnicalOrderItem {
  id: string;
  action: string;
  state: ProductOrderItemState;
  [field: string]: unknown;
}

/**
 * A TMF641 ServiceOrder or TMF652 ResourceOrder. Both APIs share TMF622's order and item states; the
 * items are under `serviceOrderItem` or `orderItem` (see TechnicalOrderKind).
 */
export interface TechnicalOrder extends TmfOrder {
  note?: { text: string; date?: string; author?: string }[];
}

/** The order this one was decomposed from: a product order item (for a service order) or a service order. */
export interface ParentLink {
  resource: 'productOrder' | 'serviceOrder';
  id: string;
  /** The product order item this service order fulfils (a resource order serves its whole service order). */
  itemId?: string;
}

/** The product order item at the top of the decomposition: for fallout cases, logs and inventory. */
export interface RootLink {
  orderId: string;
  unitId: string;
}

/** What an item did, recorded by the worker that did it: the inventory and the undo read it back. */
export interface ItemResult {
  itemId: string;
  /** The TMF639 resource (resource orders) or TMF638 service (service orders) the item produced or changed. */
  resourceId?: string;
  serviceId?: string;
  /** Values the network gave or Ordo chose (e.g. imsi, lineId), carried as characteristics. */
  characteristics?: Record<string, string>;
  /** Whether something on the network was switched on, which a failure or cancellation must switch off. */
  activated?: boolean;
  at: Date;
}

export interface TechnicalOrderMeta extends CreateIdentity, ProcessStartRecord, OutboxFields {
  revision: number;
  traceContext: Record<string, string>;
  parent?: ParentLink;
  root?: RootLink;
  /** The party that owns it: the one that posted it, or the owner of the order it was decomposed from. */
  party?: string;
  /** Item ids in the order they run: each after the items it depends on. */
  itemSequence: string[];
  results?: ItemResult[];
  /** Set by the write that ended the order, until the parent's process has been told. */
  finishNotifyPending?: true;
  /** Set while a cancellation waits to be handed to the order's process. */
  cancelPending?: true;
  /** The open cancel task. */
  cancelId?: string;
}

export type StoredTechnicalOrder = TechnicalOrder & Document & { _id: string; _ordo: TechnicalOrderMeta };

/** The items of an order of either kind. */
export const itemsOf = (order: TechnicalOrder, itemsField: string): TechnicalOrderItem[] => (order[itemsField] as TechnicalOrderItem[] | undefined) ?? [];
