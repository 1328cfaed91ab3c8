import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { schemasDir } from '../paths.js';

export interface ValidationProblem {
  path: string;
  message: string;
}

export type Validator = (value: unknown) => ValidationProblem[];

/**
 * JSON Schema validators generated from an official TMF OpenAPI (swagger 2.0) file vendored in
 * schemas/tmf/: its `definitions` are loaded as one schema, so every `#/definitions/X` resolves
 * exactly as the spec writes it.
 */
export class TmfSchemas {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, discriminator: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly id: string, file: string) {
    addFormats.default(this.ajv);
    const spec = JSON.parse(readFileSync(path.join(schemasDir, 'tmf', file), 'utf8')) as { definitions: Record<string, unknown> };
    this.ajv.addSchema({ $id: id, definitions: spec.definitions });
  }

  /** The raw JSON Schema of a definition, as the spec writes it. */
  definition(name: string): unknown {
    const schema = this.ajv.getSchema(`${this.id}#/definitions/${name}`)?.schema;
    if (!schema) throw new Error(`${this.id} has no definition ${name}`);
    return schema;
  }

  validator(definition: string): Validator {
    let validate = this.cache.get(definition);
    if (!validate) {
      validate = this.ajv.getSchema(`${this.id}#/definitions/${definition}`);
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
