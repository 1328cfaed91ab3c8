import type { OrderStore } from './order-store.js';

/** What ops look for: orders in a state, placed before some time, with an offering. */
export interface OrderSearch {
  state?: string | undefined;
  /** Orders placed (orderDate) before this instant. */
  placedBefore?: Date | undefined;
  /** An item's productOffering.id. */
  offering?: string | undefined;
  limit: number;
}

export interface FoundOrder {
  id: string;
  state: string;
  orderDate: string;
  externalId?: string;
  /** Its items' offerings, each once. */
  offerings: string[];
}

/** `ordo orders find`: live orders matching the search, newest first (index state + orderDate). */
export async function findOrders(store: OrderStore, search: OrderSearch): Promise<FoundOrder[]> {
  const filter = {
    ...(search.state !== undefined ? { state: search.state } : {}),
    // orderDate is an ISO 8601 string in UTC (toISOString), so strings compare as instants.
    ...(search.placedBefore ? { orderDate: { $lt: search.placedBefore.toISOString() } } : {}),
    ...(search.offering !== undefined ? { 'productOrderItem.productOffering.id': search.offering } : {}),
  };
  const orders = await store.newestFirst(filter, search.limit, { _id: 0, id: 1, state: 1, orderDate: 1, externalId: 1, 'productOrderItem.productOffering.id': 1 });
  return orders.map((o) => ({
    id: o.id ?? '',
    state: o.state ?? '',
    orderDate: o.orderDate ?? '',
    ...(o.externalId ? { externalId: o.externalId } : {}),
    offerings: [...new Set((o.productOrderItem ?? []).map((i) => i.productOffering?.id).filter((id): id is string => !!id))],
  }));
}
