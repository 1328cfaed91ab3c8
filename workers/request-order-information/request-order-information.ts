import type { OrderStore } from '../../engine/orders/order-store.js';
import { requestOrderInformation } from '../../engine/orders/order-information.js';
import type { JobContext } from '../runtime/define-worker.js';
import { changedOrder } from '../runtime/order-variables.js';
import type { RequestOrderInformationInput, RequestOrderInformationOutput } from './schemas.js';

export async function requestInformation(orders: OrderStore, input: RequestOrderInformationInput, job: JobContext<Record<string, never>>): Promise<RequestOrderInformationOutput> {
  const fieldPath = input.fieldPath.split(',').map((f) => f.trim()).filter(Boolean);
  const result = await requestOrderInformation(orders, input.orderId, {
    fieldPath,
    ...(input.reason ? { reason: input.reason } : {}),
    processInstanceKey: job.processInstanceKey,
    jobKey: job.jobKey,
  });
  return { orderState: changedOrder(result, input.orderId).state, requestedFields: fieldPath };
}
