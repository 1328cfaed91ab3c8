import type { ProductSpecification } from './catalog-entities.js';

interface CharacteristicSpec {
  name: string;
  valueType?: string;
  minCardinality?: number;
  maxCardinality?: number;
  regex?: string;
  productSpecCharacteristicValue?: { value?: unknown; isDefault?: boolean; valueFrom?: number; valueTo?: number }[];
}

export interface ProductCharacteristic {
  name: string;
  value: unknown;
}

export type ProductConfiguration = { valid: true; values: Record<string, unknown> } | { valid: false; problems: string[] };

const typeChecks: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  number: (v) => Number.isFinite(typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  boolean: (v) => typeof v === 'boolean' || v === 'true' || v === 'false',
};

function problemsOf(spec: CharacteristicSpec, value: unknown): string[] {
  const problems: string[] = [];
  const check = spec.valueType ? typeChecks[spec.valueType] : undefined;
  if (check && !check(value)) problems.push(`${spec.name}: ${JSON.stringify(value)} is not a ${spec.valueType}`);
  if (spec.regex && !new RegExp(spec.regex).test(String(value))) problems.push(`${spec.name}: ${JSON.stringify(value)} does not match ${spec.regex}`);
  const allowed = spec.productSpecCharacteristicValue ?? [];
  const ranges = allowed.filter((a) => a.valueFrom !== undefined || a.valueTo !== undefined);
  const listed = allowed.filter((a) => a.value !== undefined);
  const inRange = ranges.some((r) => Number(value) >= (r.valueFrom ?? -Infinity) && Number(value) <= (r.valueTo ?? Infinity));
  const isListed = listed.some((a) => String(a.value) === String(value));
  if ((ranges.length > 0 || listed.length > 0) && !inRange && !isListed) {
    const choices = [...listed.map((a) => JSON.stringify(a.value)), ...ranges.map((r) => `${r.valueFrom ?? '…'}..${r.valueTo ?? '…'}`)];
    problems.push(`${spec.name}: ${JSON.stringify(value)} is not one of ${choices.join(', ')}`);
  }
  return problems;
}

/**
 * Checks an order item's product characteristics against its product specification: only
 * characteristics the specification defines, each within its cardinality, type, pattern and
 * allowed values; a mandatory one that is missing takes the specification's default, else it is a
 * problem (a part of a bundle item ignores characteristics of the other parts). Gives the resulting configuration (name -> value) or every problem.
 */
export function checkProductConfiguration(spec: ProductSpecification, characteristics: readonly ProductCharacteristic[], options: { othersAllowed?: boolean } = {}): ProductConfiguration {
  const specs = (spec['productSpecCharacteristic'] ?? []) as CharacteristicSpec[];
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  // A bundle item's characteristics serve all its offerings; each part checks only its own.
  for (const c of options.othersAllowed ? [] : characteristics) {
    if (!specs.some((s) => s.name === c.name)) problems.push(`${c.name}: not a characteristic of ${spec.id} (it has ${specs.map((s) => s.name).join(', ') || 'none'})`);
  }
  for (const s of specs) {
    const given = characteristics.filter((c) => c.name === s.name);
    if (given.length > (s.maxCardinality ?? 1)) problems.push(`${s.name}: given ${given.length} times, at most ${s.maxCardinality ?? 1} allowed`);
    for (const c of given) problems.push(...problemsOf(s, c.value));
    if (given.length > 0) {
      values[s.name] = given.length === 1 ? given[0]!.value : given.map((c) => c.value);
      continue;
    }
    const fallback = s.productSpecCharacteristicValue?.find((v) => v.isDefault);
    if (fallback) values[s.name] = fallback.value;
    else if ((s.minCardinality ?? 0) > 0) problems.push(`${s.name}: required by ${spec.id} and not given`);
  }
  return problems.length > 0 ? { valid: false, problems } : { valid: true, values };
}
