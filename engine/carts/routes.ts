import { Router } from 'express';
import { currentPrincipal } from '../security/principal.js';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { ApiError } from '../http/errors.js';
import { notFound } from '../outcomes.js';
import { cartHolds } from '../inventory/number-holds.js';
import { addReadRoutes } from '../tmf/read-routes.js';
import { fieldsProjection } from '../tmf/list-query.js';
import { createCart, deleteCart, patchCart } from './cart-changes.js';
import { candidates, holdCartNumber, releaseCartNumber, type NumberDeps } from './cart-numbers.js';
import { cartListSpec } from './cart-store.js';
import { checkout, type CheckoutDeps } from './checkout.js';

const mergePatchTypes = ['application/merge-patch+json', 'application/json'];
/** When a checkout given up on an unavailable payment provider may be tried again (Retry-After, s). */
const PROVIDER_RETRY_AFTER_S = 60;

export type CartRouteDeps = CheckoutDeps & NumberDeps;

/**
 * TMF663 shoppingCart: POST, GET (by id, `fields=` too, with the numbers it holds; TMF630 lists),
 * PATCH (merge patch) and DELETE; Ordo's sub-resources for number choice (numberCandidate,
 * cartItem/{id}/numberHold) and the checkout (POST shoppingCart/{id}/checkout).
 */
export function shoppingCartRoutes(deps: CartRouteDeps): Router {
  const router = Router();
  router.post('/shoppingCart', requireContentType(['application/json']), async (req, res) => {
    if (currentPrincipal()?.visitor) await deps.limits.anonymousCart(req.ip);
    const { cart, replayed } = await createCart(deps, req.body, req.get('Idempotency-Key'));
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(cart.href).json(cart);
  });
  router.get('/shoppingCart/:id', async (req, res) => {
    const projection = fieldsProjection(req.query as Record<string, unknown>, cartListSpec.alwaysReturned);
    const cart = (await deps.carts.findById(String(req.params['id']), projection)) as Record<string, unknown> | null;
    if (!cart) throw notFound('ShoppingCart', String(req.params['id']));
    const holds = projection && !('numberHold' in projection) ? [] : await cartHolds(deps.resources, String(req.params['id']));
    res.json({ ...cart, ...(holds.length ? { numberHold: holds.map((h) => ({ cartItemId: h.itemId, line: h.line, number: h.number, resource: { id: h.resourceId, href: deps.resources.href(h.resourceId), '@referredType': 'LogicalResource' }, expiresAt: h.expiresAt.toISOString() })) } : {}) });
  });
  addReadRoutes(router, 'shoppingCart', 'ShoppingCart', deps.carts, cartListSpec);
  router.patch('/shoppingCart/:id', requireContentType(mergePatchTypes), async (req, res) => {
    res.json(await patchCart(deps, String(req.params['id']), req.body));
  });
  router.delete('/shoppingCart/:id', async (req, res) => {
    await deleteCart(deps, String(req.params['id']));
    res.status(204).end();
  });
  router.get('/shoppingCart/:id/numberCandidate', async (req, res) => {
    res.json(await candidates(deps, String(req.params['id']), req.query as Record<string, unknown>, req.ip));
  });
  router.post('/shoppingCart/:id/cartItem/:itemId/numberHold', requireContentType(['application/json']), async (req, res) => {
    const hold = await holdCartNumber(deps, String(req.params['id']), String(req.params['itemId']), req.body ?? {}, req.ip);
    res.status(201).json({ cartItemId: hold.itemId, line: hold.line, number: hold.number, resource: { id: hold.resourceId, href: deps.resources.href(hold.resourceId), '@referredType': 'LogicalResource' }, expiresAt: hold.expiresAt.toISOString() });
  });
  router.delete('/shoppingCart/:id/cartItem/:itemId/numberHold', async (req, res) => {
    await releaseCartNumber(deps, String(req.params['id']), String(req.params['itemId']), req.query as Record<string, unknown>);
    res.status(204).end();
  });
  router.post('/shoppingCart/:id/checkout', requireContentType(['application/json']), async (req, res) => {
    const result = await checkout(deps, String(req.params['id']), req.body);
    if (result.outcome === 'declined') throw new ApiError(402, 'PAYMENT_DECLINED', 'The payment was declined', `${result.reason}; the cart is as it was: choose another payment method and check out again`);
    // Nothing was declined: the provider could not take the payment; the cart is active again and may be checked out later.
    if (result.outcome === 'givenUp') throw new ApiError(503, 'PAYMENT_PROVIDER_UNAVAILABLE', 'The payment provider is unavailable', `${result.reason}; the cart is as it was: check out again later`, PROVIDER_RETRY_AFTER_S);
    // 202 while the provider decides or the checkout is carried on later; the cart says checkedOut (with its productOrder) once it is done.
    res.status(result.outcome === 'ordered' ? 200 : 202).json(result.cart);
  });
  router.all('/shoppingCart', methodNotAllowed('GET, POST'));
  router.all('/shoppingCart/:id', methodNotAllowed('GET, PATCH, DELETE'));
  router.all('/shoppingCart/:id/checkout', methodNotAllowed('POST'));
  router.all('/shoppingCart/:id/numberCandidate', methodNotAllowed('GET'));
  router.all('/shoppingCart/:id/cartItem/:itemId/numberHold', methodNotAllowed('POST, DELETE'));
  return router;
}
