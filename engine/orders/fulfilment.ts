import type { ItemSelection } from '../catalog/select-processes.js';

/**
 * One process run for one order item: the item's offering, or one offering of a bundle item. The
 * product-order process starts one call activity per unit, with this as its input.
 */
export interface FulfilmentUnit {
  /** Unique within the order: the item id, and the offering for a bundle's parts. */
  unitId: string;
  itemId: string;
  /** The item this one is nested in (a bundle item and its component items): it follows its parts. */
  parentItemId?: string;
  /** One of several offerings of a bundle item that has no nested items. */
  bundlePart?: true;
  action: string;
  productOfferingId: string;
  productSpecificationId: string;
  serviceSpecificationIds: string[];
  bpmnProcessId: string;
  versionTag?: string;
  /** As its process reports it (acknowledged until then). */
  state?: 'inProgress' | 'completed' | 'failed';
  /** Why it failed, as the process said. */
  reason?: string;
}

/**
 * Items with nothing to do (`noChange`) start no process. An item with nested items (a bundle
 * ordered part by part) is fulfilled by those; a bundle item without them, by one unit per offering.
 * An item of quantity n is n times that.
 */
export function fulfilmentUnits(selection: readonly ItemSelection[]): FulfilmentUnit[] {
  const parents = new Set(selection.flatMap((item) => (item.parentItemId !== undefined ? [item.parentItemId] : [])));
  return selection.filter((item) => !parents.has(item.itemId)).flatMap((item) => {
    // Each unit of the quantity is fulfilled on its own, as is each offering of a bundle.
    const parts = Array.from({ length: item.quantity }, () => item.fulfilments.filter((f) => f.process)).flat();
    const seen = new Map<string, number>();
    return parts.map((f) => {
      // A bundle may hold one offering twice (two lines of a family plan): each is its own unit.
      const n = (seen.get(f.productOfferingId) ?? 0) + 1;
      seen.set(f.productOfferingId, n);
      const bundlePart = item.fulfilments.length > 1;
      return {
        unitId: parts.length > 1 ? `${item.itemId}/${f.productOfferingId}${n > 1 ? `#${n}` : ''}` : item.itemId,
        itemId: item.itemId,
        ...(item.parentItemId !== undefined ? { parentItemId: item.parentItemId } : {}),
        ...(bundlePart ? { bundlePart: true as const } : {}),
        action: item.action,
        productOfferingId: f.productOfferingId,
        productSpecificationId: f.productSpecificationId,
        serviceSpecificationIds: f.serviceSpecificationIds,
        bpmnProcessId: f.process!.bpmnProcessId,
        ...(f.process!.versionTag ? { versionTag: f.process!.versionTag } : {}),
      };
    });
  });
}

/** The part of `_ordo` this module owns: what the catalog selected at acceptance, the process run for each item (or bundle part). */
export interface FulfilmentRecord {
  fulfilment?: FulfilmentUnit[];
}

/** $set entries of the units, as their processes report them (see fulfilment-progress.ts). */
export const unitsFields = (units: FulfilmentUnit[]): Record<string, unknown> => ({ '_ordo.fulfilment': units });

/** $set entries adding the units of items selected after acceptance (an offering supplied by PATCH); the units already there stay. */
export function withUnitsOf(meta: FulfilmentRecord, selection: readonly ItemSelection[]): Record<string, unknown> {
  const known = new Set((meta.fulfilment ?? []).map((u) => u.itemId));
  return unitsFields([...(meta.fulfilment ?? []), ...fulfilmentUnits(selection).filter((u) => !known.has(u.itemId))]);
}
