import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogDump } from '../../engine/catalog/catalog-entities.js';
import { bpmnDir } from '../../engine/paths.js';

export const defaultCatalogFile = path.join(bpmnDir, 'catalog', 'default-catalog.json');

/** A fresh copy of the shipped sample catalog, free to modify. */
export const defaultCatalog = (): CatalogDump => JSON.parse(readFileSync(defaultCatalogFile, 'utf8')) as CatalogDump;
