import type { Logger } from '../observability/logger.js';
import type { OrderStore } from '../orders/order-store.js';
import { ProductOrderState, terminalOrderStates } from '../orders/states.js';
import { CancelState } from './cancel-request.js';
import type { CancelStore } from './cancel-store.js';

/** How long a cancellation may stay open before its order's state is checked (ms). */
const CHECK_AFTER_MS = 60_000;

/**
 * A cancellation can lose the race with the order's own end: the order completes while the
 * cancel message is on its way, and no process is left to answer it. Such requests are closed
 * here, with the reason, so no task stays open for ever.
 */
export async function superviseCancellations(orders: OrderStore, cancellations: CancelStore, log: Logger): Promise<number> {
  let closed = 0;
  for (const request of await cancellations.openBefore(new Date(Date.now() - CHECK_AFTER_MS))) {
    const order = await orders.findById(request.productOrder.id);
    if (order && !terminalOrderStates.includes(order.state)) continue;
    if (order?.state === ProductOrderState.cancelled) {
      await cancellations.moveTo(request.id, CancelState.done, { effectiveCancellationDate: order.completionDate ?? new Date().toISOString() });
    } else {
      const why = order ? `the order reached ${order.state} before it could be cancelled` : 'the order no longer exists';
      await cancellations.moveTo(request.id, CancelState.terminatedWithError, { errorMessage: why });
      log.warn('cancellation closed unfulfilled', { orderId: request.productOrder.id, cancelId: request.id, reason: why });
    }
    closed++;
  }
  return closed;
}
