import { tmfEvent, type OutboxEvent } from '../events/tmf-event.js';
import type { Resource } from './resource.js';

export const ResourceEventType = {
  create: 'ResourceCreateEvent',
  stateChange: 'ResourceStateChangeEvent',
  attributeValueChange: 'ResourceAttributeValueChangeEvent',
} as const;

/** The attributes whose change is a state change (ResourceStateChangeEvent). */
export const stateAttributes = ['resourceStatus', 'usageState', 'administrativeState', 'operationalState'] as const;

export function resourceCreatedEvent(resource: Resource, correlationId?: string): OutboxEvent {
  return tmfEvent('resource', ResourceEventType.create, resource.id, { ...resource }, correlationId);
}

/** `why` becomes the event's description, e.g. "reserved for order 42 item 1". */
export function resourceStateChangedEvent(resource: Resource, why: string, correlationId?: string): OutboxEvent {
  const event = tmfEvent('resource', ResourceEventType.stateChange, resource.id, { ...resource }, correlationId);
  event.body.description = why;
  return event;
}

export function resourceAttributesChangedEvent(resource: Resource, changed: string[], correlationId?: string): OutboxEvent {
  return tmfEvent('resource', ResourceEventType.attributeValueChange, resource.id, { ...resource }, correlationId, changed.join(','));
}
