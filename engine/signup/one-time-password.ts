import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_DIGITS = 6;

/** A random six-digit code (leading zeros kept). */
export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/**
 * The stored form of a code: HMAC-SHA256 keyed with the pepper, over the sign-up and the code's
 * generation, so a hash is useless for any other sign-up or code, and without the pepper for all.
 */
export function hashCode(pepper: Buffer, signUpId: string, generation: number, code: string): string {
  return createHmac('sha256', pepper).update(`${signUpId}\u0000${generation}\u0000${code}`).digest('hex');
}

/** Whether `code` is the one hashed, in constant time whatever it is. */
export function codeMatches(pepper: Buffer, signUpId: string, generation: number, code: string, storedHash: string): boolean {
  const given = Buffer.from(hashCode(pepper, signUpId, generation, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
