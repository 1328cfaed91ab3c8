import { readdirSync, statSync } from 'node:fs';
import { ensureChromium } from '../compose/local/chromium.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { loadConfig } from '../engine/config/config.js';
import { ensureStack, stopStack } from '../compose/local/stack.js';
import { startTracing, stopTracing } from '../engine/observability/tracing.js';
import { removeLeftovers, testFootprint } from './support/run-leftovers.js';
import { runOnOtherNodeVersions } from './other-node-versions.js';

/**
 * `npm test`: brings the local stack up when no external servers are configured (never skipping a
 * test that needs it), runs every *.spec.js (then again on each Node.js version in
 * ORDO_TEST_NODE_VERSIONS), and ends with the line `N passed, N failed` over all of them.
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
  // Only what this run started is stopped afterwards, whatever happens: a developer's running stack stays.
  let started: string[] = [];
  const stopStarted = async () => {
    if (started.length > 0 && !config.localStack.keepAfterTests) await stopStack(config, { quiet: false, only: started });
    started = [];
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopStarted().finally(() => process.exit(130)));
  }
  try {
    if (config.localStack.wanted) started = (await ensureStack(config, { quiet: false })).startedNow;
    // The console's browser tests need Chromium: installed here, before any test's timeout runs (apt-get may take minutes).
    try {
      ensureChromium();
    } catch (err) {
      console.log(`Chromium: ${(err as Error).message} (the browser tests will fail)`);
    }
    startTracing({ ...config.tracing, exporter: 'none' });
    const grep = process.argv[2];
    const mocha = new Mocha({ timeout: 120_000, reporter: 'spec', ...(grep ? { grep } : {}) });
    for (const file of specFiles(here).sort()) mocha.addFile(file);
    await mocha.loadFilesAsync();
    const stats = await new Promise<{ passes: number; failures: number }>((resolve) => {
      const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }));
    });
    await stopTracing();
    await cleanUp(config);
    // The same run on the other Node.js versions Ordo supports (CI sets them), against the same stack.
    const versions = (process.env['ORDO_TEST_NODE_VERSIONS'] ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    const others = await runOnOtherNodeVersions(versions, config.localStack.dir, grep);
    await stopStarted();
    if (others.length > 0) {
      console.log(`\nNode.js ${process.versions.node}: ${stats.passes} passed, ${stats.failures} failed`);
      for (const r of others) console.log(`Node.js ${r.version}: ${r.passed} passed, ${r.failed} failed`);
    }
    const passed = stats.passes + others.reduce((n, r) => n + r.passed, 0);
    const failed = stats.failures + others.reduce((n, r) => n + r.failed, 0);
    console.log(`${passed} passed, ${failed} failed`);
    return failed > 0 || stats.passes === 0 ? 1 : 0;
  } finally {
    await stopStarted();
  }
}

/** The servers keep nothing of the run: a stack this run started and stops keeps its data on disk for the next start too. */
async function cleanUp(config: ReturnType<typeof loadConfig>): Promise<void> {
  const t = Date.now();
  try {
    const removed = await removeLeftovers(config, testFootprint());
    console.log(`Removed what the run left: ${removed.databases} databases, ${removed.topics} Kafka topics, ${removed.deployments} engine deployments (${((Date.now() - t) / 1000).toFixed(1)} s).`);
  } catch (err) {
    console.log(`Could not remove all the run left: ${(err as Error).message}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
