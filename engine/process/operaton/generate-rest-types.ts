import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../paths.js';

/** The vendored OpenAPI description of Operaton's REST API (schemas/operaton/README.md). */
export const operatonOpenApiFile = path.join(packageRoot, 'schemas', 'operaton', 'operaton-rest-api.json');
/** The generated types, committed; `ordo engine-types` rewrites them. */
export const restTypesFile = path.join(packageRoot, 'engine', 'process', 'operaton', 'rest-api.ts');

/** The endpoints Ordo and its tests call, with their methods: the client's types are generated for these only. */
export const usedEndpoints: Record<string, readonly ('get' | 'post' | 'put' | 'delete')[]> = {
  '/version': ['get'],
  '/deployment': ['get'],
  '/deployment/create': ['post'],
  '/deployment/{id}': ['delete'],
  '/process-definition': ['get'],
  '/message': ['post'],
  '/process-instance': ['get', 'post'],
  '/process-instance/{id}': ['delete'],
  '/process-instance/{id}/variables': ['get'],
  '/history/process-instance': ['get', 'post'],
  '/history/variable-instance': ['get'],
  '/external-task': ['get', 'post'],
  '/external-task/retries': ['put'],
  '/external-task/{id}/retries': ['put'],
  '/external-task/fetchAndLock': ['post'],
  '/external-task/{id}/complete': ['post'],
  '/external-task/{id}/failure': ['post'],
  '/external-task/{id}/bpmnError': ['post'],
  '/external-task/{id}/extendLock': ['post'],
  '/external-task/{id}/unlock': ['post'],
  '/incident': ['get'],
  '/incident/count': ['get'],
};

type Json = { [key: string]: unknown };

/** The description narrowed to `usedEndpoints` and the component schemas they reach. */
export function usedSubset(spec: Json): Json {
  const allPaths = spec['paths'] as Record<string, Json>;
  const paths: Record<string, Json> = {};
  for (const [p, methods] of Object.entries(usedEndpoints)) {
    const item = allPaths[p];
    if (!item) throw new Error(`the Operaton REST description has no path ${p}`);
    paths[p] = Object.fromEntries(Object.entries(item).filter(([k]) => !['get', 'post', 'put', 'delete', 'options', 'patch', 'head'].includes(k) || methods.includes(k as never)));
  }
  const schemas = (spec['components'] as { schemas: Record<string, unknown> }).schemas;
  const kept = new Map<string, unknown>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        if (!kept.has(name)) {
          kept.set(name, schemas[name]);
          visit(schemas[name]);
        }
      } else visit(v);
    }
  };
  visit(paths);
  const sorted = Object.fromEntries([...kept.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return { ...spec, paths, components: { schemas: sorted } };
}

/** The TypeScript source of the client types (openapi-typescript, a dev tool: loaded only here). */
export async function generateRestTypes(): Promise<string> {
  const name = 'openapi-typescript'; // dev dependency: imported by name, only by `ordo engine-types` and its test
  const { default: openapiTS, astToString } = (await import(name)) as { default: (schema: unknown) => Promise<unknown>; astToString: (ast: unknown) => string };
  const spec = JSON.parse(readFileSync(operatonOpenApiFile, 'utf8')) as Json;
  const body = astToString(await openapiTS(usedSubset(spec)));
  return `// Generated from schemas/operaton/operaton-rest-api.json by \`npx ordo engine-types\`: do not edit.\n/* eslint-disable */\n${body}`;
}
