import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Config } from '../config/config.js';

export const topicFor = (prefix: string, resource: string): string => `${prefix}.${resource}.events`;

/** Kafka as a whole cannot be reached (as opposed to one message being refused). */
export class BrokerUnavailableError extends Error {
  constructor(cause: Error) {
    super(`Kafka unavailable: ${cause.message}`, { cause });
  }
}

const unreachable = (err: Error) => /Connection|Timeout|NumberOfRetriesExceeded|BrokerNotFound|ECONNREFUSED|LeaderNotAvailable/i.test(`${err.name} ${err.message}`);

export interface EventProducer {
  send(topic: string, messages: { key: string; value: string; headers: Record<string, string> }[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Kafka producer that connects on first use and again after a failure, so Ordo starts and keeps
 * accepting orders while Kafka is down; the outbox holds the events until it is back.
 */
export function createKafkaProducer(config: Config['kafka']): EventProducer {
  const kafka = new Kafka({ clientId: config.clientId, brokers: config.brokers, logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 200 }, connectionTimeout: 3000 });
  let producer: Producer | undefined;
  let connecting: Promise<Producer> | undefined;

  const connected = (): Promise<Producer> => {
    if (producer) return Promise.resolve(producer);
    connecting ??= (async () => {
      const p = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
      try {
        await p.connect();
        producer = p;
        return p;
      } finally {
        connecting = undefined;
      }
    })();
    return connecting;
  };

  return {
    async send(topic, messages) {
      let p: Producer;
      try {
        p = await connected();
      } catch (err) {
        throw new BrokerUnavailableError(err as Error);
      }
      try {
        await p.send({ topic, acks: -1, messages });
      } catch (err) {
        producer = undefined;
        await p.disconnect().catch(() => undefined);
        throw unreachable(err as Error) ? new BrokerUnavailableError(err as Error) : err;
      }
    },
    async close() {
      await producer?.disconnect().catch(() => undefined);
      producer = undefined;
    },
  };
}
