import { Router, type Request } from 'express';
import { ApiError, notFound } from '../http/errors.js';
import type { OrderStore } from './order-store.js';
import { placeOrder, type PlaceOrderDeps } from './place-order.js';

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

function intParam(req: Request, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = req.query[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw new ApiError(400, 'INVALID_QUERY', `${name} must be a non-negative integer`);
  return Math.min(Number(raw), max);
}

/** TMF622 v4 productOrder resource (create, read, list); the rest of the API builds on it. */
export function productOrderRoutes(deps: PlaceOrderDeps & { orders: OrderStore }): Router {
  const router = Router();

  router.post('/productOrder', async (req, res) => {
    const order = await placeOrder(req.body, deps);
    res.status(201).location(order.href).json(order);
  });

  router.get('/productOrder/:id', async (req, res) => {
    const order = await deps.orders.findById(req.params.id);
    if (!order) throw notFound('ProductOrder', req.params.id);
    res.json(order);
  });

  router.get('/productOrder', async (req, res) => {
    const offset = intParam(req, 'offset', 0);
    const limit = intParam(req, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
    const { total, items } = await deps.orders.list({ offset, limit });
    res.set('X-Total-Count', String(total)).set('X-Result-Count', String(items.length)).json(items);
  });

  return router;
}
