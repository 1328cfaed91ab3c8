import { readFileSync } from 'node:fs';
import { compatibilityPartitioner, Producer, stringSerializers, type BaseOptions } from '@platformatic/kafka';
import type { Config } from '../config/config.js';

export const topicFor = (prefix: string, resource: string): string => `${prefix}.${resource}.events`;

/** Kafka as a whole cannot be reached (as opposed to one message being refused). */
export class BrokerUnavailableError extends Error {
  constructor(cause: Error) {
    super(`Kafka unavailable: ${describe(cause)}`, { cause });
  }
}

/** Kafka refuses these messages for good (too large, invalid): sending them again would fail again. */
export class EventsRefusedError extends Error {
  constructor(cause: Error) {
    super(describe(cause), { cause });
  }
}

type KafkaError = Error & { code?: string; canRetry?: boolean; apiId?: string; errors?: unknown[] };

/** The error and every error it carries (the client nests them: one per attempt, per broker, per partition). */
function causes(err: unknown): KafkaError[] {
  if (!(err instanceof Error)) return [];
  const e = err as KafkaError;
  return [e, ...(Array.isArray(e.errors) ? e.errors.flatMap(causes) : []), ...causes(e.cause)];
}

/** What went wrong, from the innermost errors: `MESSAGE_TOO_LARGE: The request included a message larger than ...`. */
const describe = (err: Error) => [...new Set(causes(err).filter((c) => !Array.isArray(c.errors) || c.errors.length === 0).map((c) => (c.apiId ? `${c.apiId}: ${c.message}` : c.message)))].join('; ') || err.message;

/** What Kafka answers about the messages themselves: sending them again would be refused again. */
const messageRefusals = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'INVALID_TIMESTAMP']);

/**
 * How a failed send is handled: `refused` when Kafka refuses these messages for good (they are
 * parked, later events flow), `unavailable` for everything else that comes from the brokers or the
 * way there (network, timeouts, authentication, authorisation, configuration): the events wait.
 */
export function sendFailure(err: unknown): 'refused' | 'unavailable' | 'other' {
  const all = causes(err);
  if (all.some((c) => c.code === 'PLT_KFK_PROTOCOL' && messageRefusals.has(c.apiId ?? ''))) return 'refused';
  if (all.some((c) => (c.code ?? '').startsWith('PLT_KFK_') && !Array.isArray(c.errors)) || all.some((c) => /Cannot connect to any broker/i.test(c.message))) return 'unavailable';
  return 'other';
}

/**
 * How Ordo's clients reach the brokers: TLS (with the CA to trust, and a client certificate for
 * mutual TLS) and SASL (PLAIN or SCRAM), as configured. Files are read here, once.
 */
export function kafkaConnection(config: Config['kafka'], clientId = config.clientId): BaseOptions {
  const { tls, sasl } = config;
  return {
    clientId,
    bootstrapBrokers: config.brokers,
    connectTimeout: 3000,
    ...(tls
      ? {
          tls: {
            ...(tls.caFile ? { ca: readFileSync(tls.caFile, 'utf8') } : {}),
            ...(tls.certFile ? { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8') } : {}),
          },
        }
      : {}),
    ...(sasl ? { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } } : {}),
  };
}

export interface EventProducer {
  send(topic: string, messages: { key: string; value: string; headers: Record<string, string> }[]): Promise<void>;
  /** Whether a broker answers a metadata request within `timeoutMs`. */
  reachable(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A Kafka producer (@platformatic/kafka) that connects on first use and again after a failure, so
 * Ordo starts and keeps accepting orders while Kafka is down; the outbox holds the events until it is
 * back. Messages are partitioned by key as the Java client does, so an order's events keep their
 * partition (and their order) whichever client wrote them.
 */
export function createKafkaProducer(config: Config['kafka']): EventProducer {
  const producer = new Producer({
    ...kafkaConnection(config),
    serializers: stringSerializers,
    partitioner: compatibilityPartitioner,
    acks: -1,
    retries: 2,
    retryDelay: 200,
    autocreateTopics: true,
  });

  return {
    async send(topic, messages) {
      try {
        await producer.send({ messages: messages.map((m) => ({ topic, ...m })) });
      } catch (err) {
        const failure = sendFailure(err);
        if (failure === 'unavailable') throw new BrokerUnavailableError(err as Error);
        throw failure === 'refused' ? new EventsRefusedError(err as Error) : err;
      }
    },
    async reachable(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const answered = producer.metadata({ topics: [], forceUpdate: true }).then(() => true, () => false);
      try {
        return await Promise.race([answered, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await producer.close().catch(() => undefined);
    },
  };
}
