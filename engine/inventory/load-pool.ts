import { Refusal } from '../outcomes.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { pooledResource } from './new-resource.js';
import { numberProblem } from './resource-numbers.js';
import type { ResourceStore } from './resource-store.js';
import { DEFAULT_CATEGORY, isPoolCategory, numberKey, resourceKinds, type ResourceKind } from './resource.js';
import { tmf639 } from './tmf639.js';

/** One number to load, with what its source said about it. */
export interface NumberRecord {
  number: string;
  category?: string;
  /** Further TMF639 attributes (from a JSON file of partial resources). */
  attributes?: Record<string, unknown>;
  /** Where it came from, for problems: the line (CSV) or array position (JSON), from 1. */
  at?: number;
}

export interface LoadProblem {
  at?: number;
  number?: string;
  message: string;
}

export interface LoadReport {
  loaded: number;
  duplicates: number;
  invalid: number;
  /** The first MAX_REPORTED_PROBLEMS problems (invalid numbers and duplicates). */
  problems: LoadProblem[];
}

export interface LoadOptions {
  kind: ResourceKind;
  /** Category of records that name none; default `standard`. */
  category?: string | undefined;
  /** Numbers per insert (default 2000). */
  batchSize?: number;
  /** Told how many records are through (loaded, or refused as duplicate or invalid) after each batch. */
  onProgress?: (processed: number) => void;
}

const MAX_REPORTED_PROBLEMS = 100;
const DEFAULT_BATCH = 2000;
/** Set by the load itself: a loaded number starts free (or locked/disabled if its source says so). */
const ownedOnLoad = ['id', 'href', 'resourceStatus', 'usageState', '@type', '@baseType', '@referredType'];

/** A numbers file: CSV (one number per line, optional header `number,category`) or a JSON array of numbers or partial TMF639 resources. */
export function parseNumberFile(text: string, kind: ResourceKind): { records: NumberRecord[]; problems: LoadProblem[] } {
  const content = text.replace(/^\uFEFF/, '');
  return content.trimStart().startsWith('[') ? parseJsonNumbers(content, kind) : parseCsvNumbers(content);
}

function parseCsvNumbers(text: string): { records: NumberRecord[]; problems: LoadProblem[] } {
  const records: NumberRecord[] = [];
  const problems: LoadProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || (index === 0 && /^number\s*(,\s*category\s*)?$/i.test(line))) return;
    const [number = '', category, ...rest] = line.split(',').map((f) => f.trim());
    if (rest.length > 0) problems.push({ at: index + 1, message: `expected 'number' or 'number,category', found ${rest.length + 2} fields` });
    else records.push({ number, ...(category ? { category } : {}), at: index + 1 });
  });
  return { records, problems };
}

function parseJsonNumbers(text: string, kind: ResourceKind): { records: NumberRecord[]; problems: LoadProblem[] } {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (err) {
    return { records: [], problems: [{ message: `not valid JSON: ${(err as Error).message}` }] };
  }
  if (!Array.isArray(entries)) return { records: [], problems: [{ message: 'a JSON numbers file is an array' }] };
  const records: NumberRecord[] = [];
  const problems: LoadProblem[] = [];
  entries.forEach((entry: unknown, index) => {
    const at = index + 1;
    if (typeof entry === 'string') records.push({ number: entry, at });
    // JSON numbers beyond 2^53 (every ICCID) have already lost digits in JSON.parse.
    else if (typeof entry === 'number') {
      if (Number.isSafeInteger(entry) && entry > 0) records.push({ number: String(entry), at });
      else problems.push({ at, message: `${entry} cannot be a number in JSON without losing digits: write it as a string` });
    } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const record = partialResourceRecord(entry as Record<string, unknown>, kind, at);
      if ('message' in record) problems.push(record);
      else records.push(record);
    } else problems.push({ at, message: 'expected a number or a TMF639 resource' });
  });
  return { records, problems };
}

