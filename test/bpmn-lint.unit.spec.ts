import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { bpmnDir } from '../engine/paths.js';
import { bpmnFilesIn, lintModels } from '../engine/process/lint-models.js';

describe('bpmn/ models pass bpmnlint (recommended rules, Camunda 7 / Operaton compatibility, Ordo\'s rules)', () => {
  it('every shipped model is clean', async () => {
    const files = bpmnFilesIn(bpmnDir);
    expect(files.map((f) => path.basename(f))).to.include.members(['product-order.bpmn', 'mobile-subscription.bpmn', 'broadband.bpmn', 'modify.bpmn', 'disconnect.bpmn', 'fail-item.bpmn', 'item-skeleton.bpmn', 'service-order.bpmn', 'resource-order.bpmn']);
    expect(await lintModels(files)).to.deep.equal([]);
  });

  it('reports what an analyst can break: a service task without a topic, a dangling flow, a version binding without a tag', async () => {
    const original = readFileSync(path.join(bpmnDir, 'mobile-subscription.bpmn'), 'utf8');
    expect(original).to.contain(' camunda:topic="check-product-configuration"');
    const broken = original
      .replace(' camunda:topic="check-product-configuration"', '')
      .replace('<bpmn:outgoing>complete-item-to-notify-item-activated</bpmn:outgoing>', '');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ordo-lint-')), 'broken.bpmn');
    writeFileSync(file, broken);
    const problems = await lintModels([file]);
    expect(problems.find((p) => p.elementId === 'check-configuration')?.message).to.match(/camunda:topic/);
    expect(problems.some((p) => p.category === 'error' && p.elementId === 'complete-item')).to.equal(true);
    const unbound = readFileSync(path.join(bpmnDir, 'product-order.bpmn'), 'utf8').replace(/ camunda:calledElementVersionTag="[^"]*"/, '');
    const unboundFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ordo-lint-')), 'unbound.bpmn');
    writeFileSync(unboundFile, unbound);
    expect((await lintModels([unboundFile])).find((p) => p.elementId === 'fulfil-unit-version')?.message).to.match(/versionTag/);
  });
});
