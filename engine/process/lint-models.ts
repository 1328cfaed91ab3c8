import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot } from '../paths.js';

export interface LintProblem {
  file: string;
  elementId: string;
  rule: string;
  category: 'error' | 'warn' | 'info';
  message: string;
}

/** The rules in `.bpmnlintrc`: bpmnlint's recommended set, and what Camunda 8.6 and 8.9 can run. */
export const lintConfigFile = path.join(packageRoot, '.bpmnlintrc');

const require = createRequire(import.meta.url);

type Report = { id?: string; message: string; category: 'error' | 'warn' | 'info' };
type Linter = { lint(definitions: unknown): Promise<Record<string, Report[]>> };

/**
 * Lints BPMN files with bpmnlint as Camunda Modeler does: the Zeebe extensions are understood, so the
 * camunda-compat rules see task definitions, called elements and subscriptions. (Dev tools: bpmnlint
 * and its plugin are loaded only when linting.)
 */
export async function lintModels(files: readonly string[]): Promise<LintProblem[]> {
  const moddle = 'bpmn-moddle'; // untyped package: imported by name
  const { BpmnModdle } = (await import(moddle)) as unknown as { BpmnModdle: new (packages: object) => { fromXML(xml: string): Promise<{ rootElement: unknown; warnings: { message: string }[] }> } };
  const { Linter } = require('bpmnlint') as { Linter: new (options: object) => Linter };
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver.js') as new () => object;
  const zeebe = JSON.parse(readFileSync(require.resolve('zeebe-bpmn-moddle/resources/zeebe.json'), 'utf8')) as object;
  const config = JSON.parse(readFileSync(lintConfigFile, 'utf8')) as object;
  const problems: LintProblem[] = [];
  for (const file of files) {
    const { rootElement, warnings } = await new BpmnModdle({ zeebe }).fromXML(readFileSync(file, 'utf8'));
    for (const w of warnings) problems.push({ file, elementId: '', rule: 'xml', category: 'error', message: w.message });
    // A linter per file: some rules keep state between runs.
    const results = await new Linter({ config, resolver: new NodeResolver() }).lint(rootElement);
    for (const [rule, reports] of Object.entries(results)) {
      for (const r of reports) problems.push({ file, elementId: r.id ?? '', rule, category: r.category, message: r.message });
    }
  }
  return problems;
}

export const bpmnFilesIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort().map((f) => path.join(dir, f));