function partialResourceRecord(resource: Record<string, unknown>, kind: ResourceKind, at: number): NumberRecord | LoadProblem {
  const { type, numberField } = resourceKinds[kind];
  if (resource['@type'] !== undefined && resource['@type'] !== type) return { at, message: `@type ${String(resource['@type'])}: a ${kind} is a ${type}` };
  try {
    assertSafeBody(resource);
  } catch (err) {
    if (err instanceof Refusal) return { at, message: err.message };
    throw err;
  }
  const problems = tmf639.validator(`${type}_Create`)(resource);
  if (problems.length > 0) return { at, message: formatProblems(problems) };
  const number = resource[numberField] ?? resource['name'];
  if (typeof number !== 'string') return { at, message: `a ${type} to load names its number in ${numberField}` };
  const attributes = Object.fromEntries(Object.entries(resource).filter(([k]) => !ownedOnLoad.includes(k)));
  const category = typeof resource['category'] === 'string' ? resource['category'] : undefined;
  return { number, ...(category ? { category } : {}), attributes, at };
}

/**
 * Loads numbers into their pools (`<kind>:<category>`), free, in batches: each batch takes a range
 * of slots from its pool's counter, so concurrent loads never share a slot. Invalid numbers and
 * numbers already stored are reported and skipped; the rest are loaded.
 */
export async function loadResources(store: ResourceStore, records: Iterable<NumberRecord> | AsyncIterable<NumberRecord>, options: LoadOptions): Promise<LoadReport> {
  const { kind, batchSize = DEFAULT_BATCH, onProgress } = options;
  const defaultCategory = options.category ?? DEFAULT_CATEGORY;
  const report: LoadReport = { loaded: 0, duplicates: 0, invalid: 0, problems: [] };
  const note = (problem: LoadProblem) => {
    if (report.problems.length < MAX_REPORTED_PROBLEMS) report.problems.push(problem);
  };
  const seen = new Set<string>();
  let batch: (NumberRecord & { category: string })[] = [];

  const flush = async () => {
    const existing = await store.existingNumbers(batch.map((r) => numberKey(kind, r.number)));
    const byCategory = new Map<string, NumberRecord[]>();
    for (const record of batch) {
      if (existing.has(numberKey(kind, record.number))) {
        report.duplicates++;
        note({ at: record.at, number: record.number, message: 'already in the inventory' });
      } else byCategory.set(record.category, [...(byCategory.get(record.category) ?? []), record]);
    }
    for (const [category, group] of byCategory) {
      const first = await store.allocateSlots(`${kind}:${category}`, group.length);
      const resources = group.map((r, i) => pooledResource(store, { kind, number: r.number, category, slot: first + i, ...(r.attributes ? { attributes: r.attributes } : {}) }));
      // Someone else loaded some of these since the check above: their slots stay empty.
      const refused = await store.insertAll(resources);
      for (const i of refused) note({ at: group[i]!.at, number: group[i]!.number, message: 'already in the inventory' });
      report.duplicates += refused.length;
      report.loaded += resources.length - refused.length;
    }
    batch = [];
    onProgress?.(report.loaded + report.duplicates + report.invalid);
  };

  for await (const record of records) {
    const category = record.category ?? defaultCategory;
    const problem = numberProblem(kind, record.number) ?? (isPoolCategory(category) ? undefined : `'${category}' is not a pool category`);
    if (problem) {
      report.invalid++;
      note({ at: record.at, number: record.number, message: problem });
    } else if (seen.has(record.number)) {
      report.duplicates++;
      note({ at: record.at, number: record.number, message: 'listed more than once' });
    } else {
      seen.add(record.number);
      batch.push({ ...record, category });
      if (batch.length >= batchSize) await flush();
    }
  }
  if (batch.length > 0) await flush();
  else onProgress?.(report.loaded + report.duplicates + report.invalid);
  return report;
}
