import { PeriodicTask } from './periodic-task.js';
import type { Collection, Document } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { MessageTarget, ProcessEngine, Variables } from './process-engine.js';

/** A message a document owes a waiting process. */
export interface OwedMessage {
  name: string;
  /** Which waiting process takes it. */
  target: MessageTarget;
  variables: Variables;
  /** Every matching waiting process takes it (e.g. an order and its items held at once), not exactly one. */
  all?: boolean;
  /** Fields for the log line once it is out (orderId, processInstanceKey…). */
  logFields: Record<string, unknown>;
}

export interface MessageSource<D extends Document & { _id: string }> {
  collection: Collection<Document & { _id: string }>;
  /** The flag a write sets (to true) in the same update that makes the message due (indexed or small). */
  pendingField: string;
  /** What the document owes. */
  messageOf(doc: D): OwedMessage;
  /** Clears the flag only if the document is still as it was when delivered (not asked again since). */
  stillAsPublished(doc: D): Document;
  /** For log lines, e.g. "order information provided". */
  what: string;
}

export interface NotifierSettings {
  pollMs: number;
  /** How long a message is offered to a process that does not wait for it before it is dropped (ms). */
  messageTtlMs: number;
}

/** Longest wait between two offers of a message no process waits for yet (ms). */
const MAX_OFFER_BACKOFF_MS = 10_000;

/**
 * Delivers the messages documents owe waiting processes, at least once. The write that makes a
 * message due marks its document; this correlates it and then clears the mark, so a message lost to
 * an engine outage or a restart is sent by a later sweep. The engine keeps no message for a process
 * that is not waiting yet (it answers "no match"), so Ordo keeps offering it, backing off up to
 * 10 s, until a process takes it or ORDO_PROCESS_MESSAGE_TTL_MS has passed.
 */
export class MessageNotifier<D extends Document & { _id: string }> {
  private readonly sweeper: PeriodicTask<void>;
  private readonly kicked = new Set<Promise<void>>();
  /** Beside the pending flag: when the message was first offered in vain, and when to offer it next. */
  private readonly unclaimedSince: string;
  private readonly nextOfferAt: string;

  constructor(
    private readonly source: MessageSource<D>,
    private readonly engine: ProcessEngine,
    private readonly settings: NotifierSettings,
    private readonly log: Logger,
  ) {
    this.unclaimedSince = `${source.pendingField}UnclaimedSince`;
    this.nextOfferAt = `${source.pendingField}NextOfferAt`;
    this.sweeper = new PeriodicTask(`offering ${source.what} messages`, settings.pollMs, () => this.notifyWhere({ [this.source.pendingField]: true, [this.nextOfferAt]: { $not: { $gt: new Date() } } }), log);
  }

  run(): void {
    this.sweeper.start();
  }

  async stop(): Promise<void> {
    await this.sweeper.stop();
    await Promise.allSettled([...this.kicked]);
  }

  /** Deliver now for one document; failures are left to the sweep. */
  kick(id: string): void {
    const work = this.notifyWhere({ _id: id, [this.source.pendingField]: true }).finally(() => this.kicked.delete(work));
    this.kicked.add(work);
  }

  async sweep(): Promise<void> {
    await this.sweeper.runNow();
  }

  private async notifyWhere(filter: Document): Promise<void> {
    let owing: D[];
    try {
      owing = (await this.source.collection.find(filter).limit(100).toArray()) as unknown as D[];
    } catch (err) {
      this.log.warn(`could not look for ${this.source.what} messages to send; will retry`, { error: (err as Error).message });
      return;
    }
    for (const doc of owing) await this.deliver(doc);
  }

  private async deliver(doc: D): Promise<void> {
    const message = this.source.messageOf(doc);
    let taken: number;
    try {
      taken = await this.engine.correlate({ name: message.name, target: message.target, variables: message.variables, ...(message.all ? { all: true } : {}) });
    } catch (err) {
      this.log.warn(`could not tell the process: ${this.source.what}; will retry`, { ...message.logFields, error: (err as Error).message });
      return;
    }
    if (taken > 0) {
      // Not cleared (MongoDB unreachable): the next sweep offers it again, and no process waits for it any more.
      const cleared = await this.clear(doc);
      if (cleared) this.log.info(`${this.source.what}; process notified`, message.logFields);
      return;
    }
    await this.noTakerYet(doc, message).catch((err: Error) => this.log.warn(`could not note an undelivered ${this.source.what} message`, { ...message.logFields, error: err.message }));
  }

  private clear(doc: D): Promise<boolean> {
    return this.source.collection
      .updateOne({ _id: doc._id, ...this.source.stillAsPublished(doc) }, { $unset: { [this.source.pendingField]: '', [this.unclaimedSince]: '', [this.nextOfferAt]: '' } })
      .then(() => true, () => false);
  }

  /** No process waits for the message (yet): offer it again later, or drop it once it is too old. */
  private async noTakerYet(doc: D, message: OwedMessage): Promise<void> {
    const now = Date.now();
    const since = valueAt(doc, this.unclaimedSince);
    const firstMiss = since instanceof Date ? since.getTime() : now;
    if (now - firstMiss > this.settings.messageTtlMs) {
      await this.clear(doc);
      this.log.error(`no process took the message '${message.name}' (${this.source.what}) within ${this.settings.messageTtlMs} ms; dropped`, message.logFields);
      return;
    }
    const waitMs = Math.min(this.settings.pollMs * 2 ** Math.floor(Math.log2(1 + (now - firstMiss) / this.settings.pollMs)), MAX_OFFER_BACKOFF_MS);
    await this.source.collection.updateOne(
      { _id: doc._id, ...this.source.stillAsPublished(doc) },
      { $set: { [this.nextOfferAt]: new Date(now + waitMs), ...(since instanceof Date ? {} : { [this.unclaimedSince]: new Date(now) }) } },
    );
  }
}

/** The value at a dotted path of a document. */
function valueAt(doc: Document, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Document)[key] : undefined), doc);
}
