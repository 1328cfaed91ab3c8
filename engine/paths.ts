import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: compiled files live in dist/, data files (bpmn/, schemas/) beside it. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const bpmnDir = path.join(packageRoot, 'bpmn');
export const schemasDir = path.join(packageRoot, 'schemas');
