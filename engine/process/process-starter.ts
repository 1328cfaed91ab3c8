import { PeriodicTask } from './periodic-task.js';
import { traceVariable } from '../observability/tracing.js';
import type { Collection, Document } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { OrderStore, StoredOrder } from '../orders/order-store.js';
import type { ProcessEngine, ProcessInstanceRef } from './process-engine.js';
import { processInstanceFields } from './process-instance.js';

/** The message that starts the order orchestrator (message start event of bpmn/product-order.bpmn). */
export const ORDER_RECEIVED_MESSAGE = 'order-received';

export interface StarterSettings {
  retryMs: number;
  /**
   * How long a claimed start belongs to the Ordo that claimed it (ms). It must outlast one engine
   * call (ORDO_ENGINE_TIMEOUT_MS), so that no other Ordo starts the same order while a call is in flight.
   */
  leaseMs: number;
}

/** The claim lease for an engine call timeout: well past one call (30 s with the default 10 s timeout). */
export const claimLeaseMs = (engineTimeoutMs: number) => Math.max(5_000, 3 * engineTimeoutMs);

/** The variables the process starts with: small, never the whole order. */
export function startVariables(order: StoredOrder): Record<string, unknown> {
  return {
    orderId: order.id,
    externalId: order.externalId ?? null,
    customerId: (order['relatedParty'] as { id?: string; role?: string }[] | undefined)?.find((p) => p.role?.toLowerCase() === 'customer')?.id ?? null,
    orderItems: order.productOrderItem.map((item) => ({ id: item.id, action: item.action, productOfferingId: item.productOffering?.id ?? null })),
    fulfilment: order._ordo.fulfilment ?? [],
    traceContext: traceVariable(order._ordo.traceContext),
  };
}

/** What a stored document needs for the starter: Ordo's process bookkeeping in `_ordo.process`. */
export type Startable = Document & { _id: string; _ordo: { process: { bpmnProcessId: string; attempts: number } } };

/** Which documents start which process: the collection, the start message, and the start variables. */
export interface StartSource {
  collection: Collection<Document & { _id: string }>;
  /** The message start event's message name; the document id is the business key. */
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
 * Starts the process of every stored order exactly once. The engine does not refuse a second instance
 * with the same business key, so Ordo makes sure: a start is claimed in MongoDB (a lease, counted in
 * `attempts`); the instance is started with the order id as business key and recorded on the order.
 * A start that may have reached the engine before (a later attempt: this or another Ordo crashed, or
 * lost the answer) first looks the business key up and records what it finds instead of starting
 * again. Orders whose start failed (engine down) stay `pending` and are retried with backoff.
 */
export class ProcessStarter {
  private readonly sweeper: PeriodicTask<number>;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly source: StartSource,
    private readonly engine: ProcessEngine,
    private readonly settings: StarterSettings,
    private readonly log: Logger,
  ) {
    this.sweeper = new PeriodicTask(`${source.what} process start sweep`, settings.retryMs, () => this.sweepOnce(), log);
  }

  run(): void {
    this.sweeper.start();
  }

  /** Stops sweeping and waits for starts in progress, so nothing uses the engine or MongoDB after close. */
  async stop(): Promise<void> {
    await this.sweeper.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /** Try to start one order now (after POST); failures are left to the sweep. */
  kick(orderId: string): void {
    if (!this.sweeper.started) return; // not running yet (models not deployed): the sweep will start it
    void this.track(this.claimAndStart(orderId)).catch(() => undefined);
  }

  /** Starts every order that is due; returns how many were started. */
  async sweep(): Promise<number> {
    return (await this.sweeper.runNow()) ?? 0;
  }

  private async sweepOnce(): Promise<number> {
    let started = 0;
    const due = await this.source.collection
      .find({ '_ordo.process.status': 'pending', '_ordo.process.nextAttemptAt': { $lte: new Date() } }, { projection: { _id: 1 } })
      .limit(100)
      .toArray();
    for (const { _id } of due) if (await this.claimAndStart(_id)) started++;
    return started;
  }

  private async claimAndStart(orderId: string): Promise<boolean> {
    const now = new Date();
    const order = await this.source.collection.findOneAndUpdate(
      { _id: orderId, '_ordo.process.status': 'pending', '_ordo.process.nextAttemptAt': { $lte: now } },
      { $set: { '_ordo.process.nextAttemptAt': new Date(now.getTime() + this.settings.leaseMs) }, $inc: { '_ordo.process.attempts': 1 } },
      { returnDocument: 'after' },
    );
    if (!order) return false;
    return this.startClaimed(order as Startable);
  }

  private async startClaimed(order: Startable): Promise<boolean> {
    const orderId = order._id;
    const { bpmnProcessId, attempts } = order._ordo.process;
    try {
      const earlier = attempts > 1 ? (await this.engine.instancesByBusinessKey(orderId, bpmnProcessId))[0] : undefined;
      const instance = earlier ?? (await this.engine.startByMessage(this.source.message, orderId, this.source.variables(order)));
      await this.markStarted(orderId, instance);
      this.log.info(earlier ? `${this.source.what} process found, started by an earlier attempt` : `${this.source.what} process started`, { orderId, bpmnProcessId: instance.bpmnProcessId, processInstanceKey: instance.processInstanceKey, attempt: attempts });
      return true;
    } catch (err) {
      const delay = Math.min(this.settings.retryMs * 2 ** Math.min(attempts - 1, 5), 60_000);
      await this.source.collection
        .updateOne({ _id: orderId, '_ordo.process.status': 'pending', '_ordo.process.attempts': attempts }, { $set: { '_ordo.process.nextAttemptAt': new Date(Date.now() + delay), '_ordo.process.lastError': (err as Error).message } })
        .catch(() => undefined);
      this.log.warn(`${this.source.what} process start failed; will retry`, { orderId, attempt: attempts, retryInMs: delay, error: (err as Error).message });
      return false;
    }
  }

  private async markStarted(orderId: string, instance: ProcessInstanceRef): Promise<void> {
    await this.source.collection.updateOne(
      { _id: orderId },
      {
        $set: { '_ordo.process.status': 'started', '_ordo.process.startedAt': new Date(), ...processInstanceFields(this.engine, instance.processInstanceKey) },
        $unset: { '_ordo.process.lastError': '', '_ordo.process.nextAttemptAt': '' },
      },
    );
  }
}
