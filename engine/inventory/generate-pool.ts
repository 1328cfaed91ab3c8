import { luhnCheckDigit } from './resource-numbers.js';
import type { NumberRecord } from './load-pool.js';
import type { ResourceKind } from './resource.js';

export interface PoolGeneration {
  kind: ResourceKind;
  count: number;
  /** MSISDN: country code and range, e.g. `4179`; ICCID: `89` and the issuer, e.g. `894101`. */
  prefix: string;
  category?: string | undefined;
  /** The first number's sequence after the prefix (default 0). */
  start?: number | undefined;
}

/** Digits of a generated MSISDN: 11, as Swiss mobile numbers (`4179` + 7 digits). */
export const GENERATED_MSISDN_DIGITS = 11;
/** Digits of an ICCID before its check digit: `89` + 17. */
const ICCID_BODY_DIGITS = 19;

/**
 * `count` consecutive valid numbers after `prefix`: MSISDNs of GENERATED_MSISDN_DIGITS digits, or
 * 20-digit ICCIDs ending in their Luhn check digit. Throws when the range is too small for `count`.
 */
export function* generatePool(request: PoolGeneration): Generator<NumberRecord> {
  const { kind, count, prefix, category, start = 0 } = request;
  if (!/^\d+$/.test(prefix)) throw new Error(`prefix '${prefix}' must be digits`);
  if (kind === 'msisdn' && prefix.startsWith('0')) throw new Error('an MSISDN prefix starts with the country code, never 0');
  if (kind === 'iccid' && !prefix.startsWith('89')) throw new Error('an ICCID prefix starts with 89');
  const width = (kind === 'msisdn' ? GENERATED_MSISDN_DIGITS : ICCID_BODY_DIGITS) - prefix.length;
  if (width < 1) throw new Error(`prefix '${prefix}' leaves no digits to number with`);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(start) || start < 0) throw new Error('count must be a positive whole number and start a whole number');
  if (start + count > 10 ** width) throw new Error(`prefix '${prefix}' has room for ${10 ** width} numbers, not ${start + count}`);
  for (let i = start; i < start + count; i++) {
    const body = `${prefix}${String(i).padStart(width, '0')}`;
    yield { number: kind === 'iccid' ? `${body}${luhnCheckDigit(body)}` : body, ...(category ? { category } : {}) };
  }
}
