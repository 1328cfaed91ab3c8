import { catalogEntityTypes, withEveryEntityType, type CatalogDump } from './catalog-entities.js';
import type { CatalogChanges } from './catalog-diff.js';
import type { CatalogStore } from './catalog-store.js';
import { checkCatalogDump, type CatalogProblem } from './check-catalog-dump.js';

export type CatalogImportReport =
  | { imported: true; generation: number; changes: CatalogChanges }
  | { imported: false; problems: CatalogProblem[] };

/**
 * Replaces the whole catalog with `dump` (`{productOffering, productOfferingPrice,
 * productSpecification, serviceSpecification, resourceSpecification}`; without productOfferingPrice:
 * no prices) if it has no problem at all; otherwise changes nothing and reports every problem.
 */
export async function importCatalog(store: CatalogStore, dump: unknown): Promise<CatalogImportReport> {
  const problems = checkCatalogDump(dump);
  if (problems.length > 0) return { imported: false, problems };
  const { generation, changes } = await store.replaceAll(withEveryEntityType(dump as Partial<CatalogDump>));
  return { imported: true, generation, changes };
}

const idList = (ids: string[]) => (ids.length > 0 ? ` (${ids.join(', ')})` : '');

/** The report as people read it, one line per entity type or problem. */
export function formatImportReport(report: CatalogImportReport): string {
  if (!report.imported) {
    const lines = report.problems.map((p) => `  ${p.entityType ? `${p.entityType}${p.id ? ` ${p.id}` : ''} ` : ''}at ${p.path}: ${p.message}`);
    return [`catalog not imported, nothing changed: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`, ...lines].join('\n');
  }
  const lines = catalogEntityTypes.map((type) => {
    const c = report.changes[type];
    return `  ${type}: ${c.added.length} added${idList(c.added)}, ${c.changed.length} changed${idList(c.changed)}, ${c.removed.length} removed${idList(c.removed)}, ${c.unchanged} unchanged`;
  });
  return [`catalog imported as generation ${report.generation}`, ...lines].join('\n');
}
