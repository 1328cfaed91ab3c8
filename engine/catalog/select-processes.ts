import { fulfilmentActions, isNoLongerSold, type FulfilmentAction, type ProcessRef, type ProductOffering, type ProductSpecification } from './catalog-entities.js';
import { atOneReading, CatalogUnavailableError, type CatalogSource } from './catalog-source.js';
import { fulfilmentProcessFor, type ProcessMapping } from './fulfilment-process.js';
import { Refusal, RefusalKind } from '../outcomes.js';

/** The part of a TMF622 ProductOrderItem that selects its process; nested items count too. */
export interface OrderItemRef {
  id: string;
  action: string;
  productOffering?: { id: string };
  /** As the client sent it: checked here (a safe whole number from 1 to what the offering allows). */
  quantity?: unknown;
  productOrderItem?: OrderItemRef[];
}

export type ItemAction = FulfilmentAction | 'noChange';

/** How one product offering is fulfilled: its specification, what it decomposes into, and the process. */
export interface OfferingFulfilment {
  productOfferingId: string;
  productSpecificationId: string;
  serviceSpecificationIds: string[];
  /** How many units of it one item may ask for. */
  maxQuantity: number;
  /** Absent for `noChange` items: they start no process. */
  process?: ProcessRef;
}

export interface ItemSelection {
  itemId: string;
  /** Set for an item nested in another item's `productOrderItem`. */
  parentItemId?: string;
  action: ItemAction;
  productOfferingId: string;
  /** Units ordered: each is fulfilled on its own (its own number, SIM and product). */
  quantity: number;
  /** The item's offering, or for a bundle each offering the bundle contains. */
  fulfilments: OfferingFulfilment[];
  /** An `add` item that names no offering yet (none of its units can be known). */
  awaitingOffering?: true;
}

export interface SelectionDeps {
  catalog: CatalogSource;
  mapping: ProcessMapping;
}

type FailureCode = 'UNKNOWN_PRODUCT_OFFERING' | 'OFFERING_NOT_ORDERABLE' | 'QUANTITY_NOT_ALLOWED' | 'NO_FULFILMENT_PROCESS';
/** When items fail for different reasons, the error carries the first code here (and lists every failure). */
const failureReasons: Record<FailureCode, string> = {
  UNKNOWN_PRODUCT_OFFERING: 'Unknown product offering',
  OFFERING_NOT_ORDERABLE: 'Product offering not orderable',
  QUANTITY_NOT_ALLOWED: 'Quantity not allowed',
  NO_FULFILMENT_PROCESS: 'No fulfilment process',
};

/** What one order item may ask for when the specification does not say: a subscription is one line. */
export const DEFAULT_MAX_QUANTITY = 1;
/** Units (processes) one order may start: each is a document entry, a process variable element and a process. */
export const MAX_UNITS_PER_ORDER = 1000;
const maxQuantityOf = (spec: ProductSpecification) => (typeof spec.maxQuantity === 'number' ? spec.maxQuantity : DEFAULT_MAX_QUANTITY);

class ItemFailure extends Error {
  constructor(readonly code: FailureCode, message: string) {
    super(message);
  }
}

const itemActions: readonly string[] = [...fulfilmentActions, 'noChange'];

function flatten(items: readonly OrderItemRef[], parentItemId?: string): { item: OrderItemRef; parentItemId?: string }[] {
  return items.flatMap((item) => [{ item, ...(parentItemId !== undefined ? { parentItemId } : {}) }, ...flatten(item.productOrderItem ?? [], item.id)]);
}

/** Each id is asked of the catalog once per selection, however many items name it. */
function once<T>(load: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (id) => {
    let found = seen.get(id);
    if (!found) seen.set(id, (found = load(id)));
    return found;
  };
}

/**
 * Resolves every order item (nested ones too) to the process that fulfils it: item -> product
 * offering (a bundle: each offering it contains) -> product specification -> the process for the
 * item's action (the specification's `fulfilmentProcess`, else the process mapping). Offerings that
 * are retired or obsolete, or not sellable on their own, cannot be added. Any failing item fails
 * the whole selection with one refusal (unprocessable) naming every failing item and offering.
 */
