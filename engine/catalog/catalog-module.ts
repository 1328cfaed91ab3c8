import type { Capability } from '../capability.js';
import type { Catalog } from './catalog-service.js';
import { productCatalogRoutes, TMF620_BASE_PATH } from './routes.js';

/** TMF620 product catalog: what can be ordered and the process that fulfils it (read here; imported with `ordo catalog import`). */
export function catalogModule(catalog: Catalog, publicUrl: () => string): Capability {
  return {
    name: 'catalog',
    mount: (app) => void app.use(TMF620_BASE_PATH, productCatalogRoutes(catalog.store, publicUrl)),
  };
}
