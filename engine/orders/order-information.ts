import type { Logger } from '../observability/logger.js';
import type { JsonObject, ZeebeClient } from '../process/zeebe.js';
import { ApiError } from '../http/errors.js';
import { changeOrderState, type StateChangeResult } from './change-order-state.js';
import { orderInformationRequiredEvent } from './order-events.js';
import type { InformationRequest, OrderStore } from './order-store.js';
import { attributesPatchableIn } from './patch-order.js';
import { ProductOrderState } from './states.js';

/** Published (key: order id) once the client has supplied everything asked for; the model waits for it. */
export const ORDER_INFORMATION_PROVIDED_MESSAGE = 'order-information-provided';

const NOTIFY_PENDING = '_ordo.informationRequired.notifyPending';

export interface InformationAsked {
  fieldPath: string[];
  reason?: string;
  processInstanceKey: string;
  jobKey: string;
}

/**
 * The process asks the client for attributes: the order goes `pending` and a
 * ProductOrderInformationRequiredEvent names them (`fieldPath`), in one write. Only attributes a
 * client may PATCH in `pending` can be asked for; asking again from the same job changes nothing.
 */
export async function requestOrderInformation(orders: OrderStore, orderId: string, asked: InformationAsked): Promise<StateChangeResult> {
  const patchable = attributesPatchableIn(ProductOrderState.pending);
  const notPatchable = asked.fieldPath.filter((a) => !patchable.includes(a));
  if (asked.fieldPath.length === 0 || notPatchable.length > 0) {
    throw new ApiError(400, 'INVALID_FIELD_PATH', 'Not information a client can supply', `fieldPath must name attributes a client may PATCH on a pending order (${patchable.join(', ')}); not ${notPatchable.join(', ') || '(none given)'}`);
  }
  return changeOrderState(orders, orderId, {
    state: ProductOrderState.pending,
    processInstanceKey: asked.processInstanceKey,
    also: (next, meta) => {
      if (meta.informationRequired?.jobKey === asked.jobKey) return undefined;
      const request: InformationRequest = { fieldPath: asked.fieldPath, ...(asked.reason ? { reason: asked.reason } : {}), requestedAt: new Date(), jobKey: asked.jobKey };
      return { set: { '_ordo.informationRequired': request }, events: [orderInformationRequiredEvent(next, asked.fieldPath, asked.reason)] };
    },
  });
}

/**
 * Tells waiting processes that their information has arrived. The PATCH that completes the
 * information marks the order in the same write; this publishes the message (its id makes a repeat
 * harmless) and clears the mark, so a message lost to a Zeebe outage or a restart is sent later.
 */
export class InformationNotifier {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly kicked = new Set<Promise<void>>();

  constructor(
    private readonly orders: OrderStore,
    private readonly zeebe: ZeebeClient,
    private readonly settings: { pollMs: number; messageTtlMs: number },
    private readonly log: Logger,
  ) {}

  run(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.settings.pollMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([this.running, ...this.kicked]);
  }

  /** Notify now for one order (after a PATCH); failures are left to the sweep. */
  kick(orderId: string): void {
    const work = this.notifyWhere({ _id: orderId, [NOTIFY_PENDING]: true }).finally(() => this.kicked.delete(work));
    this.kicked.add(work);
  }

  sweep(): Promise<void> {
    this.running ??= this.notifyWhere({ [NOTIFY_PENDING]: true }).finally(() => (this.running = undefined));
    return this.running;
  }

  private async notifyWhere(filter: Record<string, unknown>): Promise<void> {
    let waiting;
    try {
      waiting = await this.orders.collection.find(filter, { projection: { '_ordo.informationRequired': 1, '_ordo.process': 1 } }).limit(100).toArray();
    } catch (err) {
      this.log.warn('could not look for orders whose information arrived; will retry', { error: (err as Error).message });
      return;
    }
    for (const order of waiting) {
      const request = order['_ordo'].informationRequired as InformationRequest;
      try {
        await this.zeebe.publishMessage({
          name: ORDER_INFORMATION_PROVIDED_MESSAGE,
          correlationKey: order._id,
          messageId: `${ORDER_INFORMATION_PROVIDED_MESSAGE}:${order._id}:${request.requestedAt.getTime()}`,
          timeToLive: this.settings.messageTtlMs,
          variables: { providedFields: request.fieldPath } as JsonObject,
        });
      } catch (err) {
        if (!/ALREADY_EXISTS/.test((err as Error).message)) {
          this.log.warn('could not tell the process that information arrived; will retry', { orderId: order._id, error: (err as Error).message });
          continue;
        }
      }
      // Not cleared (MongoDB unreachable): the next sweep publishes again, and Zeebe drops the repeat.
      const cleared = await this.orders.collection.updateOne({ _id: order._id, '_ordo.informationRequired.requestedAt': request.requestedAt }, { $unset: { [NOTIFY_PENDING]: '' } }).then(() => true, () => false);
      if (!cleared) continue;
      this.log.info('order information provided; process notified', { orderId: order._id, processInstanceKey: order['_ordo'].process?.processInstanceKey, fieldPath: request.fieldPath.join(',') });
    }
  }
}
