import type { Express } from 'express';
import type { AnyWorker } from '../workers/runtime/define-worker.js';
import type { Hub } from './events/hub.js';
import type { PeriodicTask } from './process/periodic-task.js';

/** Something that works in the background once started, and stops when asked (waiting for what it is doing). */
export interface Runnable {
  run(): void;
  stop(): Promise<void>;
}

/**
 * One capability as the composition root sees it (engine/ordo.ts): the routes it serves, the job
 * workers its models call, what starts processes or sends them messages, its sweeps and purges.
 * The root opens each capability with what it needs, mounts them in the order listed, runs them,
 * and stops them in reverse.
 */
export interface Capability {
  name: string;
  /** Its routes (after authentication, before the 404 answer). */
  mount?(app: Express, hub: Hub): void;
  /** The job workers of its models, with its own dependencies. */
  workers?: AnyWorker[];
  /** What starts processes or sends them messages: runs once the models are deployed (a message before its process exists would be lost). */
  onceDeployed?: Runnable[];
  /** Sweeps and purges: they run from start. */
  periodic?: PeriodicTask[];
}
