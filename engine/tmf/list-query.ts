import type { Collection, Document, Sort } from 'mongodb';
import { Refusal, RefusalKind } from '../outcomes.js';

/** How a resource can be listed: which attributes filter and sort, and the page sizes. */
export interface ListSpec {
  /** Attribute paths (dotted for nested/array members) and how their values compare. */
  filterable: Record<string, 'string' | 'date'>;
  sortable: readonly string[];
  defaultSort: string;
  defaultLimit: number;
  maxLimit: number;
  /** Attributes every answer keeps whatever `fields=` asks for. */
  alwaysReturned: readonly string[];
}

export interface ListQuery {
  filter: Document;
  projection: Document | undefined;
  sort: Document;
  offset: number;
  limit: number;
}

const reserved = new Set(['fields', 'offset', 'limit', 'sort']);
/** Deeper pages cost the database a walk over every skipped entry; narrow the filter instead. */
const MAX_OFFSET = 100_000;
const operators = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte', ne: '$ne', eq: '$eq' } as const;
type Operator = keyof typeof operators;
/** An attribute name: letters, digits, `_`, `@`, dots between segments. Nothing Mongo would read as an operator. */
const attributeName = /^@?[A-Za-z_][A-Za-z0-9_]*(\.@?[A-Za-z_][A-Za-z0-9_]*)*$/;

const invalid = (message: string) => new Refusal(RefusalKind.invalid, 'INVALID_QUERY', 'Invalid query', message);

function single(name: string, raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) throw invalid(`${name} may be given once`);
  throw invalid(`${name} must be a plain value`);
}

function nonNegativeInt(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = single(name, raw);
  if (!/^\d{1,9}$/.test(value) || Number(value) > MAX_OFFSET) throw invalid(`${name} must be an integer from 0 to ${MAX_OFFSET}`);
  return Number(value);
}

function typed(attribute: string, kind: 'string' | 'date', value: string): string {
  if (kind === 'string') return value;
  // Ordo stores dates as ISO-8601 UTC strings, so they compare correctly as strings once normalised.
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalid(`${attribute}: '${value}' is not a date-time`);
  return new Date(time).toISOString();
}

/** TMF630 `fields=a,b`: first-level attribute selection, always keeping `alwaysReturned`. */
export function fieldsProjection(query: Record<string, unknown>, alwaysReturned: readonly string[]): Document | undefined {
  if (query['fields'] === undefined) return undefined;
  const names = single('fields', query['fields']).split(',').map((f) => f.trim()).filter(Boolean);
  // A leading '_' would reach Ordo's own bookkeeping (`_ordo`, `_id`): TMF attributes never start with one.
  for (const name of names) if (!/^@?[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw invalid(`fields: '${name}' is not a first-level attribute`);
  return { ...Object.fromEntries([...alwaysReturned, ...names].map((n) => [n, 1])), _id: 0 };
}

/**
 * Turns a TMF630 list query into a MongoDB query: `fields`, `offset`, `limit`, `sort=-a,b`, and
 * filters `attr=value`, `attr=a,b` (either), `attr.gt|gte|lt|lte|ne=value`. Only attributes the spec
 * names may filter or sort (each is indexed); values are always compared as values, never read as
 * operators, so `state[$ne]=x` or `$where=...` is a 400.
 */
export function parseListQuery(query: Record<string, unknown>, spec: ListSpec): ListQuery {
  const filter: Document = Object.create(null) as Document;
  for (const [key, raw] of Object.entries(query)) {
    if (reserved.has(key)) continue;
    const dot = key.lastIndexOf('.');
    const suffix = dot > 0 ? key.slice(dot + 1) : '';
    const op: Operator = suffix in operators ? (suffix as Operator) : 'eq';
    const attribute = suffix in operators ? key.slice(0, dot) : key;
    if (!attributeName.test(attribute)) throw invalid(`'${key}' is not a valid attribute filter`);
    const kind = Object.hasOwn(spec.filterable, attribute) ? spec.filterable[attribute] : undefined;
    if (!kind) throw invalid(`cannot filter on '${attribute}'; filterable attributes: ${Object.keys(spec.filterable).join(', ')}`);
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => {
      if (typeof v !== 'string') throw invalid(`${key} must be a plain value`);
      return v;
    });
    const condition: Document = Object.hasOwn(filter, attribute) ? (filter[attribute] as Document) : {};
    if (op === 'eq') {
      const alternatives = values.flatMap((v) => v.split(',')).map((v) => typed(attribute, kind, v));
      condition['$in'] = [...((condition['$in'] as string[] | undefined) ?? []), ...alternatives];
    } else {
      if (values.length !== 1 || values[0]!.includes(',')) throw invalid(`${key} takes one value`);
      condition[operators[op]] = typed(attribute, kind, values[0]!);
    }
    filter[attribute] = condition;
  }

  const sortParam = query['sort'] === undefined ? spec.defaultSort : single('sort', query['sort']);
  const sort: Document = {};
  for (const term of sortParam.split(',').filter(Boolean)) {
    const descending = term.startsWith('-');
    const attribute = term.replace(/^[-+]/, '');
    if (!spec.sortable.includes(attribute) || attribute === '_id') throw invalid(`cannot sort on '${attribute}'; sortable attributes: ${spec.sortable.join(', ')}`);
    sort[attribute] = descending ? -1 : 1;
  }
  sort['_id'] = 1; // a stable order for paging

  const projection = fieldsProjection(query, spec.alwaysReturned);

  // MongoDB reads limit 0 as "no limit": never pass it through.
  const limit = nonNegativeInt('limit', query['limit'], spec.defaultLimit);
  if (limit < 1 || limit > spec.maxLimit) throw invalid(`limit must be between 1 and ${spec.maxLimit}`);
  return { filter: { ...filter }, projection, sort, offset: nonNegativeInt('offset', query['offset'], 0), limit };
}

/** Indexes every attribute a list may filter or sort on (multikey for array members). */
export async function ensureListIndexes(collection: Collection<Document & { _id: string }>, spec: ListSpec): Promise<void> {
  for (const attribute of new Set([...Object.keys(spec.filterable), ...spec.sortable])) await collection.createIndex({ [attribute]: 1 });
}

/** Runs a parsed list query: the page and the total count of the whole result. */
export async function runListQuery<T extends Document>(collection: Collection<Document & { _id: string }>, query: ListQuery, hidden: Document, baseFilter: Document = {}): Promise<{ total: number; items: T[] }> {
  const filter = { ...query.filter, ...baseFilter };
  const [total, items] = await Promise.all([
    collection.countDocuments(filter),
    collection.find<T>(filter, { projection: query.projection ?? hidden }).sort(query.sort as Sort).skip(query.offset).limit(query.limit).toArray(),
  ]);
  return { total, items };
}
