import { isDeepStrictEqual } from 'node:util';
import { catalogEntityTypes, type CatalogDump, type CatalogEntityType } from './catalog-entities.js';

/** What an import did to one entity type: ids added, changed (any attribute) and removed, sorted. */
export interface EntityChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

export type CatalogChanges = Record<CatalogEntityType, EntityChanges>;

/** Compares two whole catalogs entity by entity (deeply; attribute order does not matter). */
export function diffCatalog(before: CatalogDump, after: CatalogDump): CatalogChanges {
  const changes = {} as CatalogChanges;
  for (const type of catalogEntityTypes) {
    const old = new Map<string, unknown>(before[type].map((e) => [e.id, e]));
    const result: EntityChanges = { added: [], changed: [], removed: [], unchanged: 0 };
    for (const entity of after[type]) {
      if (!old.has(entity.id)) result.added.push(entity.id);
      else if (isDeepStrictEqual(old.get(entity.id), entity)) result.unchanged++;
      else result.changed.push(entity.id);
      old.delete(entity.id);
    }
    result.removed = [...old.keys()];
    for (const ids of [result.added, result.changed, result.removed]) ids.sort();
    changes[type] = result;
  }
  return changes;
}
