import type { MongoClient, Db } from 'mongodb';
import type { Capability, EventResources, EventView } from '../capability.js';
import type { Logger } from '../observability/logger.js';
import { ADMIN_BASE_PATH } from '../tmf/extension-schema-routes.js';
import { outboxCollections } from './event-resources.js';
import type { Hub } from './hub.js';
import { hubAdminRoutes } from './hub-admin-routes.js';
import type { EventProducer } from './kafka.js';
import type { OutboxEvent } from './tmf-event.js';
import { OutboxRelay } from './outbox-relay.js';

export interface EventsSettings {
  db: Db;
  /** Its writes wake the relay (command monitoring on). */
  client: MongoClient;
  producer: EventProducer;
  hub: Hub;
  topicPrefix: string;
  pollMs: number;
  /** Every capability's event resources. */
  resources: EventResources;
  /** Every capability's views of the events. */
  views: EventView[];
  log: Logger;
}

/**
 * Events out: the relay drains every capability's outboxes to Kafka and hands the events to the
 * hub (each to the listeners of its resource's API) and to the views; the hub delivers them and
 * its admin API shows and repairs the listeners.
 */
export function eventsModule(settings: EventsSettings): Capability & { relay: OutboxRelay } {
  const { hub, resources, log } = settings;
  const fanOut = async (events: OutboxEvent[]) => {
    for (const api of new Set(events.map((e) => resources[e.resource]))) if (api) await hub.enqueue(api, events.filter((e) => resources[e.resource] === api));
    // A view is a view: failing to record one never holds up the hub or Kafka.
    for (const view of settings.views) await view.record(events).catch((err: Error) => log.warn('could not record events in a view', { view: view.name, events: events.length, error: err.message }));
  };
  const relay = new OutboxRelay(outboxCollections(settings.db, resources), settings.producer, settings.topicPrefix, settings.pollMs, log, fanOut);
  relay.wakeOnWrites(settings.client);
  return {
    name: 'events',
    mount: (app) => void app.use(ADMIN_BASE_PATH, hubAdminRoutes(hub)),
    background: [relay, hub],
    relay,
  };
}
