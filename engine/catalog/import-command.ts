import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { connectMongo } from '../db/mongo.js';
import { CatalogStore } from './catalog-store.js';
import { formatImportReport, importCatalog } from './import-catalog.js';

export interface CommandOutput {
  log(text: string): void;
  error(text: string): void;
}

/** `ordo catalog import <file>`: imports a catalog dump into the configured MongoDB; exit code 0 only if imported. */
export async function runCatalogImport(config: Config, file: string, out: CommandOutput): Promise<number> {
  let dump: unknown;
  try {
    dump = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    out.error(`catalog not imported: ${file} is not a readable JSON file (${(err as Error).message})`);
    return 1;
  }
  const db = await connectMongo(config.mongo);
  try {
    const store = new CatalogStore(db.db);
    await store.ensureIndexes();
    const report = await importCatalog(store, dump);
    if (report.imported) out.log(formatImportReport(report));
    else out.error(formatImportReport(report));
    return report.imported ? 0 : 1;
  } finally {
    await db.close();
  }
}
