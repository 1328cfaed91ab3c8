/** The catalog entity types Ordo keeps, named as their TMF resources (and as the keys of a dump). */
export const catalogEntityTypes = ['productOffering', 'productOfferingPrice', 'productSpecification', 'serviceSpecification', 'resourceSpecification'] as const;
export type CatalogEntityType = (typeof catalogEntityTypes)[number];

/** Types a dump may leave out, read as none: dumps exported before Ordo kept prices have no productOfferingPrice. */
export const optionalEntityTypes: readonly CatalogEntityType[] = ['productOfferingPrice'];

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
  validFor?: TimePeriod;
  productSpecification?: EntityRef;
  bundledProductOffering?: EntityRef[];
  productOfferingPrice?: EntityRef[];
  [field: string]: unknown;
}

export interface TimePeriod {
  startDateTime?: string;
  endDateTime?: string;
}

/** TMF620 Money: `value` in the currency `unit` (ISO 4217). */
export interface CatalogMoney {
  unit?: string;
  value?: number;
}

/** TMF620 TaxItem; `taxRate` in percent (8.1 for 8.1 %). */
export interface TaxItem {
  taxCategory?: string;
  taxRate?: number;
  [field: string]: unknown;
}

/** TMF620 ProductOfferingPrice: `price` is the duty-free amount, `tax` what is levied on it. */
export interface ProductOfferingPrice {
  id: string;
  name?: string;
  lifecycleStatus?: string;
  validFor?: TimePeriod;
  /** e.g. `oneTime`, `recurring`. */
  priceType?: string;
  /** e.g. `month`. */
  recurringChargePeriodType?: string;
  recurringChargePeriodLength?: number;
  price?: CatalogMoney;
  tax?: TaxItem[];
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
  productOfferingPrice: ProductOfferingPrice;
  productSpecification: ProductSpecification;
  serviceSpecification: ServiceSpecification;
  resourceSpecification: ResourceSpecification;
}

/** A whole catalog, as exported daily by the product catalog and imported by `ordo catalog import`. */
export type CatalogDump = { [T in CatalogEntityType]: CatalogEntities[T][] };

/** `dump` with every entity type it leaves out as none. */
export function withEveryEntityType(dump: Partial<CatalogDump>): CatalogDump {
  return Object.fromEntries(catalogEntityTypes.map((type) => [type, dump[type] ?? []])) as CatalogDump;
}

/** TMF lifecycle states in which an offering is no longer sold (compared case-insensitively). */
const notSoldStates = new Set(['retired', 'obsolete']);

export const isNoLongerSold = (entity: { lifecycleStatus?: string }): boolean => notSoldStates.has((entity.lifecycleStatus ?? '').trim().toLowerCase());

/** Whether `at` lies in `period` (no start: since ever; no end: for good). */
export function isWithin(period: TimePeriod | undefined, at: Date): boolean {
  const start = period?.startDateTime ? Date.parse(period.startDateTime) : -Infinity;
  const end = period?.endDateTime ? Date.parse(period.endDateTime) : Infinity;
  return start <= at.getTime() && at.getTime() <= end;
}
