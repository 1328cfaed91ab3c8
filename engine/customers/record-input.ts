import { Refusal, RefusalKind } from '../outcomes.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import type { ResourceInfo } from './party-records.js';

/** Longest text Ordo keeps in any attribute of a party, customer or account. */
const MAX_TEXT = 1000;
/** Names are shown on bills and screens: shorter, and without control characters. */
const MAX_NAME = 200;
const names = new Set(['givenName', 'familyName', 'middleName', 'fullName', 'formattedName', 'legalName', 'preferredGivenName', 'tradingName', 'name']);
const CONTROL = /[\u0000-\u001f\u007f]/;

const invalid = (reason: string, message: string) => new Refusal(RefusalKind.invalid, 'INVALID_BODY', reason, message);

/** Attributes only Ordo sets. */
const serverOwned = ['id', 'href'];

/**
 * The request body as a record's attributes, checked against the API's `<Type>_Create` or
 * `<Type>_Update` definition and Ordo's limits: nothing is stored otherwise.
 */
export function recordInput(info: ResourceInfo, body: unknown, kind: 'Create' | 'Update', current: Record<string, unknown> = {}): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid(`Request body must be a ${info.typeName}_${kind} JSON object`, `${info.typeName}_${kind} is a JSON object`);
  assertSafeBody(body);
  const attributes = body as Record<string, unknown>;
  const owned = serverOwned.filter((a) => a in attributes);
  if (owned.length) throw invalid('Attributes set by Ordo', `${owned.join(', ')}: assigned by Ordo, not by the client`);
  const type = attributes['@type'];
  if (type !== undefined && type !== info.typeName) throw invalid('Unknown @type', `@type must be ${info.typeName}`);
  assertTextLimits(attributes, '');
  // An Update definition requires what a create does (e.g. Customer's engagedParty); a merge patch names only what changes.
  const problems = info.schemas.validator(`${info.typeName}_${kind}`)(kind === 'Update' ? { ...required(info, current), ...attributes } : attributes);
  if (problems.length) throw invalid(`Invalid ${info.typeName}_${kind}`, formatProblems(problems));
  return attributes;
}

/** The record after a change, checked against the full definition (a merge patch may break what each attribute alone does not). */
export function assertValidRecord(info: ResourceInfo, record: Record<string, unknown>): void {
  const problems = info.schemas.validator(info.typeName)(record);
  if (problems.length) throw invalid(`The ${info.typeName} would be invalid`, formatProblems(problems));
}

/** What the Update definition requires, as the record has it now. */
function required(info: ResourceInfo, current: Record<string, unknown>): Record<string, unknown> {
  const names = (info.schemas.definition(`${info.typeName}_Update`) as { required?: string[] }).required ?? [];
  return Object.fromEntries(names.filter((n) => n in current).map((n) => [n, current[n]]));
}

function assertTextLimits(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const max = names.has(name) ? MAX_NAME : MAX_TEXT;
    if (value.length > max) throw new Refusal(RefusalKind.unprocessable, 'FIELD_TOO_LONG', 'Attribute too long', `${path} has ${value.length} characters; at most ${max}`);
    if (names.has(name) && CONTROL.test(value)) throw new Refusal(RefusalKind.unprocessable, 'INVALID_NAME', 'Control characters in a name', `${path} may not contain control characters`);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => assertTextLimits(v, `${path}/${i}`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertTextLimits(v, `${path}/${k}`);
}
