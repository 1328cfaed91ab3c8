import { InventoryError } from './inventory-error.js';

/** What a reservation may ask of the number: a leading `prefix`, and/or a `pattern` over the whole number. */
export interface NumberPreference {
  prefix?: string | undefined;
  /** Digits, `?` for one digit, `*` for any run of digits (none included); matches the whole number. */
  pattern?: string | undefined;
}

const MAX_DIGITS = 20;
/** More runs of `*` would let one pattern make the regex engine backtrack a great deal. */
const MAX_STARS = 3;

const refuse = (message: string) => new InventoryError('INVALID_RESOURCE_PREFERENCE', message);

/**
 * An anchored regex for a pattern, built from the pattern's own grammar: only digits, `?` and `*`
 * are accepted, so no client text ever reaches the regex unescaped.
 */
export function patternRegex(pattern: string): RegExp {
  if (!/^[0-9?*]+$/.test(pattern)) throw refuse(`pattern '${pattern}' may only hold digits, '?' (one digit) and '*' (any digits)`);
  const collapsed = pattern.replace(/\*+/g, '*');
  if (collapsed.replace(/\*/g, '').length > MAX_DIGITS) throw refuse(`pattern '${pattern}' is longer than any number (${MAX_DIGITS} digits)`);
  if ((collapsed.match(/\*/g) ?? []).length > MAX_STARS) throw refuse(`pattern '${pattern}' has more than ${MAX_STARS} '*'`);
  const body = [...collapsed].map((c) => (c === '*' ? '\\d*' : c === '?' ? '\\d' : c)).join('');
  return new RegExp(`^${body}$`);
}

export function assertPrefix(prefix: string): void {
  if (!/^\d{1,15}$/.test(prefix)) throw refuse(`prefix '${prefix}' must be 1 to 15 digits`);
}

/** The regexes a number must match to satisfy the preference (none: any number does). */
export function preferenceRegexes(preference: NumberPreference): RegExp[] {
  const regexes: RegExp[] = [];
  if (preference.prefix !== undefined) {
    assertPrefix(preference.prefix);
    // Digits only (checked above), so the prefix is its own regex; anchored, an index can seek it.
    regexes.push(new RegExp(`^${preference.prefix}`));
  }
  if (preference.pattern !== undefined) regexes.push(patternRegex(preference.pattern));
  return regexes;
}
