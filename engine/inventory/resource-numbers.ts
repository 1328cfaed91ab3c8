import type { ResourceKind } from './resource.js';

/** The Luhn (mod 10) check digit of `digits`, as ITU-T E.118 requires at the end of an ICCID. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Doubling starts from the digit next to the check digit, i.e. the last one here.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** E.164 without '+': country code first (never 0), 8 to 15 digits in all. */
const msisdnShape = /^[1-9]\d{7,14}$/;
/** ITU-T E.118: '89' (telecom), then up to 17 digits, then the Luhn check digit; 19 or 20 digits. */
const iccidShape = /^89\d{17,18}$/;

/** Why `number` is not a valid number of `kind`, or undefined when it is. */
export function numberProblem(kind: ResourceKind, number: string): string | undefined {
  if (kind === 'msisdn') return msisdnShape.test(number) ? undefined : `'${number}' is not an MSISDN (E.164 digits without '+', 8 to 15, not starting with 0)`;
  if (!iccidShape.test(number)) return `'${number}' is not an ICCID (19 or 20 digits starting with 89)`;
  const check = luhnCheckDigit(number.slice(0, -1));
  return Number(number.at(-1)) === check ? undefined : `'${number}' fails the ICCID Luhn check (its last digit should be ${check})`;
}
