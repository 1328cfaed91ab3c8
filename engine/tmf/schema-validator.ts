import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { schemasDir } from '../paths.js';

export interface ValidationProblem {
  path: string;
  message: string;
}

export type Validator = (value: unknown) => ValidationProblem[];

/**
 * JSON Schema validators generated from an official TMF OpenAPI file vendored in schemas/tmf/:
 * swagger 2.0 (`definitions`, v4 APIs) or OpenAPI 3 YAML (`components.schemas`, v5 APIs). The
 * schemas are loaded as one document, so every `$ref` resolves exactly as the spec writes it.
 */
export class TmfSchemas {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, discriminator: false });
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly pointer: string;

  constructor(private readonly id: string, file: string) {
    addFormats.default(this.ajv);
    // Used by v5 attachments; ajv-formats does not define it.
    this.ajv.addFormat('base64', /^[A-Za-z0-9+/]*={0,2}$/);
    const text = readFileSync(path.join(schemasDir, 'tmf', file), 'utf8');
    if (/\.ya?ml$/.test(file)) {
      const spec = parseYaml(text) as { components: { schemas: Record<string, unknown> } };
      this.pointer = '#/components/schemas/';
      this.ajv.addSchema({ $id: id, components: { schemas: withOverlappingChoicesAllowed(spec.components.schemas) } });
    } else {
      const spec = JSON.parse(text) as { definitions: Record<string, unknown> };
      this.pointer = '#/definitions/';
      this.ajv.addSchema({ $id: id, definitions: spec.definitions });
    }
  }

  /** The raw JSON Schema of a definition, as the spec writes it. */
  definition(name: string): unknown {
    const schema = this.ajv.getSchema(`${this.id}${this.pointer}${name}`)?.schema;
    if (!schema) throw new Error(`${this.id} has no definition ${name}`);
    return schema;
  }

  validator(definition: string): Validator {
    let validate = this.cache.get(definition);
    if (!validate) {
      validate = this.ajv.getSchema(`${this.id}${this.pointer}${definition}`);
      if (!validate) throw new Error(`${this.id} has no definition ${definition}`);
      this.cache.set(definition, validate);
    }
    const fn = validate;
    return (value) => (fn(value) ? [] : (fn.errors ?? []).map(describe));
  }
}

function describe(e: ErrorObject): ValidationProblem {
  const where = e.instancePath || '/';
  if (e.keyword === 'required') return { path: where, message: `must have property '${String(e.params['missingProperty'])}'` };
  if (e.keyword === 'enum') return { path: where, message: `must be one of ${(e.params['allowedValues'] as unknown[]).join(', ')}` };
  return { path: where, message: e.message ?? 'is invalid' };
}

export function formatProblems(problems: ValidationProblem[]): string {
  return problems.map((p) => `${p.path} ${p.message}`).join('; ');
}

/**
 * TMF v5 models polymorphism as `oneOf` + `discriminator` on `@type` over branches that overlap
 * (a PartyRef is also a valid PartyRoleRef: every attribute is optional), so `oneOf` would refuse
 * every value that matches more than one branch. The spec means "one of these kinds, named by
 * @type", which `anyOf` checks; ajv's own discriminator support needs branches it cannot see
 * through `allOf`, so the discriminators are dropped.
 */
function withOverlappingChoicesAllowed(schemas: Record<string, unknown>): Record<string, unknown> {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'discriminator') continue;
      out[key === 'oneOf' ? 'anyOf' : key] = rewrite(inner);
    }
    return out;
  };
  return rewrite(schemas) as Record<string, unknown>;
}
