import { Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { methodNotAllowed, requireContentType } from '../../http/app.js';
import { addReadRoutes, type ResourceView } from '../../tmf/read-routes.js';
import { assertSafeBody } from '../../tmf/safe-body.js';
import { formatProblems } from '../../tmf/schema-validator.js';
import { cancelListSpec } from '../../cancellations/cancel-list-spec.js';
import { requestCancellation, type CancellationDeps } from '../../cancellations/request-cancellation.js';
import { productOrderListSpec } from '../order-list-spec.js';
import { placeOrder } from '../place-order.js';
import { patchOrder } from '../patch-order.js';
import { deleteOrder } from '../delete-order.js';
import { mergePatchTypes, type ProductOrderRouteDeps } from '../routes.js';
import { requestingParty } from '../../security/principal.js';
import { tmf622v5 } from './tmf622-v5.js';
import { cancelFromV5, cancelToV5, orderFromV5, orderToV5, queryFromV5 } from './v5-model.js';

const validateOrder = tmf622v5.validator('ProductOrder_FVO');
const validateCancel = tmf622v5.validator('CancelProductOrder_FVO');

function validBody(body: unknown, validate: (v: unknown) => { path: string; message: string }[], name: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'INVALID_BODY', `Request body must be a ${name} JSON object`);
  assertSafeBody(body);
  const problems = validate(body);
  if (problems.length) throw new ApiError(400, 'INVALID_BODY', `Invalid ${name}`, formatProblems(problems));
  return body as Record<string, unknown>;
}

const orderView: ResourceView = { query: queryFromV5, present: orderToV5 };
const cancelView: ResourceView = { query: (q) => q, present: cancelToV5 };

/**
 * TMF622 v5 productOrder and cancelProductOrder, served from the same store and processes as v4:
 * requests are validated against the v5 schemas, translated to the stored shape, handled by the v4
 * code, and answered in the v5 shape.
 */
export function productOrderV5Routes(deps: ProductOrderRouteDeps & CancellationDeps): Router {
  const router = Router();

  router.post('/productOrder', requireContentType(['application/json']), async (req, res) => {
    const body = orderFromV5(validBody(req.body, validateOrder, 'ProductOrder_FVO'));
    const { order, replayed } = await placeOrder({ body, party: requestingParty(), idempotencyKey: req.get('Idempotency-Key') }, deps);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    const answer = orderToV5(order);
    res.status(201).location(answer['href'] as string).json(answer);
  });
  addReadRoutes(router, 'productOrder', 'ProductOrder', deps.orders, productOrderListSpec, orderView);
  router.patch('/productOrder/:id', requireContentType(mergePatchTypes), async (req, res) => {
    const patch: unknown = req.body;
    const mapped = typeof patch === 'object' && patch !== null && !Array.isArray(patch) ? orderFromV5(patch as Record<string, unknown>) : patch;
    const id = String(req.params['id']);
    res.json(orderToV5(await patchOrder(deps, id, mapped)));
    deps.informationMayHaveArrived(id);
  });
  router.delete('/productOrder/:id', async (req, res) => {
    await deleteOrder(deps.orders, req.params.id);
    res.status(204).end();
  });

  router.post('/cancelProductOrder', requireContentType(['application/json']), async (req, res) => {
    const request = cancelToV5(await requestCancellation(cancelFromV5(validBody(req.body, validateCancel, 'CancelProductOrder_FVO')), deps) as unknown as Record<string, unknown>);
    res.status(201).location(request['href'] as string).json(request);
  });
  addReadRoutes(router, 'cancelProductOrder', 'CancelProductOrder', deps.cancellations, cancelListSpec, cancelView);

  router.all('/productOrder', methodNotAllowed('GET, POST'));
  router.all('/productOrder/:id', methodNotAllowed('GET, PATCH, DELETE'));
  router.all('/cancelProductOrder', methodNotAllowed('GET, POST'));
  router.all('/cancelProductOrder/:id', methodNotAllowed('GET'));
  return router;
}
