import { InventoryError } from './inventory-error.js';
import { preferenceRegexes, type NumberPreference } from './number-preference.js';
import { assertPoolCategory, numberConditions } from './reserve-resource.js';
import type { ResourceStore } from './resource-store.js';
import { DEFAULT_CATEGORY, numberOf, poolName, type StoredResource } from './resource.js';

export interface CandidateRequest extends NumberPreference {
  /** The pool's category; default `standard`. */
  category?: string | undefined;
  /** How many numbers to offer, 1 to MAX_CANDIDATES. */
  count: number;
}

export const MAX_CANDIDATES = 20;

/** How much one search may cost, whatever the preference. */
export interface SearchBounds {
  /** About how many numbers of the pool one search goes through at most. */
  numbers: number;
  /** About how many numbers of the pool one query goes through. */
  slice: number;
  /** How long the server may spend on one query (ms; MongoDB's maxTimeMS). */
  maxTimeMS: number;
}

export const SEARCH_BOUNDS: SearchBounds = { numbers: 20_000, slice: 2_000, maxTimeMS: 2_000 };

/** MongoDB's MaxTimeMSExpired. */
const MAX_TIME_EXPIRED = 50;

/**
 * Up to `count` different free MSISDNs of the pool `msisdn:<category>` matching the preference, for a
 * customer to choose from; nothing is held. They are the next free ones in `rand` order after a
 * random point (wrapping round to the start): `rand` is drawn at random for each number, so that
 * run is a random choice. The pool is gone through a slice of `rand` at a time, so a preference
 * that matches little cannot make one query scan the whole pool: past `bounds.numbers` the search
 * answers what it found, or when that is nothing refuses the preference as too narrow.
 */
export async function numberCandidates(store: ResourceStore, request: CandidateRequest, bounds: SearchBounds = SEARCH_BOUNDS): Promise<string[]> {
  const { count } = request;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CANDIDATES) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `count must be a whole number from 1 to ${MAX_CANDIDATES}`);
  const category = request.category ?? DEFAULT_CATEGORY;
  assertPoolCategory(category);
  const pool = poolName('msisdn', category);
  const conditions = numberConditions('msisdn', preferenceRegexes(request));
  // Every resource of the pool has a slot below this, so it bounds the pool's size.
  const slots = Math.max(1, await store.slotCount(pool));
  const found: string[] = [];
  let searched = 0;
  for (const range of randRanges(Math.random(), Math.min(1, bounds.slice / slots))) {
    if (found.length >= count) break;
    if (searched >= bounds.numbers) {
      if (found.length > 0) break;
      throw tooNarrow(`No free number matching the preference among the ${Math.round(searched)} or so searched`);
    }
    let free: StoredResource[];
    try {
      free = await store.freeInRandRange(pool, conditions, range, count - found.length, bounds.maxTimeMS);
    } catch (err) {
      // Out of time: what was found is the answer, and nothing found means the preference is too narrow.
      if ((err as { code?: unknown }).code !== MAX_TIME_EXPIRED) throw err;
      if (found.length > 0) break;
      throw tooNarrow(`The search for a number matching the preference took over ${bounds.maxTimeMS} ms`);
    }
    found.push(...free.map((resource) => numberOf(resource, 'msisdn')));
    searched += (range[1] - range[0]) * slots;
  }
  return found;
}

/** [from, 1) and then [0, from), in pieces `width` wide: the `rand` ranges a search goes through, in order. */
function* randRanges(from: number, width: number): Generator<readonly [number, number]> {
  for (let start = from; start < 1; start += width) yield [start, Math.min(1, start + width)];
  for (let start = 0; start < from; start += width) yield [start, Math.min(from, start + width)];
}

const tooNarrow = (why: string) => new InventoryError('PREFERENCE_TOO_NARROW', `${why}; ask for fewer digits or a shorter pattern`);
