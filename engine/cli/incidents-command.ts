import type { Config } from '../config/config.js';
import { logger } from '../observability/logger.js';
import { connectEngine } from '../process/connect-engine.js';
import { DEFAULT_RETRY_ATTEMPTS, RETRY_BATCH, retryFailedTasks } from '../process/failed-tasks.js';
import type { FailedTask, FailedTaskFilter } from '../process/process-engine.js';
import { confirmed, parseCount, parseInstant, parseOptions, UsageError, withUsage, type CliOutput } from './command.js';
import { Progress } from './progress.js';
import { plural, table } from './table.js';

export const incidentsUsage = `  incidents list [--topic <t>] [--error <text>] [--since <when>] [--until <when>] [--json]
                      failed external tasks (incidents) of this installation's engine tenant, oldest first;
                      --error matches a part of the message in any case; <when>: 30m, 2h, 7d ago or an ISO 8601 time
  incidents retry [the same filters] [--retries <n>] [--dry-run] [--yes]
                      give the matching tasks n attempts again (default ${DEFAULT_RETRY_ATTEMPTS}: once more, an incident again at once if it still fails),
                      in batches of ${RETRY_BATCH}; --dry-run lists them and changes nothing; asks unless --yes`;

const filterOptions = {
  topic: { type: 'string' },
  error: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

function filterOf(values: { topic?: string | undefined; error?: string | undefined; since?: string | undefined; until?: string | undefined }): FailedTaskFilter {
  return {
    ...(values.topic !== undefined ? { topic: values.topic } : {}),
    ...(values.error !== undefined ? { error: values.error } : {}),
    ...(values.since !== undefined ? { since: parseInstant('since', values.since) } : {}),
    ...(values.until !== undefined ? { until: parseInstant('until', values.until) } : {}),
  };
}

function printTasks(tasks: FailedTask[], out: CliOutput): void {
  out.log(table(
    ['TASK', 'TOPIC', 'ACTIVITY', 'INSTANCE', 'BUSINESS KEY', 'FAILED AT', 'ERROR'],
    tasks.map((t) => [t.id, t.topic, t.elementId, t.processInstanceKey, t.businessKey ?? '', t.failedAt.toISOString().replace(/\.\d+Z$/, 'Z'), t.error]),
  ));
}

/** "3 failed tasks in 2 instances: activate-resource 1, reserve-resource 2" */
function totals(tasks: FailedTask[]): string {
  const byTopic = new Map<string, number>();
  for (const t of tasks) byTopic.set(t.topic, (byTopic.get(t.topic) ?? 0) + 1);
  const instances = new Set(tasks.map((t) => t.processInstanceKey)).size;
  return `${plural(tasks.length, 'failed task')} in ${plural(instances, 'instance')}: ${[...byTopic].sort(([a], [b]) => a.localeCompare(b)).map(([topic, n]) => `${topic} ${n}`).join(', ')}`;
}

/** `ordo incidents list|retry ...`: exit code 0 when done (tasks gone meanwhile are reported, not failed), 1 when refused, 2 for wrong arguments. */
export function runIncidentsCommand(config: Config, args: string[], out: CliOutput): Promise<number> {
  return withUsage(incidentsUsage, out, async () => {
    const [action, ...rest] = args;
    if (action === 'list') {
      const { values } = parseOptions(rest, { ...filterOptions, json: { type: 'boolean' } });
      const filter = filterOf(values);
      const engine = connectEngine(config, logger);
      try {
        const tasks = await engine.failedTasks(filter);
        if (values.json) out.log(JSON.stringify(tasks, null, 2));
        else if (tasks.length === 0) out.log('no failed tasks match');
        else {
          printTasks(tasks, out);
          out.log(totals(tasks));
        }
        return 0;
      } finally {
        await engine.close();
      }
    }
    if (action === 'retry') {
      const options = { ...filterOptions, retries: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } } as const;
      const { values } = parseOptions(rest, options);
      const filter = filterOf(values);
      const retries = parseCount('retries', values.retries, DEFAULT_RETRY_ATTEMPTS);
      const engine = connectEngine(config, logger);
      try {
        const tasks = await engine.failedTasks(filter);
        if (tasks.length === 0) {
          out.log('no failed tasks match: nothing to retry');
          return 0;
        }
        if (values['dry-run']) {
          printTasks(tasks, out);
          out.log(`${totals(tasks)}\ndry run: would give each ${plural(retries, 'attempt')} again; nothing changed`);
          return 0;
        }
        out.log(totals(tasks));
        if (!(await confirmed(out, values.yes, `Retry ${plural(tasks.length, 'task')} with ${plural(retries, 'attempt')} each?`))) return 1;
        const progress = new Progress('retrying', tasks.length, out.progress);
        const report = await retryFailedTasks(engine, tasks.map((t) => t.id), retries, (done) => progress.update(done));
        progress.finish();
        out.log(`retried ${report.retried} of ${plural(tasks.length, 'task')} (${plural(retries, 'attempt')} each)`);
        if (report.gone.length > 0) out.log(`${report.gone.length} no longer in the engine (done, or their instance cancelled, meanwhile): ${report.gone.join(', ')}`);
        return 0;
      } finally {
        await engine.close();
      }
    }
    throw new UsageError(action ? `unknown action: incidents ${action}` : 'incidents: list or retry?');
  });
}
