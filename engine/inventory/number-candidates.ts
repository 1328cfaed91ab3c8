import { InventoryError } from './inventory-error.js';
import { preferenceRegexes, type NumberPreference } from './number-preference.js';
import { assertPoolCategory, numberConditions } from './reserve-resource.js';
import type { ResourceStore } from './resource-store.js';
import { DEFAULT_CATEGORY, numberOf, poolName } from './resource.js';

export interface CandidateRequest extends NumberPreference {
  /** The pool's category; default `standard`. */
  category?: string | undefined;
  /** How many numbers to offer, 1 to MAX_CANDIDATES. */
  count: number;
}

export const MAX_CANDIDATES = 20;

/**
 * Up to `count` different free MSISDNs of the pool `msisdn:<category>` matching the preference, for a
 * customer to choose from; nothing is held. They are the next free ones in `rand` order after a
 * random point (wrapping round to the start): `rand` is drawn at random for each number, so that
 * run is a random choice, found with at most two index seeks.
 */
export async function numberCandidates(store: ResourceStore, request: CandidateRequest): Promise<string[]> {
  const { count } = request;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CANDIDATES) throw new InventoryError('INVALID_RESOURCE_PREFERENCE', `count must be a whole number from 1 to ${MAX_CANDIDATES}`);
  const category = request.category ?? DEFAULT_CATEGORY;
  assertPoolCategory(category);
  const pool = poolName('msisdn', category);
  const conditions = numberConditions('msisdn', preferenceRegexes(request));
  const from = Math.random();
  const after = await store.freeByRand(pool, conditions, from, 'after', count);
  const before = after.length < count ? await store.freeByRand(pool, conditions, from, 'before', count - after.length) : [];
  return [...after, ...before].map((resource) => numberOf(resource, 'msisdn'));
}
