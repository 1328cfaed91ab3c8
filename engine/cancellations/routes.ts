import { Router } from 'express';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { addReadRoutes } from '../tmf/read-routes.js';
import { cancelListSpec } from './cancel-list-spec.js';
import { requestCancellation, type CancellationDeps } from './request-cancellation.js';

/** TMF622 v4 cancelProductOrder task resource (create, read, list). */
export function cancelProductOrderRoutes(deps: CancellationDeps): Router {
  const router = Router();
  router.post('/cancelProductOrder', requireContentType(['application/json']), async (req, res) => {
    const request = await requestCancellation(req.body, deps);
    res.status(201).location(request.href).json(request);
  });
  addReadRoutes(router, 'cancelProductOrder', 'CancelProductOrder', deps.cancellations, cancelListSpec);
  router.all('/cancelProductOrder', methodNotAllowed('GET, POST'));
  router.all('/cancelProductOrder/:id', methodNotAllowed('GET'));
  return router;
}
