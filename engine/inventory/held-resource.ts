import type { Document } from 'mongodb';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import type { ResourceStore } from './resource-store.js';
import type { StoredResource } from './resource.js';

/** What to do with a held resource: nothing more (`done`), or write `update` and answer `result`. */
export type HeldChange<T> = { done: T } | { update: Document; result: T };

/**
 * Applies `change` to the resource that reservation `key` holds, as one revision-checked write;
 * reads again and re-decides whenever another write came first. Null when nothing is held.
 */
export async function changeHeld<T>(store: ResourceStore, key: string, change: (held: StoredResource) => HeldChange<T>): Promise<T | null> {
  return retryOnRace(`the resource held by ${key}`, async () => {
    const held = await store.findHeld(key);
    if (!held) return null;
    const step = change(held);
    if ('done' in step) return step.done;
    return (await store.updateAtRevision(held._id, held._ordo.revision, step.update)) ? step.result : LOST_RACE;
  });
}
