import { PeriodicTask } from './periodic-task.js';
import type { Collection, Document } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { ProcessEngine, ProcessInstanceRef } from './process-engine.js';
import { processInstanceFields } from './process-instance.js';

export type ProcessStartStatus = 'pending' | 'started';

/**
 * `_ordo.process` of a document whose process the starter starts (orders, service and resource
 * orders, carts, sign-ups). Only this module names its fields, and process-instance.ts the instance's.
 */
export interface ProcessStart {
  bpmnProcessId: string;
  status: ProcessStartStatus;
  attempts: number;
  /** When the next claim may be made; gone once started. */
  nextAttemptAt?: Date;
  startedAt?: Date;
  lastError?: string;
  processInstanceKey?: string;
}

/** The part of `_ordo` this module owns. */
export interface ProcessStartRecord {
  process: ProcessStart;
}

/** A new document's process, due to start at once. */
export const pendingStart = (bpmnProcessId: string, at = new Date()): ProcessStart => ({ bpmnProcessId, status: 'pending', attempts: 0, nextAttemptAt: at });

/** The index the sweep finds due starts by. */
export async function ensureStartIndexes<T extends Document>(collection: Collection<T>): Promise<void> {
  await collection.createIndex({ '_ordo.process.status': 1, '_ordo.process.nextAttemptAt': 1 });
}

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

/** What a stored document needs for the starter: Ordo's process bookkeeping in `_ordo.process`. */
export type Startable = Document & { _id: string; _ordo: ProcessStartRecord };

/** Which documents start which process: the collection, the start message, and the start variables. */
export interface StartSource {
  collection: Collection<Document & { _id: string }>;
  /** The message start event's message name; the document id is the business key. */
  message: string;
  variables(doc: Startable): Record<string, unknown>;
  /** For log lines, e.g. "order" or "service order". */
  what: string;
}

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
