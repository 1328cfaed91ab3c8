import iso4217 from 'currency-codes';
/**
 * Money as Ordo computes it: an integer count of the currency's minor units (cents, fils, yen),
 * never a binary float. TMF `Money.value` numbers are read through their decimal text, so
 * 0.1 + 0.2 is 30 cents, exactly.
 */
export interface Amount {
  /** ISO 4217 code. */
  currency: string;
  /** Integer minor units, e.g. 1999 for EUR 19.99. */
  minor: number;
}

export class MoneyError extends Error {}

/**
 * Decimals of the currency's minor unit as ISO 4217 lists them (EUR 2, JPY 0, KWD and IQD 3, HUF 2);
 * undefined for a code ISO 4217 does not list. Not Intl's: CLDR shows IQD, HUF or IDR with fewer
 * decimals than ISO defines, which would charge the wrong amount.
 */
export function currencyDigits(currency: string): number | undefined {
  return iso4217.code(currency)?.digits;
}

/** `value` (a JSON number or a decimal string) in minor units of `currency`; MoneyError for anything inexact. */
export function toMinor(value: unknown, currency: string): number {
  const digits = currencyDigits(currency);
  if (digits === undefined) throw new MoneyError(`${JSON.stringify(currency)} is not an ISO 4217 currency code`);
  // String(0.1) is "0.1": the shortest text that reads back as the same double, i.e. what the client wrote.
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new MoneyError(`${JSON.stringify(value)} is not a non-negative decimal amount`);
  const [, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) throw new MoneyError(`${text} ${currency} has more decimals than ${currency} allows (${digits})`);
  const minor = Number(whole) * 10 ** digits + Number(significant.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`${text} ${currency} is too large`);
  return minor;
}

/** "19.99" for 1999 EUR, "500" for 500 JPY. */
export function toDecimalString(amount: Amount): string {
  const digits = currencyDigits(amount.currency) ?? 2;
  if (digits === 0) return String(amount.minor);
  const text = String(amount.minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The TMF shape. JSON has only numbers; the decimal text is exact, and serialises as written. */
export function toTmfMoney(amount: Amount): { unit: string; value: number } {
  return { unit: amount.currency, value: Number(toDecimalString(amount)) };
}

export function sumAmounts(currency: string, amounts: readonly Amount[]): Amount {
  let minor = 0;
  for (const a of amounts) {
    if (a.currency !== currency) throw new MoneyError(`cannot add ${a.currency} to ${currency}`);
    minor += a.minor;
  }
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`total in ${currency} is too large`);
  return { currency, minor };
}
