import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { freezeCpqOrder, submitCpqOrder, unfreezeCpqOrder, type CpqOrderChange, type CpqOrderDeps } from '../../engine/cpq/cpq-orders.js';
import { ApiError, clientError } from '../../engine/http/errors.js';
import type { Logger } from '../../engine/observability/logger.js';
import { ORDO_ORDERS_PATH, type SalesforceOrder, type SubmitOrderAnswer } from './salesforce-api.js';
import { cpqOrderFromSalesforce } from './salesforce-order-mapping.js';

export interface SalesforceInboundDeps extends CpqOrderDeps {
  /** Bearer token Salesforce's integration layer presents. */
  inboundToken: string;
  log: Logger;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const reject = (res: Response, status: number, reasons: string[]) => res.status(status).json({ status: 'Rejected', reasons } satisfies SubmitOrderAnswer);

function shapeProblems(body: unknown): string[] {
  const order = body as Partial<SalesforceOrder> | null;
  if (!order || typeof order !== 'object' || Array.isArray(order)) return ['the request body must be a Salesforce Order JSON object'];
  const problems: string[] = [];
  if (typeof order.Id !== 'string' || !order.Id) problems.push('Id is required');
  if (typeof order.OrderNumber !== 'string' || !order.OrderNumber) problems.push('OrderNumber is required');
  if (!Array.isArray(order.OrderItems) || order.OrderItems.length === 0) problems.push('OrderItems must list at least one item');
  else
    order.OrderItems.forEach((item, i) => {
      if (typeof item?.Id !== 'string' || !item.Id) problems.push(`OrderItems[${i}].Id is required`);
      if (typeof item?.Product2?.ProductCode !== 'string' || !item.Product2.ProductCode) problems.push(`OrderItems[${i}].Product2.ProductCode is required`);
      if (!Number.isInteger(item?.Quantity) || item.Quantity < 1) problems.push(`OrderItems[${i}].Quantity must be a positive whole number`);
      if (item?.Action__c !== undefined && !['Add', 'Modify', 'Delete'].includes(item.Action__c)) problems.push(`OrderItems[${i}].Action__c must be Add, Modify or Delete`);
    });
  return problems;
}

/**
 * What Salesforce CPQ's integration layer calls: Submit Order Request (answered Accepted,
 * Provisionally Accepted when the order waits for information, or Rejected with reasons) and
 * Freeze / Unfreeze Order Request. Authenticated with a bearer token shared with Salesforce.
 */
export function salesforceInboundRoutes(deps: SalesforceInboundDeps): Router {
  const router = Router();
  router.use(ORDO_ORDERS_PATH, (req, _res, next) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    next(token && sameSecret(token, deps.inboundToken) ? undefined : new ApiError(401, 'UNAUTHORIZED', 'Not authenticated', 'a valid bearer token is required'));
  });

  router.post(ORDO_ORDERS_PATH, async (req, res) => {
    const problems = shapeProblems(req.body);
    if (problems.length) return void reject(res, 400, problems);
    const submitted = req.body as SalesforceOrder;
    try {
      const { order, replayed, provisional } = await submitCpqOrder(cpqOrderFromSalesforce(submitted), deps);
      deps.log.info('salesforce order submitted', { orderId: order.id, salesforceOrderId: submitted.Id, replayed });
      res.status(replayed ? 200 : 201).json({ status: provisional ? 'ProvisionallyAccepted' : 'Accepted', ordoOrderId: order.id, reasons: provisional ? ['no AccountId: the order waits for its customer'] : [] } satisfies SubmitOrderAnswer);
    } catch (caught) {
      const err = clientError(caught);
      if (!err) throw caught;
      deps.log.warn('salesforce order rejected', { salesforceOrderId: submitted.Id, reason: err.message });
      reject(res, err.status, [err.message]);
    }
  });

  const onOrder = (change: (salesforceOrderId: string) => Promise<CpqOrderChange>, done: 'Frozen' | 'Unfrozen') => async (req: Request, res: Response) => {
    const salesforceOrderId = String(req.params['id']);
    const result = await change(salesforceOrderId);
    if (result.outcome === 'unknown') return void reject(res, 404, [`no order was submitted as ${salesforceOrderId}`]);
    if (result.outcome === 'not-found') return void reject(res, 404, [`order ${result.orderId} no longer exists`]);
    if (result.outcome === 'refused') return void reject(res, 409, [result.reason]);
    res.json({ status: done, ordoOrderId: result.orderId, orderState: result.order.state, changed: result.outcome !== 'unchanged' });
  };
  router.post(`${ORDO_ORDERS_PATH}/:id/freeze`, onOrder((id) => freezeCpqOrder(id, 'Freeze Order Request from Salesforce', deps), 'Frozen'));
  router.post(`${ORDO_ORDERS_PATH}/:id/unfreeze`, onOrder((id) => unfreezeCpqOrder(id, deps), 'Unfrozen'));
  return router;
}

