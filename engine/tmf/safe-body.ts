import { Refusal, RefusalKind } from '../outcomes.js';

const MAX_DEPTH = 32;
/** More elements than any TMF resource Ordo takes has a use for (order items, notes, characteristics). */
const MAX_ARRAY_LENGTH = 1000;

/**
 * Rejects what a JSON Schema allowing extra properties would let through but MongoDB must never
 * see: keys starting with `$` or containing `.` (operators and paths), absurd nesting, and arrays
 * longer than any resource needs.
 */
export function assertSafeBody(value: unknown): void {
  walk(value, '', 0, true);
}

/**
 * The limits every JSON request body meets before any route reads it (the routes that store
 * attributes also check their names with assertSafeBody): nesting and array length.
 */
export function assertBoundedBody(value: unknown): void {
  walk(value, '', 0, false);
}

function walk(value: unknown, path: string, depth: number, names: boolean): void {
  if (depth > MAX_DEPTH) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Request body is nested too deeply', `${path || '/'} is nested more than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY_LENGTH) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Array too long', `${path || '/'} has ${value.length} elements; at most ${MAX_ARRAY_LENGTH} are accepted`);
    value.forEach((v, i) => walk(v, `${path}/${i}`, depth + 1, names));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (names && (key.startsWith('$') || key.includes('.') || key.includes('\0') || key === '__proto__')) {
      throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid attribute name', `${path}/${key}: attribute names may not start with '$', contain '.' or be '__proto__'`);
    }
    walk(v, `${path}/${key}`, depth + 1, names);
  }
}
