import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { loadConfig } from '../engine/config/config.js';
import { ensureStack, stopStack } from '../compose/local/stack.js';
import { startTracing, stopTracing } from '../engine/observability/tracing.js';

/**
 * `npm test`: brings the local stack up when no external servers are configured (never skipping a
 * test that needs it), runs every *.spec.js, and ends with the line `N passed, N failed`.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return specFiles(full);
    return name.endsWith('.spec.js') ? [full] : [];
  });
}

async function main(): Promise<number> {
  const config = loadConfig();
  const started = config.localStack.wanted ? await ensureStack(config, { quiet: false }) : { startedNow: [] as string[] };
  startTracing({ ...config.tracing, exporter: 'none' });
  const grep = process.argv[2];
  const mocha = new Mocha({ timeout: 120_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of specFiles(here).sort()) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
  });
  if (started.startedNow.length > 0 && !config.localStack.keepAfterTests) await stopStack(config, { quiet: false });
  await stopTracing();
  console.log(`${stats.passes} passed, ${stats.failures} failed`);
  return stats.failures > 0 || stats.passes === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
