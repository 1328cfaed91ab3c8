import { changeOrderState } from '../../engine/orders/change-order-state.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import type { CancelStore } from '../../engine/cancellations/cancel-store.js';
import { CancelState } from '../../engine/cancellations/cancel-request.js';
import type { JobContext } from '../runtime/define-worker.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';
import type { UpdateCancelRequestHeaders, UpdateCancelRequestInput, UpdateCancelRequestOutput } from './schemas.js';

export async function updateCancelRequest(
  deps: { orders: OrderStore; cancellations: CancelStore },
  input: UpdateCancelRequestInput,
  job: JobContext<UpdateCancelRequestHeaders>,
): Promise<UpdateCancelRequestOutput> {
  if (job.headers.orderState) {
    const moved = await changeOrderState(deps.orders, input.orderId, { state: job.headers.orderState });
    if (moved.outcome === 'refused') throw new BusinessError(BpmnErrorCode.orderStateConflict, moved.reason);
    if (moved.outcome === 'not-found') throw new Error(`order ${input.orderId} does not exist`);
  }
  const extra =
    job.headers.state === CancelState.done ? { effectiveCancellationDate: new Date().toISOString() }
      : job.headers.state === CancelState.terminatedWithError ? { errorMessage: job.headers.reason ?? 'the order could not be cancelled' }
        : {};
  const updated = await deps.cancellations.moveTo(input.cancelId, job.headers.state, extra);
  if (!updated) throw new Error(`cancelProductOrder ${input.cancelId} does not exist`);
  return { cancelState: updated.state };
}
