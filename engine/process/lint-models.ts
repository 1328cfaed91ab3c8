import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot } from '../paths.js';
import { ordoLintRules } from './lint-rules.js';

export interface LintProblem {
  file: string;
  elementId: string;
  rule: string;
  category: 'error' | 'warn' | 'info';
  message: string;
}

/** The rules in `.bpmnlintrc`: bpmnlint's recommended set, Camunda 7 (Operaton) compatibility and Ordo's own. */
export const lintConfigFile = path.join(packageRoot, '.bpmnlintrc');

const require = createRequire(import.meta.url);

type Report = { id?: string; message: string; category: 'error' | 'warn' | 'info' };
type Linter = { lint(definitions: unknown): Promise<Record<string, Report[]>> };
type Resolver = { resolveRule(pkg: string, rule: string): unknown; resolveConfig(pkg: string, config: string): unknown };

/** bpmnlint's node resolver, with plugin "ordo" served from lint-rules.ts. */
function resolver(NodeResolver: new () => Resolver): Resolver {
  const node = new NodeResolver();
  return {
    resolveRule: (pkg, rule) => {
      if (pkg !== 'bpmnlint-plugin-ordo') return node.resolveRule(pkg, rule);
      const factory = ordoLintRules[rule];
      if (!factory) throw new Error(`no Ordo lint rule ${rule}`);
      return factory;
    },
    resolveConfig: (pkg, config) => node.resolveConfig(pkg, config),
  };
}

/**
 * Lints BPMN files with bpmnlint as Camunda Modeler (Camunda 7 mode) does: the camunda: extensions are
 * understood (camunda-bpmn-moddle), so the rules see topics, bindings and properties. (Dev tools:
 * bpmnlint, its plugin and the moddle are loaded only when linting.)
 */
export async function lintModels(files: readonly string[]): Promise<LintProblem[]> {
  const moddle = 'bpmn-moddle'; // untyped package: imported by name
  const { BpmnModdle } = (await import(moddle)) as unknown as { BpmnModdle: new (packages: object) => { fromXML(xml: string): Promise<{ rootElement: unknown; warnings: { message: string }[] }> } };
  const { Linter } = require('bpmnlint') as { Linter: new (options: object) => Linter };
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver.js') as new () => Resolver;
  const camunda = JSON.parse(readFileSync(require.resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8')) as object;
  const config = JSON.parse(readFileSync(lintConfigFile, 'utf8')) as object;
  const problems: LintProblem[] = [];
  for (const file of files) {
    const { rootElement, warnings } = await new BpmnModdle({ camunda }).fromXML(readFileSync(file, 'utf8'));
    for (const w of warnings) problems.push({ file, elementId: '', rule: 'xml', category: 'error', message: w.message });
    // A linter per file: some rules keep state between runs.
    const results = await new Linter({ config, resolver: resolver(NodeResolver) }).lint(rootElement);
    for (const [rule, reports] of Object.entries(results)) {
      for (const r of reports) problems.push({ file, elementId: r.id ?? '', rule, category: r.category, message: r.message });
    }
  }
  return problems;
}

export const bpmnFilesIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort().map((f) => path.join(dir, f));
