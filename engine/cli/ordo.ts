#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigError, describeVariables, loadConfig, variablesMarkdown, type Config } from '../config/config.js';
import { runCatalogImport } from '../catalog/import-command.js';
import { inventoryUsage, runInventoryCommand } from '../inventory/inventory-command.js';
import { deployModels } from '../process/deploy-models.js';
import { bpmnFilesIn, lintModels } from '../process/lint-models.js';
import { connectEngine } from '../process/connect-engine.js';
import { generateRestTypes, restTypesFile } from '../process/operaton/generate-rest-types.js';
import { logger } from '../observability/logger.js';
import { bpmnDir } from '../paths.js';
import { workerDefinitions } from '../../workers/index.js';
import { elementTemplate, templateFileName } from '../../workers/runtime/element-template.js';
import { parseOptions, UsageError, withUsage, type CliOutput } from './command.js';
import { plural } from './table.js';
import { incidentsUsage, runIncidentsCommand } from './incidents-command.js';
import { deadLettersUsage, runDeadLettersCommand } from './dead-letters-command.js';
import { hubUsage, runHubCommand } from './hub-command.js';
import { ordersUsage, runOrdersCommand } from './orders-command.js';

export function writeTemplates(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return workerDefinitions().map((w) => {
    const file = path.join(dir, templateFileName(w));
    writeFileSync(file, `${JSON.stringify(elementTemplate(w), null, 2)}\n`);
    return file;
  });
}

interface Command {
  usage: string;
  /** `config` is read only when the command runs: the ones that need none work without it. */
  run(args: string[], out: CliOutput, config: () => Config): Promise<number>;
}

/** A command without options: its positionals, at most `max`. */
const positionalsOf = (args: string[], max: number): string[] => {
  const { positionals } = parseOptions(args, {}, true);
  if (positionals.length > max) throw new UsageError(`unexpected argument: ${positionals[max]}`);
  return positionals;
};

const commands: Record<string, Command> = {
  deploy: {
    usage: '  deploy              deploy every model in bpmn/ to the process engine (Operaton); unchanged models keep their version',
    async run(args, out, config) {
      positionalsOf(args, 0);
      const engine = connectEngine(config(), logger);
      try {
        for (const d of await deployModels(engine)) out.log(`${d.bpmnProcessId} version ${d.version}${d.versionTag ? ` (tag ${d.versionTag})` : ''} from ${d.resourceName}, id ${d.processDefinitionKey}`);
        return 0;
      } finally {
        await engine.close();
      }
    },
  },
  lint: {
    usage: "  lint [files]        check models with bpmnlint (.bpmnlintrc: recommended rules, Camunda 7 / Operaton compatibility, Ordo's rules)",
    async run(args, out) {
      const given = positionalsOf(args, Infinity);
      const files = given.length > 0 ? given : bpmnFilesIn(bpmnDir);
      const problems = await lintModels(files);
      for (const p of problems) out.log(`${path.relative(process.cwd(), p.file)}  ${p.elementId}  ${p.category}  ${p.message}  (${p.rule})`);
      out.log(`${plural(files.length, 'model')} linted: ${problems.filter((p) => p.category === 'error').length} errors, ${problems.filter((p) => p.category === 'warn').length} warnings`);
      return problems.length > 0 ? 1 : 0;
    },
  },
  templates: {
    usage: '  templates [dir]     write the Camunda Modeler element templates of all workers (default bpmn/templates)',
    async run(args, out) {
      const [dir] = positionalsOf(args, 1);
      for (const f of writeTemplates(dir ?? path.join(bpmnDir, 'templates'))) out.log(f);
      return 0;
    },
  },
  orders: { usage: ordersUsage, run: (args, out, config) => runOrdersCommand(config(), args, out) },
  catalog: {
    usage: `  catalog import <file>
                      replace the whole product, service and resource catalog with a JSON dump (all or nothing)`,
    async run(args, out, config) {
      const [action, file, ...extra] = positionalsOf(args, 2);
      if (action !== 'import' || !file || extra.length > 0) throw new UsageError('catalog import takes one file');
      return runCatalogImport(config(), file, out);
    },
  },
  inventory: { usage: inventoryUsage, run: (args, out, config) => runInventoryCommand(config(), args, out) },
  incidents: { usage: incidentsUsage, run: (args, out, config) => runIncidentsCommand(config(), args, out) },
  'dead-letters': { usage: deadLettersUsage, run: (args, out, config) => runDeadLettersCommand(config(), args, out) },
  hub: { usage: hubUsage, run: (args, out, config) => runHubCommand(config(), args, out) },
  config: {
    usage: '  config [--markdown] the environment variables Ordo reads, with defaults',
    async run(args, out) {
      const { values } = parseOptions(args, { markdown: { type: 'boolean' } });
      if (values.markdown) out.log(variablesMarkdown());
      else for (const v of describeVariables()) out.log(`${v.name}=${v.default}\n    ${v.doc}`);
      return 0;
    },
  },
  'engine-types': {
    usage: "  engine-types        regenerate the engine client's types from schemas/operaton/operaton-rest-api.json",
    async run(args, out) {
      positionalsOf(args, 0);
      writeFileSync(restTypesFile, await generateRestTypes());
      out.log(restTypesFile);
      return 0;
    },
  },
};

export const usage = `usage: ordo <command>\n${Object.values(commands).map((c) => c.usage).join('\n')}`;

/**
 * Runs `ordo <args>`: exit code 0 when done, 1 when it failed or was refused, 2 for wrong arguments
 * (with the reason and the usage on `out.error`).
 */
export async function runOrdo(args: string[], out: CliOutput, config: () => Config = loadConfig): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? out.error : out.log)(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    out.error(`unknown command: ${name}\n${usage}`);
    return 2;
  }
  return withUsage(command.usage, out, () => command.run(rest, out, config));
}

/** Asks at the terminal; none when standard input is not one (a script, CI). */
function terminalConfirm(): CliOutput['confirm'] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/ordo')) {
  const confirm = terminalConfirm();
  runOrdo(process.argv.slice(2), { log: console.log, error: console.error, progress: process.stderr, ...(confirm ? { confirm } : {}) }).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof ConfigError ? err.message : `ordo: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