export async function selectProcesses(items: readonly OrderItemRef[], deps: SelectionDeps): Promise<ItemSelection[]> {
  const catalog = atOneReading(deps.catalog);
  const offering = once((id) => catalog.getOffering(id));
  const specification = once((id) => catalog.getProductSpecification(id));

  const fulfil = async (o: ProductOffering, action: ItemAction): Promise<OfferingFulfilment> => {
    const specId = o.productSpecification?.id;
    if (!specId) throw new ItemFailure('NO_FULFILMENT_PROCESS', `product offering ${o.id} names no productSpecification`);
    const spec: ProductSpecification | null = await specification(specId);
    if (!spec) throw new ItemFailure('NO_FULFILMENT_PROCESS', `product specification ${specId} of offering ${o.id} is not in the catalog`);
    const base = { productOfferingId: o.id, productSpecificationId: spec.id, serviceSpecificationIds: (spec.serviceSpecification ?? []).map((s) => s.id), maxQuantity: maxQuantityOf(spec) };
    if (action === 'noChange') return base;
    const process = fulfilmentProcessFor(spec, action, deps.mapping);
    if (!process) throw new ItemFailure('NO_FULFILMENT_PROCESS', `no process for action ${action} of product specification ${spec.id} (offering ${o.id})`);
    return { ...base, process };
  };

  /** The offering itself, or the offerings its bundle contains (bundles in bundles too). */
  const products = async (o: ProductOffering, action: ItemAction, inside: string[] = []): Promise<OfferingFulfilment[]> => {
    if (inside.includes(o.id)) throw new ItemFailure('NO_FULFILMENT_PROCESS', `bundle ${o.id} contains itself (${[...inside, o.id].join(' -> ')})`);
    if (action === 'add' && isNoLongerSold(o)) throw new ItemFailure('OFFERING_NOT_ORDERABLE', `product offering ${o.id} is ${o.lifecycleStatus ?? ''} and can no longer be added`);
    if (!(o.isBundle && o.bundledProductOffering?.length)) return [await fulfil(o, action)];
    const nested = await Promise.all(o.bundledProductOffering.map(async (ref) => {
      const bundled = await offering(ref.id);
      if (!bundled) throw new ItemFailure('UNKNOWN_PRODUCT_OFFERING', `bundle ${o.id} contains product offering ${ref.id}, which is not in the catalog`);
      return products(bundled, action, [...inside, o.id]);
    }));
    return nested.flat();
  };

  const select = async ({ item, parentItemId }: { item: OrderItemRef; parentItemId?: string }): Promise<ItemSelection> => {
    if (!itemActions.includes(item.action)) throw new ItemFailure('NO_FULFILMENT_PROCESS', `action ${item.action} is not one of ${itemActions.join(', ')}`);
    const action = item.action as ItemAction;
    const quantity = item.quantity === undefined ? 1 : item.quantity;
    if (!(typeof quantity === 'number' && Number.isSafeInteger(quantity) && quantity >= 1)) {
      throw new ItemFailure('QUANTITY_NOT_ALLOWED', `quantity ${JSON.stringify(quantity)} is not a whole number of at least 1`);
    }
    // Several units are new products; a change or a disconnect is of one product, and a bundle ordered part by part counts its parts.
    if (quantity > 1 && (action !== 'add' || (item.productOrderItem?.length ?? 0) > 0)) {
      throw new ItemFailure('QUANTITY_NOT_ALLOWED', `quantity ${quantity}: only an add item without nested items may order more than one unit`);
    }
    const offeringId = item.productOffering?.id;
    // TMF622 lets an item name its offering later: the order asks for it before fulfilment begins.
    if (!offeringId && action === 'add' && parentItemId === undefined) return { itemId: item.id, action, productOfferingId: '', quantity, fulfilments: [], awaitingOffering: true };
    if (!offeringId) throw new ItemFailure('UNKNOWN_PRODUCT_OFFERING', 'names no productOffering');
    const found = await offering(offeringId);
    if (!found) throw new ItemFailure('UNKNOWN_PRODUCT_OFFERING', `product offering ${offeringId} is not in the catalog`);
    if (action === 'add' && found.isSellable === false) throw new ItemFailure('OFFERING_NOT_ORDERABLE', `product offering ${offeringId} is sold only within a bundle`);
    const fulfilments = await products(found, action);
    const allowed = Math.min(...fulfilments.map((f) => f.maxQuantity));
    if (quantity > allowed) throw new ItemFailure('QUANTITY_NOT_ALLOWED', `quantity ${quantity} is more than product offering ${offeringId} allows on one item (${allowed})`);
    return { itemId: item.id, ...(parentItemId !== undefined ? { parentItemId } : {}), action, productOfferingId: offeringId, quantity, fulfilments };
  };

  const all = flatten(items);
  const outcomes = await Promise.allSettled(all.map(select));
  const failures = outcomes.flatMap((outcome, i) => {
    if (outcome.status === 'fulfilled') return [];
    if (outcome.reason instanceof CatalogUnavailableError) throw new Refusal(RefusalKind.unavailable, 'CATALOG_UNAVAILABLE', 'The product catalog is unavailable', outcome.reason.message);
    if (!(outcome.reason instanceof ItemFailure)) throw outcome.reason;
    const { item } = all[i]!;
    return [{ code: outcome.reason.code, text: `item ${item.id} (productOffering ${item.productOffering?.id ?? 'none'}): ${outcome.reason.message}` }];
  });
  if (failures.length > 0) {
    const code = (Object.keys(failureReasons) as FailureCode[]).find((c) => failures.some((f) => f.code === c))!;
    throw new Refusal(RefusalKind.unprocessable, code, failureReasons[code], failures.map((f) => f.text).join('; '));
  }
  const selection = outcomes.map((o) => (o as PromiseFulfilledResult<ItemSelection>).value);
  const units = selection.reduce((n, s) => n + s.quantity * s.fulfilments.filter((f) => f.process).length, 0);
  if (units > MAX_UNITS_PER_ORDER) throw new Refusal(RefusalKind.unprocessable, 'QUANTITY_NOT_ALLOWED', failureReasons.QUANTITY_NOT_ALLOWED, `the order would fulfil ${units} units; one order fulfils at most ${MAX_UNITS_PER_ORDER}`);
  return selection;
}
