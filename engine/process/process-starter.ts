import type { Logger } from '../observability/logger.js';
import type { OrderStore, StoredOrder } from '../orders/order-store.js';
import type { JsonObject, ZeebeClient } from './zeebe.js';

/** The message that starts the order orchestrator (message start event of bpmn/product-order.bpmn). */
export const ORDER_RECEIVED_MESSAGE = 'order-received';

export interface StarterSettings {
  retryMs: number;
  messageTtlMs: number;
}

/** The variables the process starts with: small, never the whole order. */
export function startVariables(order: StoredOrder): Record<string, unknown> {
  return {
    orderId: order.id,
    ...(order.externalId ? { externalId: order.externalId } : {}),
    orderItems: order.productOrderItem.map((item) => ({ id: item.id, action: item.action, productOfferingId: item.productOffering?.id ?? null })),
    traceContext: order._ordo.traceContext,
  };
}

/**
 * Starts the process of every stored order exactly once. A start is a message keyed by the order id
 * with a message id derived from it, so Zeebe itself refuses a second start of the same order;
 * orders whose start failed (Zeebe down) stay `pending` and are retried with backoff until it works.
 */
export class ProcessStarter {
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly store: OrderStore,
    private readonly zeebe: ZeebeClient,
    private readonly settings: StarterSettings,
    private readonly log: Logger,
  ) {}

  run(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.settings.retryMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Try to start one order now (after POST); failures are left to the sweep. */
  kick(orderId: string): void {
    if (!this.timer) return; // not running yet (models not deployed): the sweep will start it
    void this.claimAndStart(orderId).catch(() => undefined);
  }

  /** Starts every order that is due; returns how many were started. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    let started = 0;
    try {
      const due = await this.store.collection
        .find({ '_ordo.process.status': 'pending', '_ordo.process.nextAttemptAt': { $lte: new Date() } }, { projection: { _id: 1 } })
        .limit(100)
        .toArray();
      for (const { _id } of due) if (await this.claimAndStart(_id)) started++;
    } catch (err) {
      this.log.warn('process start sweep failed', { error: (err as Error).message });
    } finally {
      this.sweeping = false;
    }
    return started;
  }

  private async claimAndStart(orderId: string): Promise<boolean> {
    const now = new Date();
    const order = await this.store.collection.findOneAndUpdate(
      { _id: orderId, '_ordo.process.status': 'pending', '_ordo.process.nextAttemptAt': { $lte: now } },
      { $set: { '_ordo.process.nextAttemptAt': new Date(now.getTime() + 30_000) }, $inc: { '_ordo.process.attempts': 1 } },
      { returnDocument: 'after' },
    );
    if (!order) return false;
    return this.startClaimed(order as StoredOrder);
  }

  private async startClaimed(order: StoredOrder): Promise<boolean> {
    const orderId = order.id;
    try {
      await this.publishStart(order);
      await this.store.collection.updateOne({ _id: orderId }, { $set: { '_ordo.process.status': 'started', '_ordo.process.startedAt': new Date() }, $unset: { '_ordo.process.lastError': '', '_ordo.process.nextAttemptAt': '' } });
      this.log.info('order process started', { orderId, bpmnProcessId: order._ordo.process.bpmnProcessId, attempt: order._ordo.process.attempts });
      return true;
    } catch (err) {
      const attempts = order._ordo.process.attempts;
      const delay = Math.min(this.settings.retryMs * 2 ** Math.min(attempts - 1, 5), 60_000);
      await this.store.collection
        .updateOne({ _id: orderId }, { $set: { '_ordo.process.nextAttemptAt': new Date(Date.now() + delay), '_ordo.process.lastError': (err as Error).message } })
        .catch(() => undefined);
      this.log.warn('order process start failed; will retry', { orderId, attempt: attempts, retryInMs: delay, error: (err as Error).message });
      return false;
    }
  }

  private async publishStart(order: StoredOrder): Promise<void> {
    try {
      await this.zeebe.publishMessage({
        name: ORDER_RECEIVED_MESSAGE,
        correlationKey: order.id,
        messageId: `${ORDER_RECEIVED_MESSAGE}:${order.id}`,
        timeToLive: this.settings.messageTtlMs,
        variables: startVariables(order) as JsonObject,
      });
    } catch (err) {
      // ALREADY_EXISTS: the same start was accepted before (we crashed before recording it).
      if (/ALREADY_EXISTS/.test(String((err as Error).message)) || (err as { code?: number }).code === 6) return;
      throw err;
    }
  }
}
