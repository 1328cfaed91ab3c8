import type { ProductOrderItemState, ProductOrderState } from './states.js';

/** The TMF622 ProductOrder as Ordo stores and serves it; fields Ordo does not interpret pass through. */
export interface ProductOrderItem {
  id: string;
  action: 'add' | 'modify' | 'delete' | 'noChange';
  state: ProductOrderItemState;
  productOffering?: { id: string; name?: string; href?: string };
  [field: string]: unknown;
}

export interface ProductOrder {
  id: string;
  href: string;
  state: ProductOrderState;
  orderDate: string;
  completionDate?: string;
  externalId?: string;
  productOrderItem: ProductOrderItem[];
  '@type': string;
  [field: string]: unknown;
}

/** Server-owned fields: set by Ordo, never taken from a client. */
export const serverOwnedOrderFields = ['id', 'href', 'orderDate', 'state', 'completionDate', 'expectedCompletionDate'] as const;
