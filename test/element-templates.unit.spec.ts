import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { bpmnDir, packageRoot } from '../engine/paths.js';
import { workerDefinitions } from '../workers/index.js';
import { elementTemplate, templateFileName } from '../workers/runtime/element-template.js';

const require = createRequire(import.meta.url);
const templateSchema = require('@camunda/element-templates-json-schema/resources/schema.json') as object;

describe('bpmn/templates: element templates generated from the worker definitions', () => {
  const workers = workerDefinitions();
  const validate = new Ajv({ strict: false, allErrors: true }).compile(templateSchema);

  it('each worker lives in the folder named as its job type (workers/<type>/worker.ts)', () => {
    const misplaced = workers.filter((w) => !existsSync(path.join(packageRoot, 'workers', w.type, 'worker.ts'))).map((w) => w.type);
    expect(misplaced).to.deep.equal([]);
  });

  it('exist for every worker and match the code (regenerate with `ordo templates`)', () => {
    for (const w of workers) {
      const committed = JSON.parse(readFileSync(path.join(bpmnDir, 'templates', templateFileName(w)), 'utf8'));
      expect(committed, `${templateFileName(w)} is stale: run 'npx ordo templates'`).to.deep.equal(JSON.parse(JSON.stringify(elementTemplate(w))));
    }
    const files = readdirSync(path.join(bpmnDir, 'templates')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).to.deep.equal(workers.map(templateFileName).sort());
  });

  it('are valid against the Camunda 7 (Operaton) element template schema', () => {
    for (const w of workers) {
      const ok = validate(elementTemplate(w));
      expect(ok, `${w.type}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).to.equal(true);
    }
  });

  it('every service task in bpmn/ is an external task whose topic a worker serves, with the template that matches it', () => {
    const topics = new Set(workers.map((w) => w.type));
    for (const file of readdirSync(bpmnDir).filter((f) => f.endsWith('.bpmn'))) {
      const xml = readFileSync(path.join(bpmnDir, file), 'utf8');
      const tasks = [...xml.matchAll(/<bpmn:serviceTask\b([^>]*)>/g)];
      expect(tasks.length, file).to.be.greaterThan(0);
      for (const [, attributes] of tasks) {
        const topic = /camunda:topic="([^"]+)"/.exec(attributes!)?.[1];
        expect(attributes, file).to.contain('camunda:type="external"');
        expect(topics.has(topic!), `${file}: topic ${topic} has no worker`).to.equal(true);
        expect(attributes, `${file}: task of topic ${topic} should use template ordo.${topic}`).to.contain(`camunda:modelerTemplate="ordo.${topic}"`);
      }
    }
  });

  it('every setting a model gives a task is one its worker knows (or retries, onFailure, result.<output>)', () => {
    const known = new Map(workers.map((w) => [w.type, new Set([...Object.keys(w.headers?.properties ?? {}), 'retries', 'onFailure', ...Object.keys(w.output.properties).map((o) => `result.${o}`)])]));
    for (const file of readdirSync(bpmnDir).filter((f) => f.endsWith('.bpmn'))) {
      const xml = readFileSync(path.join(bpmnDir, file), 'utf8');
      for (const [, attributes, body] of xml.matchAll(/<bpmn:serviceTask\b([^>]*)>([\s\S]*?)<\/bpmn:serviceTask>/g)) {
        const topic = /camunda:topic="([^"]+)"/.exec(attributes!)![1]!;
        for (const [, name] of body!.matchAll(/<camunda:property name="([^"]+)"/g)) expect(known.get(topic)!.has(name!), `${file}: ${topic} has no setting ${name}`).to.equal(true);
      }
    }
  });
});
