import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { bpmnDir } from '../paths.js';
import type { DeployedProcess, ProcessEngine } from './process-engine.js';

export type { DeployedProcess } from './process-engine.js';

/** The deployment Ordo makes of bpmn/; the engine keeps the version of every model that did not change. */
export const MODELS_DEPLOYMENT = 'ordo-models';

/** Deploys every model in `dir` (bpmn/ by default) as one deployment. */
export async function deployModels(engine: ProcessEngine, dir = bpmnDir, name = MODELS_DEPLOYMENT): Promise<DeployedProcess[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort();
  const resources = await Promise.all(files.map(async (fileName) => ({ fileName, xml: await readFile(path.join(dir, fileName), 'utf8') })));
  return engine.deploy(name, resources);
}

/** Deploys single model files (test fixtures, a model an analyst is trying out). */
export async function deployModelFiles(engine: ProcessEngine, files: string[], name: string): Promise<DeployedProcess[]> {
  const resources = await Promise.all(files.map(async (file) => ({ fileName: path.basename(file), xml: await readFile(file, 'utf8') })));
  return engine.deploy(name, resources);
}
