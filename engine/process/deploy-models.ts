import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { bpmnDir } from '../paths.js';
import type { ZeebeClient } from './zeebe.js';

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

/** Deploys every model in bpmn/. Zeebe keeps the version when a file is unchanged. */
export async function deployModels(zeebe: ZeebeClient, dir = bpmnDir): Promise<DeployedProcess[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort();
  const deployed: DeployedProcess[] = [];
  for (const file of files) {
    const result = await zeebe.deployResource({ processFilename: path.join(dir, file) });
    for (const d of result.deployments) {
      if ('process' in d && d.process) {
        deployed.push({
          bpmnProcessId: d.process.bpmnProcessId,
          version: d.process.version,
          processDefinitionKey: String(d.process.processDefinitionKey),
          resourceName: d.process.resourceName,
        });
      }
    }
  }
  return deployed;
}
