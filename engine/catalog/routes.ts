import { Router } from 'express';
import { methodNotAllowed } from '../http/app.js';
import { addReadRoutes, type ResourceView } from '../tmf/read-routes.js';
import { catalogListSpecs } from './catalog-list-specs.js';
import type { CatalogStore } from './catalog-store.js';
import { TMF620_BASE_PATH } from './catalog-schemas.js';

export { TMF620_BASE_PATH };

type Ref = Record<string, unknown>;
/** Attributes referring to entities this API serves, and the resource each names. */
const servedRefs: Record<string, string> = {
  productSpecification: 'productSpecification',
  bundledProductOffering: 'productOffering',
  bundledProductSpecification: 'productSpecification',
  productOfferingPrice: 'productOfferingPrice',
  popRelationship: 'productOfferingPrice',
  bundledPopRelationship: 'productOfferingPrice',
};

/**
 * Entities as this API serves them: their `href`, and those of the offerings, prices and
 * specifications they refer to, point at this API, whatever catalog the dump was exported from.
 */
function servedHere(resource: string, publicUrl: () => string): ResourceView {
  const linked = (to: string, ref: Ref): Ref => (typeof ref['id'] === 'string' ? { ...ref, href: `${publicUrl()}${TMF620_BASE_PATH}/${to}/${encodeURIComponent(ref['id'])}` } : ref);
  return {
    query: (q) => q,
    present: (entity) => {
      const served = linked(resource, entity);
      for (const [attribute, to] of Object.entries(servedRefs)) {
        const value = served[attribute];
        if (Array.isArray(value)) served[attribute] = value.map((ref: Ref) => linked(to, ref));
        else if (value && typeof value === 'object') served[attribute] = linked(to, value as Ref);
      }
      return served;
    },
  };
}

/** TMF620 v4, read-only: the imported catalog's productOffering, productOfferingPrice and productSpecification (mount at TMF620_BASE_PATH). */
export function productCatalogRoutes(catalog: CatalogStore, publicUrl: () => string): Router {
  const router = Router();
  for (const [resource, typeName] of [['productOffering', 'ProductOffering'], ['productOfferingPrice', 'ProductOfferingPrice'], ['productSpecification', 'ProductSpecification']] as const) {
    addReadRoutes(router, resource, typeName, catalog.readable(resource), catalogListSpecs[resource], servedHere(resource, publicUrl));
    router.all(`/${resource}`, methodNotAllowed('GET'));
    router.all(`/${resource}/:id`, methodNotAllowed('GET'));
  }
  return router;
}
