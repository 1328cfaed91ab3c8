import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { StackError } from './errors.js';

/** Where Debian's chromium package puts the browser. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium for the console's browser tests: ORDO_CHROMIUM_PATH, else Debian's package,
 * installed with apt-get when it is missing and this user may (root on a Debian-like machine).
 * Test tools' own browser downloads are not used: they need the open internet.
 */
export function ensureChromium(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const configured = process.env['ORDO_CHROMIUM_PATH'];
  if (configured) {
    if (!existsSync(configured)) throw new StackError(`ORDO_CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
  if (!aptGet || process.getuid?.() !== 0) {
    throw new StackError(`the console's browser tests need Chromium: install Debian's package (sudo apt-get install chromium) or set ORDO_CHROMIUM_PATH to a Chromium or Chrome binary`);
  }
  log('[chromium] installing Debian package chromium (once per machine)…');
  const started = Date.now();
  const install = () => spawnSync(aptGet, ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8' });
  let result = install();
  // A fresh machine may not have package lists yet.
  if (result.status !== 0) {
    execFileSync(aptGet, ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    result = install();
  }
  if (result.status !== 0 || !existsSync(DEBIAN_CHROMIUM)) throw new StackError(`apt-get install chromium failed: ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
  log(`[chromium] installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return DEBIAN_CHROMIUM;
}
