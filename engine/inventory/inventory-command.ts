import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { connectMongo } from '../db/mongo.js';
import { parseCount, parseOptions, UsageError, withUsage, type CliOutput } from '../cli/command.js';
import { Progress } from '../cli/progress.js';
import { generatePool } from './generate-pool.js';
import { loadResources, parseNumberFile, type LoadReport, type NumberRecord } from './load-pool.js';
import { ResourceStore } from './resource-store.js';
import { isResourceKind, type ResourceKind } from './resource.js';

export const inventoryUsage = `  inventory import <file> --kind msisdn|iccid [--category <c>]
                      load numbers (CSV: one per line, optional header number,category; or a JSON array) into their pools, free
  inventory generate --kind msisdn|iccid --count <n> --prefix <digits> [--category <c>] [--start <n>]
                      load n generated numbers (MSISDN: prefix + digits to 11; ICCID: 89... + Luhn digit)`;

const options = {
  kind: { type: 'string' },
  category: { type: 'string' },
  count: { type: 'string' },
  prefix: { type: 'string' },
  start: { type: 'string' },
} as const;

function describe(report: LoadReport, seconds: number): string {
  const rate = seconds > 0 ? Math.round(report.loaded / seconds) : report.loaded;
  const problems = report.problems.map((p) => `  ${p.at !== undefined ? `#${p.at} ` : ''}${p.number ?? ''} ${p.message}`.trimEnd());
  return [`loaded ${report.loaded}, duplicates ${report.duplicates}, invalid ${report.invalid} in ${seconds.toFixed(1)} s (${rate}/s)`, ...problems].join('\n');
}

/** `ordo inventory import|generate ...`; exit code 0 when every number was loaded or already there, 2 for wrong arguments. */
export function runInventoryCommand(config: Config, args: string[], out: CliOutput): Promise<number> {
  return withUsage(inventoryUsage, out, async () => {
    const [action, ...rest] = args;
    if (action !== 'import' && action !== 'generate') throw new UsageError(action ? `unknown action: inventory ${action}` : 'inventory: import or generate?');
    const { values, positionals } = parseOptions(rest, options, true);
    const kind = values.kind;
    if (!isResourceKind(kind)) throw new UsageError(kind === undefined ? '--kind is required' : `--kind ${kind}: msisdn or iccid`);
    let records: NumberRecord[];
    let unreadable = 0;
    if (action === 'import') {
      if (positionals.length !== 1) throw new UsageError('inventory import takes one file');
      const file = positionals[0]!;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        out.error(`nothing loaded: ${file} cannot be read (${(err as Error).message})`);
        return 1;
      }
      const parsedFile = parseNumberFile(text, kind);
      for (const p of parsedFile.problems) out.error(`${p.at !== undefined ? `#${p.at} ` : ''}${p.message}`);
      unreadable = parsedFile.problems.length;
      records = parsedFile.records;
    } else {
      if (positionals.length > 0) throw new UsageError('inventory generate takes no file');
      if (values.count === undefined || values.prefix === undefined) throw new UsageError('inventory generate needs --count and --prefix');
      const count = parseCount('count', values.count, 0);
      const start = parseCount('start', values.start, 0, 0);
      try {
        records = [...generatePool({ kind: kind as ResourceKind, count, prefix: values.prefix, category: values.category, start })];
      } catch (err) {
        throw new UsageError(`nothing generated: ${(err as Error).message}`);
      }
    }

    const db = await connectMongo(config.mongo);
    try {
      const store = new ResourceStore(db.db, config.http.publicUrl || `http://localhost:${config.http.port}`);
      await store.ensureIndexes();
      const started = process.hrtime.bigint();
      const progress = new Progress(`loading ${kind}`, records.length, out.progress);
      const report = await loadResources(store, records, { kind, category: values.category, onProgress: (n) => progress.update(n) });
      progress.finish();
      out.log(describe(report, Number(process.hrtime.bigint() - started) / 1e9));
      return report.invalid > 0 || unreadable > 0 ? 1 : 0;
    } finally {
      await db.close();
    }
  });
}
