import { Router } from 'express';
import { addReadRoutes } from '../tmf/read-routes.js';
import { productOrderListSpec } from './order-list-spec.js';
import type { OrderStore } from './order-store.js';
import { placeOrder, type PlaceOrderDeps } from './place-order.js';
import { patchOrder } from './patch-order.js';
import type { CustomerCheck } from './validate-order.js';
import { deleteOrder } from './delete-order.js';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { requestingParty } from '../security/principal.js';

export const mergePatchTypes = ['application/merge-patch+json', 'application/json'];


/** TMF622 v4 productOrder resource (create, read, list); the rest of the API builds on it. */
export interface ProductOrderRouteDeps extends PlaceOrderDeps {
  orders: OrderStore;
  /** After a PATCH: tell a process waiting for information that it may have arrived. */
  informationMayHaveArrived: (orderId: string) => void;
  /** A PATCH that changes the customer or billing account must pass it (undefined with ORDO_CUSTOMER_CHECK=off). */
  checkCustomer: CustomerCheck | undefined;
}

export function productOrderRoutes(deps: ProductOrderRouteDeps): Router {
  const router = Router();

  router.post('/productOrder', requireContentType(['application/json']), async (req, res) => {
    const { order, replayed } = await placeOrder({ body: req.body, party: requestingParty(), idempotencyKey: req.get('Idempotency-Key') }, deps);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(order.href).json(order);
  });

  addReadRoutes(router, 'productOrder', 'ProductOrder', deps.orders, productOrderListSpec);

  router.patch('/productOrder/:id', requireContentType(mergePatchTypes), async (req, res) => {
    const id = String(req.params['id']);
    res.json(await patchOrder(deps, id, req.body));
    deps.informationMayHaveArrived(id);
  });

  router.delete('/productOrder/:id', async (req, res) => {
    await deleteOrder(deps.orders, req.params.id);
    res.status(204).end();
  });

  router.all('/productOrder', methodNotAllowed('GET, POST'));
  router.all('/productOrder/:id', methodNotAllowed('GET, PATCH, DELETE'));

  return router;
}
