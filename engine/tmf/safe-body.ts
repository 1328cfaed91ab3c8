import { ApiError } from '../http/errors.js';

const MAX_DEPTH = 32;

/**
 * Rejects what a JSON Schema allowing extra properties would let through but MongoDB must never
 * see: keys starting with `$` or containing `.` (operators and paths), and absurd nesting.
 */
export function assertSafeBody(value: unknown, path = '', depth = 0): void {
  if (depth > MAX_DEPTH) throw new ApiError(400, 'INVALID_BODY', 'Request body is nested too deeply', `${path || '/'} is nested more than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertSafeBody(v, `${path}/${i}`, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.') || key.includes('\0') || key === '__proto__') {
      throw new ApiError(400, 'INVALID_BODY', 'Invalid attribute name', `${path}/${key}: attribute names may not start with '$', contain '.' or be '__proto__'`);
    }
    assertSafeBody(v, `${path}/${key}`, depth + 1);
  }
}
