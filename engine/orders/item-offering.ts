import { contentHash } from '../tmf/idempotent-create.js';
import type { ProductOrder, ProductOrderItem } from './product-order.js';
import { Refusal, RefusalKind } from '../outcomes.js';

/**
 * TMF622 makes an item's `productOffering` optional: an `add` item without one is accepted, and the
 * order asks for it (`pending`, ProductOrderInformationRequiredEvent with fieldPath
 * `productOrderItem[<index>].productOffering`) before fulfilment begins.
 */
const itemOfferingPath = /^productOrderItem\[(\d+)\]\.productOffering$/;

export const isItemOfferingPath = (path: string) => itemOfferingPath.test(path);

const hasOffering = (item: ProductOrderItem) => typeof item.productOffering?.id === 'string' && item.productOffering.id !== '';

/** The paths of the top-level `add` items that name no product offering yet. */
export function missingOfferingPaths(order: Pick<ProductOrder, 'productOrderItem'>): string[] {
  return order.productOrderItem.flatMap((item, i) => (item.action === 'add' && !hasOffering(item) ? [`productOrderItem[${i}].productOffering`] : []));
}

/** Whether the order as it is now has what `path` asks for: an attribute, or an item's offering. */
export function supplies(order: ProductOrder, path: string, isSupplied: (value: unknown) => boolean): boolean {
  const item = itemOfferingPath.exec(path);
  if (!item) return isSupplied(order[path]);
  const target = order.productOrderItem[Number(item[1])];
  return !!target && hasOffering(target);
}

const withoutState = (item: ProductOrderItem): Record<string, unknown> => {
  const { state, ...rest } = item;
  return rest;
};

/**
 * A PATCH of `productOrderItem` on an order waiting for item offerings may do that and nothing else:
 * the same items, each as it was, the asked-for ones now naming an offering. Answers the items to
 * store (with their states as they are); refused (a conflict) for any other change.
 */
export function itemsWithSuppliedOfferings(current: ProductOrderItem[], patched: unknown, asked: readonly string[]): ProductOrderItem[] {
  const askedIndexes = new Set(asked.flatMap((p) => {
    const m = itemOfferingPath.exec(p);
    return m ? [Number(m[1])] : [];
  }));
  const refuse = (why: string) => new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Only the asked-for offerings may be supplied', `productOrderItem: ${why}; send the items as they are, with productOffering on ${[...askedIndexes].map((i) => `productOrderItem[${i}]`).join(', ')}`);
  if (!Array.isArray(patched) || patched.length !== current.length) throw refuse('the items cannot be added or removed');
  return current.map((item, i) => {
    const next = patched[i] as ProductOrderItem;
    if (!next || typeof next !== 'object') throw refuse(`item ${i} is not an object`);
    const { productOffering, ...rest } = withoutState(next);
    const { productOffering: had, ...was } = withoutState(item);
    if (contentHash(rest) !== contentHash(was)) throw refuse(`item ${item.id} changes more than its productOffering`);
    // Once supplied, an offering is fixed like any other: its unit is already selected.
    if (askedIndexes.has(i) && !hasOffering(item)) return { ...item, ...(productOffering !== undefined ? { productOffering: productOffering as ProductOrderItem['productOffering'] } : {}) };
    if (contentHash(productOffering ?? null) !== contentHash(had ?? null)) throw refuse(`the offering of item ${item.id} was not asked for`);
    return item;
  });
}

/** The items as they are (states aside): sending them back changes nothing. */
export function unchangedItems(current: ProductOrderItem[], patched: unknown): boolean {
  try {
    itemsWithSuppliedOfferings(current, patched, []);
    return true;
  } catch {
    return false;
  }
}
