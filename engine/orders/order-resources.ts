import type { Collection, Document } from 'mongodb';
import type { FulfilmentRecord, FulfilmentUnit } from './fulfilment.js';
import type { ProductOrder, ProductOrderItem } from './product-order.js';

/** A resource an order's unit holds (reserved, in use, or a number ported in), as the order keeps it. */
export interface HeldByOrder {
  unitId: string;
  role: string;
  /** The inventory's reservation key. */
  key: string;
  resourceId: string;
  number: string;
  ported: boolean;
}

/**
 * The part of `_ordo` this module owns (`_ordo.resources`). It is added to by the units' jobs, in
 * writes of its own, and stays with the order: releasing and confirming read it from there.
 */
export interface HeldResourcesRecord {
  resources?: HeldByOrder[];
}

/** An order as this module reads it. */
type OrderHolding = Pick<ProductOrder, 'id' | 'productOrderItem'> & { _ordo: HeldResourcesRecord & FulfilmentRecord };

/** Notes on the order what a unit holds, once however often the job runs. */
export async function recordHeldResource(orders: { collection: Collection<Document & { _id: string }> }, orderId: string, held: HeldByOrder): Promise<void> {
  await orders.collection.updateOne({ _id: orderId }, { $addToSet: { '_ordo.resources': held } });
}

export function heldResources(order: OrderHolding, unitId?: string): HeldByOrder[] {
  const all = order._ordo.resources ?? [];
  return unitId === undefined ? all : all.filter((r) => r.unitId === unitId);
}

/** The unit of an order and its item (items may be nested in a bundle item). */
export function unitOf(order: OrderHolding, unitId: string): { unit: FulfilmentUnit; item: ProductOrderItem } {
  const unit = order._ordo.fulfilment?.find((u) => u.unitId === unitId);
  if (!unit) throw new Error(`order ${order.id} has no fulfilment unit ${unitId}`);
  const find = (items: ProductOrderItem[]): ProductOrderItem | undefined => {
    for (const item of items) {
      if (item.id === unit.itemId) return item;
      const nested = Array.isArray(item['productOrderItem']) ? find(item['productOrderItem'] as ProductOrderItem[]) : undefined;
      if (nested) return nested;
    }
    return undefined;
  };
  const item = find(order.productOrderItem);
  if (!item) throw new Error(`order ${order.id} has no item ${unit.itemId}`);
  return { unit, item };
}

/** The value of a product characteristic of an order item, if given. */
export function itemCharacteristic(item: ProductOrderItem, name: string): string | undefined {
  const product = (item['product'] ?? {}) as { productCharacteristic?: { name: string; value: unknown }[] };
  const value = product.productCharacteristic?.find((c) => c.name === name)?.value;
  return value === undefined || value === null ? undefined : String(value);
}
