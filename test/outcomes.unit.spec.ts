import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { BpmnErrorCode } from '../engine/outcomes.js';
import { bpmnDir } from '../engine/paths.js';

/** The error codes the models catch (bpmn:error definitions), model by model. */
function caughtCodes(): Map<string, string[]> {
  const caught = new Map<string, string[]>();
  for (const file of readdirSync(bpmnDir).filter((f) => f.endsWith('.bpmn'))) {
    for (const m of readFileSync(path.join(bpmnDir, file), 'utf8').matchAll(/<bpmn:error\b[^>]*\berrorCode="([^"]+)"/g)) caught.set(m[1]!, [...(caught.get(m[1]!) ?? []), file]);
  }
  return caught;
}

/** Business outcomes are named once (engine/outcomes.ts), and the models and the code agree on them. */
describe('business outcomes: BPMN error codes', () => {
  it('every code Ordo raises is caught by a model in bpmn/, and every code a model defines is one Ordo raises', () => {
    const caught = caughtCodes();
    const raised = Object.values(BpmnErrorCode);
    expect(raised.filter((code) => !caught.has(code)), 'raised but caught nowhere').to.deep.equal([]);
    expect([...caught.keys()].filter((code) => !raised.includes(code as BpmnErrorCode)), 'defined in a model but never raised').to.deep.equal([]);
  });

  it('no worker or engine module spells a code as a string of its own', () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.name.endsWith('.ts') && !full.endsWith(path.join('engine', 'outcomes.ts'))) {
          const text = readFileSync(full, 'utf8');
          for (const code of Object.values(BpmnErrorCode)) if (new RegExp(`new BusinessError\\(\\s*'${code}'`).test(text)) offenders.push(`${full}: ${code}`);
        }
      }
    };
    for (const dir of ['engine', 'workers']) visit(path.join(bpmnDir, '..', dir));
    expect(offenders).to.deep.equal([]);
  });
});
