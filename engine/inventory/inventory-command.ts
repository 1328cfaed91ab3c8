import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { connectMongo } from '../db/mongo.js';
import type { CommandOutput } from '../catalog/import-command.js';
import { generatePool } from './generate-pool.js';
import { loadResources, parseNumberFile, type LoadReport, type NumberRecord } from './load-pool.js';
import { ResourceStore } from './resource-store.js';
import { isResourceKind, type ResourceKind } from './resource.js';

export const inventoryUsage = `  inventory import <file> --kind msisdn|iccid [--category <c>]
                      load numbers (CSV: one per line, optional header number,category; or a JSON array) into their pools, free
  inventory generate --kind msisdn|iccid --count <n> --prefix <digits> [--category <c>] [--start <n>]
                      load n generated numbers (MSISDN: prefix + digits to 11; ICCID: 89... + Luhn digit)`;

/** `--name value` options after the positional arguments. */
function options(args: string[]): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) named.set(arg.slice(2), args[++i] ?? '');
    else positional.push(arg);
  }
  return { positional, named };
}

function describe(report: LoadReport, seconds: number): string {
  const rate = seconds > 0 ? Math.round(report.loaded / seconds) : report.loaded;
  const problems = report.problems.map((p) => `  ${p.at !== undefined ? `#${p.at} ` : ''}${p.number ?? ''} ${p.message}`.trimEnd());
  return [`loaded ${report.loaded}, duplicates ${report.duplicates}, invalid ${report.invalid} in ${seconds.toFixed(1)} s (${rate}/s)`, ...problems].join('\n');
}

/** `ordo inventory import|generate ...`; exit code 0 when every number was loaded or already there. */
export async function runInventoryCommand(config: Config, args: string[], out: CommandOutput): Promise<number> {
  const [action, ...rest] = args;
  const { positional, named } = options(rest);
  const kind = named.get('kind');
  if (!isResourceKind(kind) || (action !== 'import' && action !== 'generate')) {
    out.error(`usage:\n${inventoryUsage}`);
    return 2;
  }
  let records: Iterable<NumberRecord>;
  let unreadable = 0;
  if (action === 'import') {
    const file = positional[0];
    if (!file) return (out.error(`usage:\n${inventoryUsage}`), 2);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      out.error(`nothing loaded: ${file} cannot be read (${(err as Error).message})`);
      return 1;
    }
    const parsed = parseNumberFile(text, kind);
    for (const p of parsed.problems) out.error(`${p.at !== undefined ? `#${p.at} ` : ''}${p.message}`);
    unreadable = parsed.problems.length;
    records = parsed.records;
  } else {
    try {
      records = [...generatePool({ kind: kind as ResourceKind, count: Number(named.get('count')), prefix: named.get('prefix') ?? '', category: named.get('category'), start: named.has('start') ? Number(named.get('start')) : undefined })];
    } catch (err) {
      out.error(`nothing generated: ${(err as Error).message}`);
      return 2;
    }
  }

  const db = await connectMongo(config.mongo);
  try {
    const store = new ResourceStore(db.db, config.http.publicUrl || `http://localhost:${config.http.port}`);
    await store.ensureIndexes();
    const started = process.hrtime.bigint();
    const report = await loadResources(store, records, { kind, category: named.get('category') });
    out.log(describe(report, Number(process.hrtime.bigint() - started) / 1e9));
    return report.invalid > 0 || unreadable > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}
