export interface TtlCacheOptions {
  /** How long a found value is kept (ms). */
  ttlMs: number;
  /** How long "not found" is kept (ms); shorter, so a newly published entity appears soon. */
  negativeTtlMs: number;
  /** Beyond this many entries the oldest are dropped. */
  maxEntries: number;
  now?: () => number;
}

interface Entry<T> {
  value: Promise<T | null>;
  /** Infinity while the load runs: everyone asking meanwhile shares it. */
  expiresAt: number;
}

/**
 * An in-memory cache of lookups by key: found values and `null` (not found) expire after their own
 * TTL, concurrent lookups of one key share one load, and failed loads are not kept.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string, load: () => Promise<T | null>): Promise<T | null> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const entry: Entry<T> = { value: load(), expiresAt: Infinity };
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) === entry) entry.expiresAt = this.now() + (value === null ? this.options.negativeTtlMs : this.options.ttlMs);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}
