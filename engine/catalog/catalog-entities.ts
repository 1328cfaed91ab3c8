/** The catalog entity types Ordo keeps, named as their TMF resources (and as the keys of a dump). */
export const catalogEntityTypes = ['productOffering', 'productSpecification', 'serviceSpecification', 'resourceSpecification'] as const;
export type CatalogEntityType = (typeof catalogEntityTypes)[number];

export interface EntityRef {
  id: string;
  name?: string;
  [field: string]: unknown;
}

/** A BPMN process, and optionally the version (its version tag, camunda:versionTag) to start; without one the latest. */
export interface ProcessRef {
  bpmnProcessId: string;
  versionTag?: string;
}

/** The order item actions of TMF622 that start a process (`noChange` needs none). */
export const fulfilmentActions = ['add', 'modify', 'delete'] as const;
export type FulfilmentAction = (typeof fulfilmentActions)[number];
export type FulfilmentProcess = Partial<Record<FulfilmentAction, ProcessRef>>;

export interface ProductOffering {
  id: string;
  name?: string;
  lifecycleStatus?: string;
  isBundle?: boolean;
  isSellable?: boolean;
  productSpecification?: EntityRef;
  bundledProductOffering?: EntityRef[];
  [field: string]: unknown;
}

/**
 * TMF620 ProductSpecification. Ordo's extension (`@type: OrdoProductSpecification`, `@baseType:
 * ProductSpecification`) adds `fulfilmentProcess`: the process each order item action starts, and
 * `maxQuantity`: how many units one order item may ask for.
 */
export interface ProductSpecification {
  id: string;
  name?: string;
  lifecycleStatus?: string;
  serviceSpecification?: EntityRef[];
  resourceSpecification?: EntityRef[];
  bundledProductSpecification?: EntityRef[];
  fulfilmentProcess?: FulfilmentProcess;
  /** Extension: how many units one order item may ask for (`quantity`); 1 when absent. */
  maxQuantity?: number;
  [field: string]: unknown;
}

export interface ServiceSpecification {
  id: string;
  name?: string;
  resourceSpecification?: EntityRef[];
  [field: string]: unknown;
}

export interface ResourceSpecification {
  id: string;
  name?: string;
  [field: string]: unknown;
}

export interface CatalogEntities {
  productOffering: ProductOffering;
  productSpecification: ProductSpecification;
  serviceSpecification: ServiceSpecification;
  resourceSpecification: ResourceSpecification;
}

/** A whole catalog, as exported daily by the product catalog and imported by `ordo catalog import`. */
export type CatalogDump = { [T in CatalogEntityType]: CatalogEntities[T][] };

/** TMF lifecycle states in which an offering is no longer sold (compared case-insensitively). */
const notSoldStates = new Set(['retired', 'obsolete']);

export const isNoLongerSold = (offering: ProductOffering): boolean => notSoldStates.has((offering.lifecycleStatus ?? '').trim().toLowerCase());
