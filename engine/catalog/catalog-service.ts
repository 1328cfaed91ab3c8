import { readFileSync } from 'node:fs';
import type { Db } from 'mongodb';
import type { Config } from '../config/config.js';
import type { Logger } from '../observability/logger.js';
import { CatalogStore } from './catalog-store.js';
import { firstFound, type CatalogSource } from './catalog-source.js';
import { loadProcessMapping, type ProcessMapping } from './fulfilment-process.js';
import { formatImportReport, importCatalog } from './import-catalog.js';
import { selectProcesses, type ItemSelection, type OrderItemRef } from './select-processes.js';

/** The catalog as the rest of Ordo uses it: the store, where lookups go, and process selection. */
export interface Catalog {
  store: CatalogStore;
  source: CatalogSource;
  mapping: ProcessMapping;
  select(items: readonly OrderItemRef[]): Promise<ItemSelection[]>;
}

/**
 * Opens the catalog as configured: the MongoDB store (seeded from the shipped sample when it has
 * never been imported), optionally a remote TMF620 API (`remote`, given when ORDO_CATALOG_SOURCE
 * is not `store`), and the process mapping file (read and validated once; a broken file stops
 * start-up rather than failing orders later).
 */
export async function openCatalog(db: Db, config: Config['catalog'], remote: CatalogSource | undefined, log: Logger): Promise<Catalog> {
  const store = new CatalogStore(db);
  await store.ensureIndexes();
  if (config.seedFile && (await store.currentGeneration()) === 0) {
    const report = await importCatalog(store, JSON.parse(readFileSync(config.seedFile, 'utf8')));
    if (!report.imported) throw new Error(`catalog seed ${config.seedFile} is invalid:\n${formatImportReport(report)}`);
    log.info('catalog seeded', { file: config.seedFile, generation: report.generation });
  }
  const source: CatalogSource = !remote ? store : config.source === 'remote' ? remote : firstFound(store, remote);
  const mapping = loadProcessMapping(config.processMappingFile);
  return { store, source, mapping, select: (items) => selectProcesses(items, { catalog: source, mapping }) };
}
