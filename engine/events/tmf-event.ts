import { randomUUID } from 'node:crypto';

/**
 * A TMF event waiting in its resource's document to be published. It is written in the same
 * single-document update as the state change it reports, so neither can exist without the other.
 */
export interface OutboxEvent {
  /** Resource family, e.g. `productOrder`: selects the Kafka topic and the hub. */
  resource: string;
  /** Kafka message key: events of one resource keep their order on one partition. */
  key: string;
  body: TmfEvent;
}

export interface TmfEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  /** Spelled as TMF v4 spells it; v5 listeners get `timeOccurred`. */
  timeOcurred?: string;
  timeOccurred?: string;
  correlationId?: string;
  /** AttributeValueChange events: the attributes that changed, comma-separated. */
  fieldPath?: string;
  domain?: string;
  title?: string;
  description?: string;
  event: Record<string, unknown>;
  '@type'?: string;
}

export function tmfEvent(resource: string, eventType: string, key: string, payload: Record<string, unknown>, correlationId?: string, fieldPath?: string): OutboxEvent {
  const now = new Date().toISOString();
  return {
    resource,
    key,
    body: {
      eventId: randomUUID(),
      eventTime: now,
      eventType,
      timeOcurred: now,
      ...(correlationId ? { correlationId } : {}),
      ...(fieldPath ? { fieldPath } : {}),
      event: { [resource]: payload },
      '@type': eventType,
    },
  };
}
