import { Router } from 'express';
import { methodNotAllowed } from '../http/app.js';
import { addReadRoutes } from '../tmf/read-routes.js';
import { paymentListSpec, refundListSpec } from './payment-list-spec.js';
import type { PaymentStore } from './payment-store.js';

/**
 * TMF676 payment and refund, read-only: Ordo records them as it collects and refunds; integrators
 * read them with TMF630 queries (e.g. `?correlatorId=<order id>`). Mount at TMF676_BASE_PATH.
 */
export function paymentManagementRoutes(payments: PaymentStore): Router {
  const router = Router();
  addReadRoutes(router, 'payment', 'Payment', payments.payments, paymentListSpec);
  addReadRoutes(router, 'refund', 'Refund', payments.refunds, refundListSpec);
  for (const resource of ['payment', 'refund']) {
    router.all(`/${resource}`, methodNotAllowed('GET'));
    router.all(`/${resource}/:id`, methodNotAllowed('GET'));
  }
  return router;
}
