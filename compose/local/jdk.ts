import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Jdk {
  home: string;
  java: string;
  major: number;
}

/** Which Java a server can run on: [min, max] major versions, inclusive. */
export interface JavaRange {
  min: number;
  max: number;
  why: string;
}

function majorOf(home: string): number | undefined {
  const release = path.join(home, 'release');
  if (existsSync(release)) {
    const m = /JAVA_VERSION="(\d+)(?:\.(\d+))?/.exec(readFileSync(release, 'utf8'));
    if (m) return m[1] === '1' ? Number(m[2]) : Number(m[1]);
  }
  try {
    const out = execFileSync(path.join(home, 'bin', 'java'), ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
    if (m) return m[1] === '1' ? Number(m[2]) : Number(m[1]);
  } catch (err) {
    const m = /version "(\d+)(?:\.(\d+))?/.exec(String((err as { stderr?: string }).stderr ?? ''));
    if (m) return m[1] === '1' ? Number(m[2]) : Number(m[1]);
  }
  return undefined;
}

function candidateHomes(): string[] {
  const homes: string[] = [];
  const javaHome = process.env['JAVA_HOME'];
  if (javaHome) homes.push(javaHome);
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const java = path.join(dir, 'java');
    if (existsSync(java)) {
      try {
        homes.push(path.dirname(path.dirname(realpathSync(java))));
      } catch {
        /* dangling link */
      }
    }
  }
  for (const root of ['/usr/lib/jvm', '/usr/java', '/opt/java', '/opt', '/Library/Java/JavaVirtualMachines']) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root)) {
      const home = path.join(root, name);
      homes.push(existsSync(path.join(home, 'Contents', 'Home')) ? path.join(home, 'Contents', 'Home') : home);
    }
  }
  return homes;
}

/** Every JDK on this machine (JAVA_HOME, PATH, the usual install folders), newest first. */
export function findJdks(): Jdk[] {
  const seen = new Map<string, Jdk>();
  for (const home of candidateHomes()) {
    const java = path.join(home, 'bin', 'java');
    if (!existsSync(java) || !existsSync(path.join(home, 'bin', 'javac'))) continue;
    const real = realpathSync(home);
    if (seen.has(real)) continue;
    const major = majorOf(real);
    if (major) seen.set(real, { home: real, java: path.join(real, 'bin', 'java'), major });
  }
  return [...seen.values()].sort((a, b) => b.major - a.major);
}

export class MissingJavaError extends Error {}

/** The newest JDK within `range`, or a message saying what to install. */
export function pickJdk(jdks: Jdk[], range: JavaRange, server: string): Jdk {
  const found = jdks.find((j) => j.major >= range.min && j.major <= range.max);
  if (found) return found;
  const have = jdks.length ? jdks.map((j) => `${j.major} (${j.home})`).join(', ') : 'none';
  const want = range.max >= 99 ? `${range.min} or newer` : `${range.min} to ${range.max}`;
  throw new MissingJavaError(
    `${server} needs a JDK ${want} (${range.why}). JDKs found: ${have}.\n` +
      `  Install one, e.g. 'apt-get install openjdk-${range.min}-jdk' or a Temurin ${range.min} JDK, or set JAVA_HOME to it, then run again.`,
  );
}
