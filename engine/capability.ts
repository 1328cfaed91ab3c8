import type { Express } from 'express';
import type { AnyWorker } from '../workers/runtime/define-worker.js';
import type { EventFormat, Hub } from './events/hub.js';
import type { OutboxEvent } from './events/tmf-event.js';
import type { PeriodicTask } from './process/periodic-task.js';

/** Something that works in the background once started, and stops when asked (waiting for what it is doing). */
export interface Runnable {
  run(): void;
  stop(): Promise<void>;
}

/**
 * The resources whose documents queue TMF events in their outbox (`_ordo.outbox`), each with the
 * API whose hub listeners hear them. A resource's documents are kept in the collection of its name,
 * and its events go to the Kafka topic of its name.
 */
export type EventResources = Readonly<Record<string, string>>;

/** A view kept from the events as the relay hands them out (the console's order timeline). Failing to record never holds up the hub or Kafka. */
export interface EventView {
  name: string;
  record(events: OutboxEvent[]): Promise<void>;
}

/**
 * One capability as the composition root sees it (engine/ordo.ts): the routes it serves, the
 * resources whose events it queues, the job workers its models call, what starts processes or
 * sends them messages, its sweeps and purges. The root opens each capability with what it needs,
 * mounts them in the order listed, runs them, and stops them in reverse.
 */
export interface Capability {
  name: string;
  /** Routes that prove their caller themselves (a signed callback): mounted before authentication and before the JSON parser. */
  mountUnauthenticated?(app: Express): void;
  /** Its routes (after authentication, before the 404 answer). */
  mount?(app: Express, hub: Hub): void;
  /** The resources it keeps whose documents carry outbox events: the relay drains them, the hub fans them out. */
  events?: EventResources;
  /** Other shapes hub listeners may ask its events in (`format` of a listener), by name. */
  eventFormats?: Readonly<Record<string, EventFormat>>;
  /** Views it keeps from every capability's events. */
  views?: EventView[];
  /** The job workers of its models, with its own dependencies. */
  workers?: AnyWorker[];
  /** Works from start until stopped (the event relay, the hub's deliveries). */
  background?: Runnable[];
  /** What starts processes or sends them messages: runs once the models are deployed (a message before its process exists would be lost). */
  onceDeployed?: Runnable[];
  /** Sweeps and purges: they run from start. */
  periodic?: PeriodicTask[];
}
