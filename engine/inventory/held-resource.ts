import type { Document } from 'mongodb';
import type { ResourceStore } from './resource-store.js';
import type { StoredResource } from './resource.js';

/** What to do with a held resource: nothing more (`done`), or write `update` and answer `result`. */
export type HeldChange<T> = { done: T } | { update: Document; result: T };

const MAX_RACE_RETRIES = 10;

/**
 * Applies `change` to the resource that reservation `key` holds, as one revision-checked write;
 * reads again and re-decides whenever another write came first. Null when nothing is held.
 */
export async function changeHeld<T>(store: ResourceStore, key: string, change: (held: StoredResource) => HeldChange<T>): Promise<T | null> {
  for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
    const held = await store.findHeld(key);
    if (!held) return null;
    const step = change(held);
    if ('done' in step) return step.done;
    if (await store.updateAtRevision(held._id, held._ordo.revision, step.update)) return step.result;
  }
  throw new Error(`the resource held by ${key} is changing too often; retry`);
}
