import type { Collection, Document } from 'mongodb';
import type { Logger } from '../observability/logger.js';
import type { JsonObject, ZeebeClient } from './zeebe.js';

/** A message a document owes a waiting process. */
export interface OwedMessage {
  name: string;
  correlationKey: string;
  /** Zeebe drops a second message with the same id while the first is buffered: repeats are harmless. */
  messageId: string;
  variables: JsonObject;
  /** Fields for the log line once it is out (orderId, processInstanceKey…). */
  logFields: Record<string, unknown>;
}

export interface MessageSource<D extends Document & { _id: string }> {
  collection: Collection<Document & { _id: string }>;
  /** The flag a write sets in the same update that makes the message due (indexed or small). */
  pendingField: string;
  /** What the document owes. */
  messageOf(doc: D): OwedMessage;
  /** Clears the flag only if the document is still as it was when published (not asked again since). */
  stillAsPublished(doc: D): Document;
  /** For log lines, e.g. "order information provided". */
  what: string;
}

/**
 * Publishes Zeebe messages that documents owe, at least once: the write that makes a message due
 * marks its document; this publishes and then clears the mark, so a message lost to a Zeebe
 * outage or a restart is sent by a later sweep.
 */
export class MessageNotifier<D extends Document & { _id: string }> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly kicked = new Set<Promise<void>>();

  constructor(
    private readonly source: MessageSource<D>,
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

  /** Publish now for one document; failures are left to the sweep. */
  kick(id: string): void {
    const work = this.notifyWhere({ _id: id, [this.source.pendingField]: true }).finally(() => this.kicked.delete(work));
    this.kicked.add(work);
  }

  sweep(): Promise<void> {
    this.running ??= this.notifyWhere({ [this.source.pendingField]: true }).finally(() => (this.running = undefined));
    return this.running;
  }

  private async notifyWhere(filter: Document): Promise<void> {
    let owing: D[];
    try {
      owing = (await this.source.collection.find(filter).limit(100).toArray()) as unknown as D[];
    } catch (err) {
      this.log.warn(`could not look for ${this.source.what} messages to send; will retry`, { error: (err as Error).message });
      return;
    }
    for (const doc of owing) {
      const message = this.source.messageOf(doc);
      try {
        await this.zeebe.publishMessage({ name: message.name, correlationKey: message.correlationKey, messageId: message.messageId, timeToLive: this.settings.messageTtlMs, variables: message.variables });
      } catch (err) {
        if (!/ALREADY_EXISTS/.test((err as Error).message)) {
          this.log.warn(`could not tell the process: ${this.source.what}; will retry`, { ...message.logFields, error: (err as Error).message });
          continue;
        }
      }
      // Not cleared (MongoDB unreachable): the next sweep publishes again, and Zeebe drops the repeat.
      const cleared = await this.source.collection.updateOne({ _id: doc._id, ...this.source.stillAsPublished(doc) }, { $unset: { [this.source.pendingField]: '' } }).then(() => true, () => false);
      if (cleared) this.log.info(`${this.source.what}; process notified`, message.logFields);
    }
  }
}
