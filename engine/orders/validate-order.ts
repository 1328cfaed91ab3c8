import { Refusal, RefusalKind } from '../outcomes.js';
import type { Catalog } from '../catalog/catalog-service.js';
import type { OrderItemRef } from '../catalog/select-processes.js';
import type { ProductOrder } from './product-order.js';
import { missingOfferingPaths } from './item-offering.js';
import type { StoredOrder } from './order-record.js';

/** The customer check of the customers capability (ORDO_CUSTOMER_CHECK=registered); none when customers are kept elsewhere. */
export type CustomerCheck = (order: Record<string, unknown> & { placedBy?: string }) => Promise<{ rejectionReason: string; missing: string[]; party?: string }>;

export interface OrderValidation {
  orderValid: boolean;
  /** Why the order cannot be fulfilled ('' when it can). */
  rejectionReason: string;
  /** Attributes the client must supply before fulfilment can begin ('' when none). */
  missingInformation: string;
}

const hasCustomer = (order: ProductOrder) =>
  Array.isArray(order['relatedParty']) && (order['relatedParty'] as { role?: string }[]).some((p) => p.role?.toLowerCase() === 'customer');

/**
 * What the order process checks before fulfilment: every item can still be fulfilled as the
 * catalog stands now (an offering retired, or left without a process, since the order was accepted
 * rejects it; a remapped process does not change the one selected at acceptance), and
 * the order names its customer (a party in role Customer) and each `add` item its offering, which
 * the client is asked for if not. With the customer check, the customer must be one Ordo keeps and
 * may order, and the billing account its own (asked for when it has several).
 */
export async function validateOrder(order: ProductOrder | StoredOrder, catalog: Catalog, checkCustomer?: CustomerCheck): Promise<OrderValidation & { customerParty?: string }> {
  try {
    await catalog.select(order.productOrderItem as unknown as OrderItemRef[]);
  } catch (err) {
    if (err instanceof Refusal && err.kind === RefusalKind.unprocessable) return { orderValid: false, rejectionReason: `${err.reason}: ${err.message}`, missingInformation: '' };
    throw err;
  }
  const placedBy = '_ordo' in order ? (order as StoredOrder)._ordo.party : undefined;
  const customer = checkCustomer ? await checkCustomer({ ...(order as Record<string, unknown>), ...(placedBy ? { placedBy } : {}) }) : { rejectionReason: '', missing: [] };
  if (customer.rejectionReason) return { orderValid: false, rejectionReason: customer.rejectionReason, missingInformation: '' };
  const missing = [...(hasCustomer(order) ? [] : ['relatedParty']), ...customer.missing, ...missingOfferingPaths(order)];
  return { orderValid: true, rejectionReason: '', missingInformation: missing.join(','), ...(customer.party ? { customerParty: customer.party } : {}) };
}
