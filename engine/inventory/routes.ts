import { Router } from 'express';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { addReadRoutes } from '../tmf/read-routes.js';
import { createResource } from './create-resource.js';
import { patchResource } from './patch-resource.js';
import { resourceListSpec } from './resource-list-spec.js';
import type { ResourceStore } from './resource-store.js';

const mergePatchTypes = ['application/merge-patch+json', 'application/json'];

/** TMF639 v4 resource (list, read, create and patch for administration); mount at TMF639_BASE_PATH. */
export function resourceInventoryRoutes(resources: ResourceStore): Router {
  const router = Router();

  router.post('/resource', requireContentType(['application/json']), async (req, res) => {
    const resource = await createResource(resources, req.body);
    res.status(201).location(resource.href).json(resource);
  });

  addReadRoutes(router, 'resource', 'Resource', resources, resourceListSpec);

  router.patch('/resource/:id', requireContentType(mergePatchTypes), async (req, res) => {
    res.json(await patchResource(resources, String(req.params['id']), req.body));
  });

  router.all('/resource', methodNotAllowed('GET, POST'));
  router.all('/resource/:id', methodNotAllowed('GET, PATCH'));
  return router;
}
