import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { bpmnDir } from '../engine/paths.js';
import { bpmnFilesIn, lintModels } from '../engine/process/lint-models.js';

describe('bpmn/ models pass bpmnlint (recommended rules, Camunda 8.6 and 8.9 compatibility)', () => {
  it('every shipped model is clean', async () => {
    const files = bpmnFilesIn(bpmnDir);
    expect(files.map((f) => path.basename(f))).to.include.members(['product-order.bpmn', 'mobile-subscription.bpmn', 'broadband.bpmn', 'modify.bpmn', 'disconnect.bpmn']);
    expect(await lintModels(files)).to.deep.equal([]);
  });

  it('reports what an analyst can break: a service task without a job type, a dangling flow', async () => {
    const broken = readFileSync(path.join(bpmnDir, 'mobile-subscription.bpmn'), 'utf8')
      .replace('<zeebe:taskDefinition type="check-product-configuration" retries="3" />', '')
      .replace('<bpmn:outgoing>to-notify-item-activated</bpmn:outgoing>', '');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ordo-lint-')), 'broken.bpmn');
    writeFileSync(file, broken);
    const problems = await lintModels([file]);
    expect(problems.find((p) => p.elementId === 'check-configuration')?.message).to.match(/zeebe:TaskDefinition/);
    expect(problems.some((p) => p.category === 'error' && p.elementId === 'complete-item')).to.equal(true);
  });
});
