import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { bpmnDir, schemasDir } from '../paths.js';
import { formatProblems, type Validator } from '../tmf/schema-validator.js';
import type { FulfilmentAction, FulfilmentProcess, ProcessRef, ProductSpecification } from './catalog-entities.js';

/** Default processes per product specification, shipped in bpmn/process-mapping.json and edited by the analyst. */
export interface ProcessMapping {
  byProductSpecification: Record<string, FulfilmentProcess>;
  anyProductSpecification?: FulfilmentProcess;
}

export const defaultProcessMappingFile = path.join(bpmnDir, 'process-mapping.json');

const schemaFile = path.join(schemasDir, 'catalog', 'fulfilment-process.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { $id: string };
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema);

function definitionValidator(name: string): Validator {
  const validate = ajv.getSchema(`${schema.$id}#/definitions/${name}`);
  if (!validate) throw new Error(`${schemaFile} has no definition ${name}`);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'is invalid' })));
}

/** Checks the `fulfilmentProcess` of an OrdoProductSpecification. */
export const validateFulfilmentProcess = definitionValidator('FulfilmentProcess');
/** Checks the `maxQuantity` of an OrdoProductSpecification. */
export const validateMaxQuantity = definitionValidator('MaxQuantity');
const validateProcessMapping = definitionValidator('ProcessMapping');

/** Reads and validates a process mapping file; throws naming the file and every problem. */
export function loadProcessMapping(file = defaultProcessMappingFile): ProcessMapping {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`process mapping ${file} cannot be read: ${(err as Error).message}`);
  }
  const problems = validateProcessMapping(value);
  if (problems.length > 0) throw new Error(`process mapping ${file} is invalid: ${formatProblems(problems)}`);
  return value as ProcessMapping;
}

/**
 * The process fulfilling `action` for products of `spec`: the specification's own
 * `fulfilmentProcess`, else the mapping for its id, else the mapping for any specification.
 */
export function fulfilmentProcessFor(spec: ProductSpecification, action: FulfilmentAction, mapping: ProcessMapping): ProcessRef | undefined {
  return spec.fulfilmentProcess?.[action] ?? (Object.hasOwn(mapping.byProductSpecification, spec.id) ? mapping.byProductSpecification[spec.id]?.[action] : undefined) ?? mapping.anyProductSpecification?.[action];
}
