import { Router } from 'express';
import { methodNotAllowed } from '../http/app.js';
import { addReadRoutes } from '../tmf/read-routes.js';
import { catalogListSpecs } from './catalog-list-specs.js';
import type { CatalogStore } from './catalog-store.js';
import { TMF620_BASE_PATH } from './catalog-schemas.js';

export { TMF620_BASE_PATH };

/** TMF620 v4, read-only: the imported catalog's productOffering and productSpecification (mount at TMF620_BASE_PATH). */
export function productCatalogRoutes(catalog: CatalogStore): Router {
  const router = Router();
  addReadRoutes(router, 'productOffering', 'ProductOffering', catalog.readable('productOffering'), catalogListSpecs.productOffering);
  addReadRoutes(router, 'productSpecification', 'ProductSpecification', catalog.readable('productSpecification'), catalogListSpecs.productSpecification);
  for (const resource of ['productOffering', 'productSpecification']) {
    router.all(`/${resource}`, methodNotAllowed('GET'));
    router.all(`/${resource}/:id`, methodNotAllowed('GET'));
  }
  return router;
}
