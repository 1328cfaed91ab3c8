import type { TmfSchemas } from './schema-validator.js';

type Schema = { $ref?: string; allOf?: Schema[]; anyOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema; required?: string[] };
type Json = Record<string, unknown>;

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
/** `ProductRef_FVO` and `ProductRef_MVO` describe a `ProductRef`. */
const typeName = (schemaName: string) => schemaName.replace(/_(FVO|MVO)$/, '');

/**
 * TMF v5 requires `@type` on every object derived from Extensible. Values that were stored without
 * one (placed through v4, or set by Ordo) get the name of the schema the spec puts in that place;
 * an existing `@type` is never changed. For a choice (`ProductRefOrValue`) the branch is the one the
 * value's `@type` names, else the first whose attributes cover the value's.
 */
export function withDefaultTypes(schemas: TmfSchemas, schemaName: string, value: unknown): unknown {
  const resolve = (name: string): Schema => schemas.definition(name) as Schema;

  /** Attributes of a schema and whether it requires `@type`, following `allOf` and `$ref`. */
  const flatten = (schema: Schema, seen = new Set<string>()): { properties: Record<string, Schema>; needsType: boolean } => {
    const result = { properties: { ...schema.properties }, needsType: schema.required?.includes('@type') ?? false };
    const parts = [...(schema.allOf ?? []), ...(schema.$ref ? [{ $ref: schema.$ref }] : [])];
    for (const part of parts) {
      const next = part.$ref ? refName(part.$ref) : undefined;
      if (next && seen.has(next)) continue;
      if (next) seen.add(next);
      const inner = flatten(next ? resolve(next) : part, seen);
      Object.assign(result.properties, inner.properties);
      result.needsType ||= inner.needsType;
    }
    return result;
  };

  const fill = (name: string, input: unknown): unknown => {
    if (Array.isArray(input)) return input.map((v) => fill(name, v));
    if (!input || typeof input !== 'object') return input;
    const object = input as Json;
    let chosen = name;
    const choices = resolve(name).anyOf;
    if (choices) {
      const names = choices.filter((c) => c.$ref).map((c) => refName(c.$ref as string));
      chosen =
        names.find((n) => typeName(n) === object['@type']) ??
        names.find((n) => Object.keys(object).every((k) => k in flatten(resolve(n)).properties)) ??
        (names[0] as string);
    }
    const { properties, needsType } = flatten(resolve(chosen));
    const out: Json = {};
    if (needsType && object['@type'] === undefined) out['@type'] = typeName(chosen);
    for (const [key, inner] of Object.entries(object)) {
      const property = properties[key];
      const ref = property?.$ref ?? property?.items?.$ref;
      out[key] = ref && inner && typeof inner === 'object' ? fill(refName(ref), inner) : inner;
    }
    return out;
  };

  return fill(schemaName, value);
}
