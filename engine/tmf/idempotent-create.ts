import { createHash } from 'node:crypto';
import type { Collection, Document } from 'mongodb';
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
    idempotencyKey: idempotencyKey === undefined ? undefined : scopedKey(party, idempotencyKey),
    externalIdKey: typeof body['externalId'] === 'string' ? scopedKey(party, body['externalId']) : undefined,
    requestHash: contentHash(body),
  };
}

/**
 * The part of a created resource's `_ordo` that recognises a repeated create; this module alone
 * names its fields. They stay at the top of `_ordo`, where resources stored by earlier versions have
 * them and the unique indexes are: see ensureCreateKeyIndexes.
 */
export interface CreateIdentity {
  /** sha256 of the create request, to tell a true retry from a reused key. */
  requestHash: string;
  /** `<party>\0<Idempotency-Key>`; unique. */
  idempotencyKey?: string;
  /** `<party>\0<externalId>`; unique. */
  externalIdKey?: string;
}

/** A key (Idempotency-Key, externalId) as unique per requesting party. */
export const scopedKey = (party: string, key: string) => `${party}\u0000${key}`;

/** What the new resource stores of its create request, for repeats to be recognised by. */
export function createIdentity(keys: Pick<CreateKeys, 'requestHash'> & Partial<Pick<CreateKeys, 'idempotencyKey' | 'externalIdKey'>>): CreateIdentity {
  return { requestHash: keys.requestHash, ...(keys.idempotencyKey ? { idempotencyKey: keys.idempotencyKey } : {}), ...(keys.externalIdKey ? { externalIdKey: keys.externalIdKey } : {}) };
}

/**
 * A repeated create is refused by the database itself, so racing repeats cannot both win: one unique
 * index per key the resource takes. The key claim lives in the resource's own document, so the
 * resource and its claim are one insert (the MongoDB-wire server has no transactions).
 */
export async function ensureCreateKeyIndexes<T extends Document>(collection: Collection<T>, keys: readonly ('idempotencyKey' | 'externalIdKey')[] = ['idempotencyKey', 'externalIdKey']): Promise<void> {
  for (const key of keys) await collection.createIndex({ [`_ordo.${key}`]: 1 }, { unique: true, sparse: true });
}

/** Filter: the resource created with this scoped Idempotency-Key (see scopedKey). */
export const createdWithKey = (key: string): Document => ({ '_ordo.idempotencyKey': key });

/** Filter: the resource `party` created with this externalId. */
export const createdWithExternalId = (party: string, externalId: string): Document => ({ '_ordo.externalIdKey': scopedKey(party, externalId) });

/** The MongoDB filter finding an earlier create with the same keys, or undefined when the request has none. */
export function earlierCreateFilter(keys: CreateKeys): Document | undefined {
  const earlier = [...(keys.idempotencyKey ? [createdWithKey(keys.idempotencyKey)] : []), ...(keys.externalIdKey ? [{ '_ordo.externalIdKey': keys.externalIdKey }] : [])];
  return earlier.length > 0 ? { $or: earlier } : undefined;
}

type StoredCreate = Document & { _id: string; _ordo: CreateIdentity & { deletedAt?: Date } };

/**
 * The resource an earlier request with the same keys created, without Ordo's bookkeeping: a repeat
 * gets it back. The same Idempotency-Key with another body is refused (unprocessable), and so is the same
 * externalId with another body (a conflict): an integrator who reuses an id by mistake learns it.
 */
export async function replayEarlierCreate<T>(findStoredBy: (filter: Document) => Promise<StoredCreate | null>, keys: CreateKeys, typeName: string): Promise<T> {
  const byKey = keys.idempotencyKey ? await findStoredBy(createdWithKey(keys.idempotencyKey)) : null;
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
