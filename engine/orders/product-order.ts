import type { ProductOrderItemState, ProductOrderState } from './states.js';

/** The TMF622 ProductOrder as Ordo stores and serves it; fields Ordo does not interpret pass through. */
export interface ProductOrderItem {
  id: string;
  action: 'add' | 'modify' | 'delete' | 'noChange';
  state: ProductOrderItemState;
  productOffering?: { id: string; name?: string; href?: string };
  [field: string]: unknown;
}

/** What every TMF order (product, service, resource order) has, as Ordo serves it. */
export interface TmfOrder {
  id: string;
  href: string;
  state: ProductOrderState;
  orderDate: string;
  completionDate?: string;
  externalId?: string;
  '@type': string;
  [field: string]: unknown;
}

export interface ProductOrder extends TmfOrder {
  productOrderItem: ProductOrderItem[];
}

/** Server-owned fields of any TMF order: set by Ordo, never taken from a client. */
export const serverOwnedOrderFields = ['id', 'href', 'orderDate', 'state', 'completionDate', 'expectedCompletionDate', 'cancellationDate', 'cancellationReason', 'processInstanceKey', 'processInstanceUrl'] as const;

/** Client date-times Ordo stores, normalised to ISO-8601 UTC so that they compare and filter correctly. */
export const clientDateFields = ['requestedStartDate', 'requestedCompletionDate'] as const;

export function withNormalisedDates<T extends Record<string, unknown>>(value: T): T {
  const copy: Record<string, unknown> = { ...value };
  for (const field of clientDateFields) {
    if (typeof copy[field] === 'string') copy[field] = new Date(copy[field] as string).toISOString();
  }
  return copy as T;
}
