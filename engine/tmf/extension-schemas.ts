import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Collection, Db } from 'mongodb';
import { Refusal, RefusalKind } from '../outcomes.js';

interface StoredSchema {
  _id: string;
  schema: Record<string, unknown>;
  registeredAt: Date;
  source: 'file' | 'api';
}

/**
 * TMF extension schemas: a resource (or any object in it) naming `@schemaLocation` must conform to
 * the schema registered under that exact location. Schemas come from files or the admin API and
 * are held in MongoDB; a location nobody registered is refused; Ordo never fetches a client's URL.
 */
export class ExtensionSchemas {
  private readonly collection: Collection<StoredSchema>;
  private readonly compiled = new Map<string, { schema: string; validate: ValidateFunction }>();

  constructor(db: Db) {
    this.collection = db.collection<StoredSchema>('extensionSchema');
  }

  /** Registers every `*.json` in `dir`: each is a JSON Schema whose `$id` is its schema location. */
  async loadDirectory(dir: string): Promise<string[]> {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    const locations: string[] = [];
    for (const file of files) {
      const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
      if (typeof schema['$id'] !== 'string') throw new Error(`${file}: an extension schema needs "$id" (its @schemaLocation)`);
      await this.register(schema['$id'], schema, 'file');
      locations.push(schema['$id']);
    }
    return locations;
  }

  async register(location: string, schema: Record<string, unknown>, source: 'file' | 'api'): Promise<void> {
    if (!/^https?:\/\/\S+$/.test(location)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid schema location', 'schemaLocation must be an absolute http(s) URL');
    this.compile(location, schema); // refuse a schema that does not compile
    await this.collection.updateOne({ _id: location }, { $set: { schema, registeredAt: new Date(), source } }, { upsert: true });
  }

  async list(): Promise<{ schemaLocation: string; registeredAt: Date; source: string }[]> {
    return (await this.collection.find({}, { projection: { schema: 0 } }).sort({ _id: 1 }).toArray()).map((s) => ({ schemaLocation: s._id, registeredAt: s.registeredAt, source: s.source }));
  }

  async remove(location: string): Promise<boolean> {
    this.compiled.delete(location);
    return (await this.collection.deleteOne({ _id: location })).deletedCount === 1;
  }

  /** Checks every object in `body` that names a `@schemaLocation`; refused (unprocessable) for unknown locations or violations. */
  async assertConforms(body: unknown): Promise<void> {
    const found: { path: string; location: string; value: unknown }[] = [];
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
      else if (v && typeof v === 'object') {
        const location = (v as Record<string, unknown>)['@schemaLocation'];
        if (typeof location === 'string') found.push({ path: at || '/', location, value: v });
        for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
      }
    };
    walk(body, '');
    const schemas = new Map<string, StoredSchema | null>();
    for (const location of new Set(found.map((f) => f.location))) schemas.set(location, await this.collection.findOne({ _id: location }));
    for (const f of found) {
      const stored = schemas.get(f.location);
      if (!stored) throw new Refusal(RefusalKind.unprocessable, 'UNKNOWN_SCHEMA_LOCATION', 'Unknown @schemaLocation', `${f.path}: no extension schema is registered for ${f.location}`);
      const validate = this.compile(f.location, stored.schema);
      if (!validate(f.value)) {
        const problems = (validate.errors ?? []).map((e) => `${f.path}${e.instancePath} ${e.message ?? 'invalid'}`).join('; ');
        throw new Refusal(RefusalKind.unprocessable, 'EXTENSION_SCHEMA_VIOLATION', `Does not conform to ${f.location}`, problems);
      }
    }
  }

  private compile(location: string, schema: Record<string, unknown>): ValidateFunction {
    const text = JSON.stringify(schema);
    const cached = this.compiled.get(location);
    if (cached && cached.schema === text) return cached.validate;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    let validate: ValidateFunction;
    try {
      const { $id: _ignored, ...rest } = schema;
      validate = ajv.compile(rest);
    } catch (err) {
      throw new Refusal(RefusalKind.invalid, 'INVALID_SCHEMA', 'The extension schema does not compile', (err as Error).message);
    }
    this.compiled.set(location, { schema: text, validate });
    return validate;
  }
}
