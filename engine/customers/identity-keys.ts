import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { Refusal, RefusalKind } from '../outcomes.js';

/**
 * What identifies a person or a company, whatever the spelling: a normalised e-mail address, an
 * E.164 phone number, a national id or a company registration number. No two parties share one.
 */
export type IdentityKey = string;

const invalid = (reason: string, message: string) => new Refusal(RefusalKind.unprocessable, 'INVALID_CONTACT', reason, message);

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** The address as Ordo stores and compares it: trimmed and lower case (mailboxes are not case-sensitive in practice). */
export function normaliseEmail(raw: string, where = 'emailAddress'): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..')) throw invalid('Invalid e-mail address', `${where}: '${raw.slice(0, 80)}' is not an e-mail address`);
  return email;
}

/** The number in E.164 (+41791234567); it must be given with its country code. */
export function normalisePhone(raw: string, where = 'phoneNumber'): string {
  const trimmed = raw.trim();
  const number = trimmed.length <= 32 && /^\+[\d\s().-]+$/.test(trimmed) ? parsePhoneNumberFromString(trimmed) : undefined;
  if (!number?.isValid()) throw invalid('Invalid phone number', `${where}: '${raw.slice(0, 40)}' is not a valid phone number in international form (+ and country code, e.g. +41 79 123 45 67)`);
  return number.number;
}

const idValue = (raw: string) => raw.toUpperCase().replace(/[\s.\-/]/g, '');

interface ContactMedium {
  mediumType?: string;
  characteristic?: { emailAddress?: string; phoneNumber?: string; [k: string]: unknown };
  [k: string]: unknown;
}

interface Identification {
  identificationId?: string;
  identificationType?: string;
  issuingAuthority?: string;
  [k: string]: unknown;
}

/**
 * The party with its e-mail addresses and phone numbers normalised, and its identity keys. Phone
 * media are `mobile`, `phone` or `telephone`; any medium's `emailAddress` is an e-mail.
 */
export function identityOf(party: Record<string, unknown>, kind: 'individual' | 'organization'): { party: Record<string, unknown>; keys: IdentityKey[] } {
  const keys = new Set<IdentityKey>();
  const media = (party['contactMedium'] as ContactMedium[] | undefined)?.map((medium, i) => {
    const c = medium.characteristic;
    if (!c) return medium;
    const where = `contactMedium[${i}].characteristic`;
    const next = { ...c };
    if (typeof c.emailAddress === 'string') {
      next.emailAddress = normaliseEmail(c.emailAddress, `${where}.emailAddress`);
      keys.add(`email:${next.emailAddress}`);
    }
    if (typeof c.phoneNumber === 'string') {
      next.phoneNumber = normalisePhone(c.phoneNumber, `${where}.phoneNumber`);
      keys.add(`phone:${next.phoneNumber}`);
    }
    return { ...medium, characteristic: next };
  });
  const field = kind === 'individual' ? 'individualIdentification' : 'organizationIdentification';
  for (const [i, id] of ((party[field] as Identification[] | undefined) ?? []).entries()) {
    if (typeof id.identificationId !== 'string' || typeof id.identificationType !== 'string') throw invalid('Incomplete identification', `${field}[${i}] needs identificationType and identificationId`);
    const value = idValue(id.identificationId);
    if (!/^[A-Z0-9]{2,40}$/.test(value)) throw invalid('Invalid identification', `${field}[${i}].identificationId: letters and digits (separators aside), 2 to 40 of them`);
    const issuer = idValue(id.issuingAuthority ?? '');
    keys.add(`${kind === 'individual' ? 'nationalId' : 'registration'}:${idValue(id.identificationType)}:${issuer}:${value}`);
  }
  return { party: media ? { ...party, contactMedium: media } : party, keys: [...keys] };
}

/** Every e-mail address and phone number of a party. */
export function addressesOf(party: Record<string, unknown>): { emails: string[]; phones: string[] } {
  const media = (party['contactMedium'] as ContactMedium[] | undefined) ?? [];
  const all = (field: 'emailAddress' | 'phoneNumber') => media.map((m) => m.characteristic?.[field]).filter((v): v is string => typeof v === 'string');
  return { emails: all('emailAddress'), phones: all('phoneNumber') };
}

/** The first e-mail address and phone number of a party, for notifications. */
export function contactsOf(party: Record<string, unknown>): { email?: string; phone?: string } {
  const { emails: [email], phones: [phone] } = addressesOf(party);
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}
