import { createHash } from 'node:crypto';
import type { Document } from 'mongodb';
import { Refusal, RefusalKind } from '../outcomes.js';

const keyShape = /^[\x21-\x7e]{1,255}$/;

/** Same content, same hash: key order in the JSON does not matter. */
export function contentHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

/** What makes a create request the same as an earlier one: both keys are unique per requesting party. */
export interface CreateKeys {
  /** `<party>\0<Idempotency-Key>`. */
  idempotencyKey: string | undefined;
  /** `<party>\0<externalId>`. */
  externalIdKey: string | undefined;
  requestHash: string;
  /**
   * The externalId names the resource whatever the body (Ordo's own derived ids: a retried
   * decomposition may rebuild a body that differs, and the first resource is still the answer).
   */
  externalIdAnyBody?: true;
}

export function createKeys(party: string, idempotencyKey: string | undefined, body: Record<string, unknown>): CreateKeys {
  if (idempotencyKey !== undefined && !keyShape.test(idempotencyKey)) {
    throw new Refusal(RefusalKind.invalid, 'INVALID_HEADER', 'Invalid Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return {
    idempotencyKey: idempotencyKey === undefined ? undefined : `${party}\u0000${idempotencyKey}`,
    externalIdKey: typeof body['externalId'] === 'string' ? `${party}\u0000${body['externalId']}` : undefined,
    requestHash: contentHash(body),
  };
}

/** The MongoDB filter finding an earlier create with the same keys, or undefined when the request has none. */
export function earlierCreateFilter(keys: CreateKeys): Document | undefined {
  const earlier = [...(keys.idempotencyKey ? [{ '_ordo.idempotencyKey': keys.idempotencyKey }] : []), ...(keys.externalIdKey ? [{ '_ordo.externalIdKey': keys.externalIdKey }] : [])];
  return earlier.length > 0 ? { $or: earlier } : undefined;
}

type StoredCreate = Document & { _id: string; _ordo: { requestHash: string; deletedAt?: Date } };

/**
 * The resource an earlier request with the same keys created, without Ordo's bookkeeping: a repeat
 * gets it back. The same Idempotency-Key with another body is refused (unprocessable), and so is the same
 * externalId with another body (a conflict): an integrator who reuses an id by mistake learns it.
 */
export async function replayEarlierCreate<T>(findStoredBy: (filter: Document) => Promise<StoredCreate | null>, keys: CreateKeys, typeName: string): Promise<T> {
  const byKey = keys.idempotencyKey ? await findStoredBy({ '_ordo.idempotencyKey': keys.idempotencyKey }) : null;
  if (byKey && byKey._ordo.requestHash !== keys.requestHash) {
    throw new Refusal(RefusalKind.unprocessable, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key already used for a different request', `${typeName} ${byKey._id} was created with this key and another body`);
  }
  const first = byKey ?? (keys.externalIdKey ? await findStoredBy({ '_ordo.externalIdKey': keys.externalIdKey }) : null);
  if (!first) throw new Error('duplicate key reported but no earlier resource found');
  if (!byKey && !keys.externalIdAnyBody && first._ordo.requestHash !== keys.requestHash) {
    throw new Refusal(RefusalKind.conflict, 'EXTERNAL_ID_REUSED', 'externalId already used for a different request', `${typeName} ${first._id} was created with this externalId and another body; only the identical request gets it back`);
  }
  if (first._ordo.deletedAt) {
    throw new Refusal(RefusalKind.conflict, 'ORDER_DELETED', `The earlier ${typeName} with this key was deleted`, `${typeName} ${first._id} was created with this Idempotency-Key or externalId and has been deleted`);
  }
  const { _id, _ordo, ...resource } = first;
  return resource as T;
}
