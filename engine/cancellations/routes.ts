import { Router } from 'express';
import { notFound } from '../http/errors.js';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { fieldsProjection, parseListQuery } from '../tmf/list-query.js';
import { cancelListSpec } from './cancel-list-spec.js';
import { requestCancellation, type CancellationDeps } from './request-cancellation.js';

/** TMF622 v4 cancelProductOrder task resource (create, read, list). */
export function cancelProductOrderRoutes(deps: CancellationDeps): Router {
  const router = Router();
  router.post('/cancelProductOrder', requireContentType(['application/json']), async (req, res) => {
    const request = await requestCancellation(req.body, deps);
    res.status(201).location(request.href).json(request);
  });
  router.get('/cancelProductOrder/:id', async (req, res) => {
    const request = await deps.cancellations.findById(req.params.id, fieldsProjection(req.query, cancelListSpec.alwaysReturned));
    if (!request) throw notFound('CancelProductOrder', req.params.id);
    res.json(request);
  });
  router.get('/cancelProductOrder', async (req, res) => {
    const { total, items } = await deps.cancellations.list(parseListQuery(req.query, cancelListSpec));
    res.set('X-Total-Count', String(total)).set('X-Result-Count', String(items.length)).json(items);
  });
  router.all('/cancelProductOrder', methodNotAllowed('GET, POST'));
  router.all('/cancelProductOrder/:id', methodNotAllowed('GET'));
  return router;
}
