import type { Router } from 'express';
import { readOnlyRoutes } from '../tmf/read-routes.js';
import { paymentListSpec, refundListSpec } from './payment-list-spec.js';
import type { PaymentStore } from './payment-store.js';

/**
 * TMF676 payment and refund, read-only: Ordo records them as it collects and refunds; integrators
 * read them with TMF630 queries (e.g. `?correlatorId=<order id>`). Mount at TMF676_BASE_PATH.
 */
export function paymentManagementRoutes(payments: PaymentStore): Router {
  return readOnlyRoutes([
    { resource: 'payment', typeName: 'Payment', store: payments.payments, spec: paymentListSpec },
    { resource: 'refund', typeName: 'Refund', store: payments.refunds, spec: refundListSpec },
  ]);
}
