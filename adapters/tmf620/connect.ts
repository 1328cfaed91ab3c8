import type { Config } from '../../engine/config/config.js';
import type { CatalogSource } from '../../engine/catalog/catalog-source.js';
import { Tmf620Client } from './tmf620-client.js';

/**
 * The remote TMF620 catalog at ORDO_TMF620_URL, or none when lookups go to the store only
 * (ORDO_CATALOG_SOURCE=store). Ordo runs no TMF620 simulator itself: `node dist/adapters/tmf620/simulator.js` serves one.
 */
export function connectRemoteCatalog(config: Config['catalog']): CatalogSource | undefined {
  if (config.source === 'store') return undefined;
  return new Tmf620Client({ baseUrl: config.remote.url, ttlMs: config.remote.ttlMs, timeoutMs: config.remote.timeoutMs });
}
