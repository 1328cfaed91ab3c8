import { Router } from 'express';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import type { Principal } from '../security/principal.js';
import { addReadRoutes } from '../tmf/read-routes.js';
import { deleteRecord, patchRecord, type DeleteDeps } from './change-records.js';
import { createRecord } from './create-records.js';
import { eraseCustomer, type ErasureDeps } from './erase-customer.js';
import { resourceInfo, type PartyRecords, type PartyResource } from './party-records.js';

const mergePatchTypes = ['application/merge-patch+json', 'application/json'];

export interface CustomerRouteDeps extends ErasureDeps, DeleteDeps {
  records: PartyRecords;
}

/**
 * POST, GET (by id and TMF630 lists), PATCH (merge patch) and DELETE of the resources of one API.
 * DELETE customer is the erasure of its personal data.
 */
export function customerRecordRoutes(deps: CustomerRouteDeps, resources: PartyResource[]): Router {
  const router = Router();
  for (const resource of resources) {
    const info = resourceInfo[resource];
    const store = deps.records.stores[resource];
    router.post(`/${resource}`, requireContentType(['application/json']), async (req, res) => {
      const created = await createRecord(deps.records, resource, req.body);
      res.status(201).location(String(created['href'])).json(created);
    });
    addReadRoutes(router, resource, info.typeName, store, info.listSpec);
    router.patch(`/${resource}/:id`, requireContentType(mergePatchTypes), async (req, res) => {
      res.json(await patchRecord(deps.records, resource, String(req.params['id']), req.body));
    });
    router.delete(`/${resource}/:id`, async (req, res) => {
      const id = String(req.params['id']);
      if (resource === 'customer') await eraseCustomer(deps, id, (res.locals['principal'] as Principal | undefined)?.subject ?? 'anonymous');
      else await deleteRecord(deps, resource, id);
      res.status(204).end();
    });
    router.all(`/${resource}`, methodNotAllowed('GET, POST'));
    router.all(`/${resource}/:id`, methodNotAllowed('GET, PATCH, DELETE'));
  }
  return router;
}
