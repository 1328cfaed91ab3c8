import { catalogEntityTypes, type CatalogDump, type CatalogEntities, type CatalogEntityType, type ProductOffering, type ProductOfferingPrice, type ProductSpecification } from './catalog-entities.js';

/**
 * Where process selection and cart pricing read the catalog: the MongoDB store (the imported daily
 * dump), a remote TMF620 API, or both. `null` means the catalog has no such entity.
 */
export interface CatalogSource {
  getOffering(id: string): Promise<ProductOffering | null>;
  getOfferingPrice(id: string): Promise<ProductOfferingPrice | null>;
  getProductSpecification(id: string): Promise<ProductSpecification | null>;
  /** The same catalog for one decision's lookups, where a source can serve them cheaper together (see CatalogStore). */
  atOneReading?(): CatalogSource;
}

/** The catalog could not be asked (remote down, timed out, answered nonsense): not an unknown entity. */
export class CatalogUnavailableError extends Error {
  constructor(readonly source: string, message: string) {
    super(`catalog ${source} is unavailable: ${message}`);
  }
}

/** Asks `primary` first and `fallback` only for what `primary` does not have. */
export function firstFound(primary: CatalogSource, fallback: CatalogSource): CatalogSource {
  return {
    getOffering: async (id) => (await primary.getOffering(id)) ?? fallback.getOffering(id),
    getOfferingPrice: async (id) => (await primary.getOfferingPrice(id)) ?? fallback.getOfferingPrice(id),
    getProductSpecification: async (id) => (await primary.getProductSpecification(id)) ?? fallback.getProductSpecification(id),
    atOneReading: () => firstFound(atOneReading(primary), atOneReading(fallback)),
  };
}

/** `source` for one decision's lookups (itself, when it has no cheaper way). */
export const atOneReading = (source: CatalogSource): CatalogSource => (source.atOneReading ? source.atOneReading() : source);

/** A catalog held in memory, indexed by id: for simulators, dry runs and tests. */
export class InMemoryCatalog implements CatalogSource {
  private readonly byType: { [T in CatalogEntityType]: Map<string, CatalogEntities[T]> };

  constructor(dump: CatalogDump) {
    this.byType = Object.fromEntries(catalogEntityTypes.map((type) => [type, new Map(dump[type].map((e) => [e.id, e]))])) as typeof this.byType;
  }

  get<T extends CatalogEntityType>(type: T, id: string): CatalogEntities[T] | null {
    return (this.byType[type] as Map<string, CatalogEntities[T]>).get(id) ?? null;
  }

  all<T extends CatalogEntityType>(type: T): CatalogEntities[T][] {
    return [...(this.byType[type] as Map<string, CatalogEntities[T]>).values()];
  }

  async getOffering(id: string): Promise<ProductOffering | null> {
    return this.get('productOffering', id);
  }

  async getOfferingPrice(id: string): Promise<ProductOfferingPrice | null> {
    return this.get('productOfferingPrice', id);
  }

  async getProductSpecification(id: string): Promise<ProductSpecification | null> {
    return this.get('productSpecification', id);
  }
}
