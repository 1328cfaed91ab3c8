import type { OrderStore } from '../../engine/orders/order-store.js';
import { requestOrderInformation } from '../../engine/orders/order-information.js';
import type { ProductOrderState } from '../../engine/orders/states.js';
import { BusinessError, type JobContext } from '../runtime/define-worker.js';

export interface RequestOrderInformationInput {
  orderId: string;
  /** Comma-separated top-level attributes, e.g. `billingAccount,relatedParty`. */
  fieldPath: string;
  reason?: string;
}
export interface RequestOrderInformationOutput {
  orderState: ProductOrderState;
  requestedFields: string[];
}

export async function requestInformation(orders: OrderStore, input: RequestOrderInformationInput, job: JobContext<Record<string, never>>): Promise<RequestOrderInformationOutput> {
  const fieldPath = input.fieldPath.split(',').map((f) => f.trim()).filter(Boolean);
  const result = await requestOrderInformation(orders, input.orderId, {
    fieldPath,
    ...(input.reason ? { reason: input.reason } : {}),
    processInstanceKey: job.processInstanceKey,
    jobKey: job.jobKey,
  });
  switch (result.outcome) {
    case 'not-found':
      throw new Error(`order ${input.orderId} does not exist`);
    case 'refused':
      throw new BusinessError('ORDER_STATE_CONFLICT', result.reason, { orderState: result.order.state });
    default:
      return { orderState: result.order.state, requestedFields: fieldPath };
  }
}
