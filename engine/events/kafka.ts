import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Config } from '../config/config.js';

export const topicFor = (prefix: string, resource: string): string => `${prefix}.${resource}.events`;

export interface EventProducer {
  send(topic: string, messages: { key: string; value: string; headers: Record<string, string> }[]): Promise<void>;
  close(): Promise<void>;
}

export async function connectKafkaProducer(config: Config['kafka']): Promise<EventProducer> {
  const kafka = new Kafka({ clientId: config.clientId, brokers: config.brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: false, allowAutoTopicCreation: true });
  await producer.connect();
  return {
    async send(topic, messages) {
      await producer.send({ topic, acks: -1, messages });
    },
    close: () => producer.disconnect(),
  };
}
