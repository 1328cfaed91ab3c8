import type { Collection, Document } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { OrderStore, StoredOrder } from '../orders/order-store.js';
import type { JsonObject, ZeebeClient } from './zeebe.js';

/** The message that starts the order orchestrator (message start event of bpmn/product-order.bpmn). */
export const ORDER_RECEIVED_MESSAGE = 'order-received';

/** How long after its start message an order should have a process instance (ms). */
const UNCLAIMED_AFTER_MS = 5 * 60_000;

export interface StarterSettings {
  retryMs: number;
  messageTtlMs: number;
}

/** The variables the process starts with: small, never the whole order. */
export function startVariables(order: StoredOrder): Record<string, unknown> {
  return {
    orderId: order.id,
    externalId: order.externalId ?? null,
    customerId: (order['relatedParty'] as { id?: string; role?: string }[] | undefined)?.find((p) => p.role?.toLowerCase() === 'customer')?.id ?? null,
    orderItems: order.productOrderItem.map((item) => ({ id: item.id, action: item.action, productOfferingId: item.productOffering?.id ?? null })),
    fulfilment: order._ordo.fulfilment ?? [],
    traceContext: order._ordo.traceContext,
  };
}

/** What a stored document needs for the starter: Ordo's process bookkeeping in `_ordo.process`. */
export type Startable = Document & { _id: string; _ordo: { process: { bpmnProcessId: string; attempts: number } } };

/** Which documents start which process: the collection, the start message, and the start variables. */
export interface StartSource {
  collection: Collection<Document & { _id: string }>;
  /** The message start event's message name; the correlation key is the document id. */
  message: string;
  variables(doc: Startable): Record<string, unknown>;
  /** For log lines, e.g. "order" or "service order". */
  what: string;
}

/** Product orders start `product-order` with their summary. */
export const productOrderStarts = (orders: OrderStore): StartSource => ({
  collection: orders.collection,
  message: ORDER_RECEIVED_MESSAGE,
  variables: (doc) => startVariables(doc as unknown as StoredOrder),
  what: 'order',
});

/**
 * Starts the process of every stored order exactly once. A start is a message keyed by the order id
 * with a message id derived from it, so Zeebe itself refuses a second start of the same order;
 * orders whose start failed (Zeebe down) stay `pending` and are retried with backoff until it works.
 */
export class ProcessStarter {
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly source: StartSource,
    private readonly zeebe: ZeebeClient,
    private readonly settings: StarterSettings,
    private readonly log: Logger,
  ) {}

  run(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.settings.retryMs);
  }

  /** Stops sweeping and waits for starts in progress, so nothing uses Zeebe or MongoDB after close. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /** Try to start one order now (after POST); failures are left to the sweep. */
  kick(orderId: string): void {
    if (!this.timer) return; // not running yet (models not deployed): the sweep will start it
    void this.track(this.claimAndStart(orderId)).catch(() => undefined);
  }

  /** Starts every order that is due; returns how many were started. */
  sweep(): Promise<number> {
    return this.track(this.sweepOnce());
  }

  private async sweepOnce(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    let started = 0;
    try {
      await this.warnAboutUnclaimedStarts();
      const due = await this.source.collection
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
    const order = await this.source.collection.findOneAndUpdate(
      { _id: orderId, '_ordo.process.status': 'pending', '_ordo.process.nextAttemptAt': { $lte: now } },
      { $set: { '_ordo.process.nextAttemptAt': new Date(now.getTime() + 30_000) }, $inc: { '_ordo.process.attempts': 1 } },
      { returnDocument: 'after' },
    );
    if (!order) return false;
    return this.startClaimed(order as Startable);
  }

  private async startClaimed(order: Startable): Promise<boolean> {
    const orderId = order._id;
    try {
      await this.publishStart(order);
      await this.source.collection.updateOne({ _id: orderId }, { $set: { '_ordo.process.status': 'started', '_ordo.process.startedAt': new Date() }, $unset: { '_ordo.process.lastError': '', '_ordo.process.nextAttemptAt': '' } });
      this.log.info(`${this.source.what} process started`, { orderId, bpmnProcessId: order._ordo.process.bpmnProcessId, attempt: order._ordo.process.attempts });
      return true;
    } catch (err) {
      const attempts = order._ordo.process.attempts;
      const delay = Math.min(this.settings.retryMs * 2 ** Math.min(attempts - 1, 5), 60_000);
      await this.source.collection
        .updateOne({ _id: orderId, '_ordo.process.status': 'pending', '_ordo.process.attempts': attempts }, { $set: { '_ordo.process.nextAttemptAt': new Date(Date.now() + delay), '_ordo.process.lastError': (err as Error).message } })
        .catch(() => undefined);
      this.log.warn(`${this.source.what} process start failed; will retry`, { orderId, attempt: attempts, retryInMs: delay, error: (err as Error).message });
      return false;
    }
  }

  /**
   * A start message that no process takes (the model with the `order-received` start event is not
   * deployed, e.g. with ORDO_DEPLOY_ON_START=false) would leave an order waiting silently: say so.
   */
  private async warnAboutUnclaimedStarts(): Promise<void> {
    const before = new Date(Date.now() - UNCLAIMED_AFTER_MS);
    const stuck = await this.source.collection
      .find({ '_ordo.process.status': 'started', '_ordo.process.startedAt': { $lt: before }, '_ordo.process.processInstanceKey': { $exists: false }, '_ordo.process.unclaimedWarned': { $exists: false } }, { projection: { _id: 1 } })
      .limit(100)
      .toArray();
    for (const { _id } of stuck) {
      this.log.error(`${this.source.what} ${String(_id)}: its start message was accepted but no process instance has picked it up; is a model with message start event '${this.source.message}' deployed?`, { orderId: _id });
      await this.source.collection.updateOne({ _id }, { $set: { '_ordo.process.unclaimedWarned': true } });
    }
  }

  private async publishStart(order: Startable): Promise<void> {
    try {
      await this.zeebe.publishMessage({
        name: this.source.message,
        correlationKey: order._id,
        messageId: `${this.source.message}:${order._id}`,
        timeToLive: this.settings.messageTtlMs,
        variables: this.source.variables(order) as JsonObject,
      });
    } catch (err) {
      // ALREADY_EXISTS: the same start was accepted before (we crashed before recording it).
      if (/ALREADY_EXISTS/.test(String((err as Error).message)) || (err as { code?: number }).code === 6) return;
      throw err;
    }
  }
}
