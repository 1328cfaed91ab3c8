/** The TMF622 product order as far as the console reads it. */
export interface ProductOrder {
  id: string;
  href?: string;
  state?: string;
  orderDate?: string;
  completionDate?: string;
  externalId?: string;
  relatedParty?: { id: string; role?: string; name?: string; '@referredType'?: string }[];
  billingAccount?: { id: string; name?: string };
  note?: { id?: string; author?: string; date?: string; text?: string }[];
  productOrderItem?: OrderItem[];
}

export interface OrderItem {
  id: string;
  action?: string;
  quantity?: number;
  state?: string;
  productOffering?: { id: string; name?: string };
  productOrderItem?: OrderItem[];
}

export const orderStates = ['acknowledged', 'pending', 'held', 'inProgress', 'assessingCancellation', 'pendingCancellation', 'completed', 'partial', 'failed', 'cancelled', 'rejected'] as const;

/** States from which an order may still be cancelled (TMF622: not yet finished). */
export const cancellable = (state: string | undefined): boolean => ['acknowledged', 'pending', 'held', 'inProgress'].includes(state ?? '');
/** States a freeze applies to (a held order waits already, for people or a freeze). */
export const freezable = (state: string | undefined): boolean => ['acknowledged', 'pending', 'inProgress'].includes(state ?? '');

/** The customer of an order: its `customer` related party, else its first. */
export function customerOf(order: ProductOrder): string | undefined {
  const parties = order.relatedParty ?? [];
  return (parties.find((p) => p.role?.toLowerCase() === 'customer') ?? parties[0])?.id;
}

/** Every item, nested bundle items included, in order. */
export function allItems(items: OrderItem[] = []): OrderItem[] {
  return items.flatMap((item) => [item, ...allItems(item.productOrderItem)]);
}
