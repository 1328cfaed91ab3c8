import { MoneyError, toMinor, type Amount } from '../payments/money.js';
import type { ValidationProblem } from '../tmf/schema-validator.js';
import type { ProductOfferingPrice } from './catalog-entities.js';

/** Tax rates are read exactly to this many decimals of a percent. */
const RATE_DECIMALS = 6;
const RATE_SCALE = 10 ** RATE_DECIMALS;

/** What one productOfferingPrice charges: its duty-free amount and its tax rate, both exact. */
export interface PriceCharge {
  dutyFree: Amount;
  /** The sum of its tax items' rates, in millionths of a percent (8.1 % is 8_100_000). */
  taxRateMillionths: number;
}

function rateMillionths(value: unknown): number {
  // String(8.1) is "8.1": the decimal the catalog wrote.
  const match = typeof value === 'number' && Number.isFinite(value) ? /^(\d+)(?:\.(\d+))?$/.exec(String(value)) : null;
  if (!match || (match[2] ?? '').length > RATE_DECIMALS) throw new MoneyError(`must be a percentage of at least 0 with at most ${RATE_DECIMALS} decimals`);
  return Number(match[1]) * RATE_SCALE + Number((match[2] ?? '').padEnd(RATE_DECIMALS, '0'));
}

/** A rate in millionths of a percent as the TMF number of percent (8_100_000 is 8.1). */
export const percentOf = (millionths: number): number => Number(`${Math.floor(millionths / RATE_SCALE)}.${String(millionths % RATE_SCALE).padStart(RATE_DECIMALS, '0')}`);

/**
 * What a price charges, or undefined for a price without an amount (a percentage alteration, a
 * composite price): Ordo charges amounts only. MoneyError for a price priceProblems finds fault with.
 */
export function chargeOf(price: ProductOfferingPrice): PriceCharge | undefined {
  if (price.price === undefined) return undefined;
  const currency = String(price.price.unit);
  const taxRateMillionths = (price.tax ?? []).reduce((sum, item) => sum + rateMillionths(item.taxRate), 0);
  return { dutyFree: { currency, minor: toMinor(price.price.value, currency) }, taxRateMillionths };
}

/** What keeps a catalog's productOfferingPrice from being charged exactly, each with its path. */
export function priceProblems(price: ProductOfferingPrice): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const check = (path: string, read: () => unknown) => {
    try {
      read();
    } catch (err) {
      if (!(err instanceof MoneyError)) throw err;
      problems.push({ path, message: err.message });
    }
  };
  if (price.price !== undefined) {
    check('/price', () => toMinor(price.price?.value, String(price.price?.unit)));
    if (typeof price.priceType !== 'string') problems.push({ path: '/priceType', message: 'a price with an amount must say its priceType (oneTime, recurring, …)' });
    if (price.priceType === 'recurring' && typeof price.recurringChargePeriodType !== 'string') problems.push({ path: '/recurringChargePeriodType', message: 'a recurring price must say its period (month, …)' });
  }
  (price.tax ?? []).forEach((item, i) => check(`/tax/${i}/taxRate`, () => rateMillionths(item.taxRate)));
  return problems;
}

/** The tax on `dutyFree` at the rate, rounded half up to the currency's minor unit. */
export function taxOn(dutyFree: Amount, taxRateMillionths: number): Amount {
  const exact = BigInt(dutyFree.minor) * BigInt(taxRateMillionths);
  const divisor = 100n * BigInt(RATE_SCALE);
  return { currency: dutyFree.currency, minor: Number((2n * exact + divisor) / (2n * divisor)) };
}
