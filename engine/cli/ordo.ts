#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, describeVariables, loadConfig, variablesMarkdown, type Config } from '../config/config.js';
import { connectMongo } from '../db/mongo.js';
import { OrderStore } from '../orders/order-store.js';
import { runCatalogImport } from '../catalog/import-command.js';
import { inventoryUsage, runInventoryCommand } from '../inventory/inventory-command.js';
import { deployModels } from '../process/deploy-models.js';
import { bpmnFilesIn, lintModels } from '../process/lint-models.js';
import { connectEngine } from '../process/connect-engine.js';
import { generateRestTypes, restTypesFile } from '../process/operaton/generate-rest-types.js';
import { logger } from '../observability/logger.js';
import { bpmnDir } from '../paths.js';
import { allWorkers } from '../../workers/index.js';
import { elementTemplate, templateFileName } from '../../workers/runtime/element-template.js';
import type { AnyWorker } from '../../workers/runtime/define-worker.js';

const usage = `usage: ordo <command>
  deploy              deploy every model in bpmn/ to the process engine (Operaton); unchanged models keep their version
  lint [files]        check models with bpmnlint (.bpmnlintrc: recommended rules, Camunda 7 / Operaton compatibility, Ordo's rules)
  templates [dir]     write the Camunda Modeler element templates of all workers (default bpmn/templates)
  orders show <id>    an order as stored, with its process and event-outbox status
  catalog import <file>
                      replace the whole product, service and resource catalog with a JSON dump (all or nothing)
${inventoryUsage}
  config [--markdown] the environment variables Ordo reads, with defaults
  engine-types        regenerate the engine client's types from schemas/operaton/operaton-rest-api.json`;

/** Worker definitions for their metadata only; their handlers are never called here. */
export function workerDefinitions(): AnyWorker[] {
  const unused = new Proxy({}, { get: () => { throw new Error('worker dependencies are not available in this command'); } });
  return allWorkers({ orders: unused as never, cancellations: unused as never, catalog: unused as never, resources: unused as never, reservationTtlMs: 0, payments: unused as never, provider: undefined, webhookUrl: () => '', paymentConfirmationTimeoutMs: 0, salesforce: undefined, fallouts: unused as never, servicenow: undefined, links: { instanceUrl: () => undefined }, activation: undefined, serviceOrders: unused as never, resourceOrders: unused as never, products: unused as never, services: unused as never, checkCustomer: undefined, records: unused as never, users: unused as never, signUps: unused as never, notifications: unused as never, pepper: Buffer.alloc(0), otpTtlMs: 0 });
}

export function writeTemplates(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return workerDefinitions().map((w) => {
    const file = path.join(dir, templateFileName(w));
    writeFileSync(file, `${JSON.stringify(elementTemplate(w), null, 2)}\n`);
    return file;
  });
}

async function deploy(config: Config): Promise<void> {
  const engine = connectEngine(config, logger);
  try {
    for (const d of await deployModels(engine)) console.log(`${d.bpmnProcessId} version ${d.version}${d.versionTag ? ` (tag ${d.versionTag})` : ''} from ${d.resourceName}, id ${d.processDefinitionKey}`);
  } finally {
    await engine.close();
  }
}

async function showOrder(config: Config, id: string): Promise<number> {
  const engine = connectEngine(config, logger);
  const db = await connectMongo(config.mongo);
  try {
    const stored = await new OrderStore(db.db).findStored(id);
    if (!stored) {
      console.error(`no order ${id} in ${config.mongo.db}`);
      return 1;
    }
    const { _id, _ordo, ...order } = stored;
    console.log(JSON.stringify({
      order,
      process: _ordo.process,
      pendingEvents: _ordo.outbox.map((e) => ({ eventType: e.body.eventType, eventId: e.body.eventId, eventTime: e.body.eventTime })),
      cockpit: _ordo.process.processInstanceKey ? engine.instanceUrl(_ordo.process.processInstanceKey) : undefined,
      incidents: _ordo.process.processInstanceKey ? await engine.incidents(_ordo.process.processInstanceKey).catch((err: Error) => `unknown: ${err.message}`) : [],
    }, null, 2));
    return 0;
  } finally {
    await db.close();
  }
}

async function main(args: string[]): Promise<number> {
  const [command, sub, arg] = args;
  if (command === 'config') {
    if (sub === '--markdown') console.log(variablesMarkdown());
    else for (const v of describeVariables()) console.log(`${v.name}=${v.default}\n    ${v.doc}`);
    return 0;
  }
  if (command === 'lint') {
    const files = args.length > 1 ? args.slice(1) : bpmnFilesIn(bpmnDir);
    const problems = await lintModels(files);
    for (const p of problems) console.log(`${path.relative(process.cwd(), p.file)}  ${p.elementId}  ${p.category}  ${p.message}  (${p.rule})`);
    console.log(`${files.length} model${files.length === 1 ? '' : 's'} linted: ${problems.filter((p) => p.category === 'error').length} errors, ${problems.filter((p) => p.category === 'warn').length} warnings`);
    return problems.length > 0 ? 1 : 0;
  }
  if (command === 'engine-types') {
    writeFileSync(restTypesFile, await generateRestTypes());
    console.log(restTypesFile);
    return 0;
  }
  if (command === 'templates') {
    for (const f of writeTemplates(sub ?? path.join(bpmnDir, 'templates'))) console.log(f);
    return 0;
  }
  const config = loadConfig();
  if (command === 'deploy') {
    await deploy(config);
    return 0;
  }
  if (command === 'orders' && sub === 'show' && arg) return showOrder(config, arg);
  if (command === 'catalog' && sub === 'import' && arg) return runCatalogImport(config, arg, { log: console.log, error: console.error });
  if (command === 'inventory') return runInventoryCommand(config, args.slice(1), { log: console.log, error: console.error });
  console.error(usage);
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/ordo')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof ConfigError ? err.message : `ordo: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
