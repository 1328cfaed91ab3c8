import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Dependency {
  groupId: string;
  artifactId: string;
  version: string;
  type?: string;
  exclusions?: string[];
}

export class MissingMavenError extends Error {}

export function assertMaven(): void {
  const probe = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new MissingMavenError("Apache Maven ('mvn') is needed to fetch the local stack's servers from Maven Central. Install it (e.g. 'apt-get install maven') and run again.");
  }
}

function pom(name: string, deps: Dependency[]): string {
  const dep = (d: Dependency) => `    <dependency>
      <groupId>${d.groupId}</groupId><artifactId>${d.artifactId}</artifactId><version>${d.version}</version>${d.type ? `<type>${d.type}</type>` : ''}${
        d.exclusions?.length
          ? `\n      <exclusions>${d.exclusions.map((e) => { const [g, a] = e.split(':'); return `<exclusion><groupId>${g}</groupId><artifactId>${a}</artifactId></exclusion>`; }).join('')}</exclusions>`
          : ''
      }
    </dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.ordo.stack</groupId><artifactId>${name}</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
${deps.map(dep).join('\n')}
  </dependencies>
</project>
`;
}

/**
 * Copies `deps` and their runtime dependencies into `outDir` with Maven (its local repository is the
 * download cache). Reports each download as it finishes.
 */
export async function mavenCopy(name: string, deps: Dependency[], workDir: string, outDir: string, progress: (line: string) => void): Promise<void> {
  mkdirSync(workDir, { recursive: true });
  writeFileSync(path.join(workDir, 'pom.xml'), pom(name, deps));
  await mavenCopyModule(path.join(workDir, 'pom.xml'), outDir, progress);
}

/** Copies the runtime dependencies of the Maven module `pomFile` into `outDir`. */
export async function mavenCopyModule(pomFile: string, outDir: string, progress: (line: string) => void): Promise<void> {
  await runMaven(['-B', '-f', pomFile, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${outDir}`, '-Dmdep.useBaseVersion=true'], progress);
}

async function runMaven(args: string[], progress: (line: string) => void): Promise<void> {
  let downloaded = 0;
  let bytes = 0;
  const tail: string[] = [];
  const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    const m = /Downloaded from \S+: \S+\/([^/\s]+) \(([\d.]+) (B|kB|MB|GB)/.exec(line);
    if (m) {
      downloaded++;
      const size = Number(m[2]) * ({ B: 1, kB: 1e3, MB: 1e6, GB: 1e9 } as Record<string, number>)[m[3]!]!;
      bytes += size;
      if (size > 5e6 || downloaded % 25 === 0) progress(`downloaded ${downloaded} files, ${(bytes / 1e6).toFixed(1)} MB (latest: ${m[1]})`);
    }
  };
  let buffer = '';
  const feed = (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stdout.on('data', feed);
  child.stderr.on('data', feed);
  const code: number = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c ?? 1));
  });
  if (downloaded > 1) progress(`downloaded ${downloaded} files, ${(bytes / 1e6).toFixed(1)} MB in all`);
  if (code !== 0) throw new Error(`mvn ${args.slice(3).join(' ')} failed (exit ${code}):\n${tail.filter((l) => /ERROR|FAIL/.test(l)).join('\n') || tail.join('\n')}`);
}

/** Maven's local repository: `-Dmaven.repo.local` from MAVEN_OPTS, else ~/.m2/repository. */
function localRepository(): string {
  const fromOpts = /-Dmaven\.repo\.local=(\S+)/.exec(process.env['MAVEN_OPTS'] ?? '')?.[1];
  return fromOpts ?? path.join(os.homedir(), '.m2', 'repository');
}

/**
 * Fetches one artifact (e.g. a tar.gz distribution) into Maven's local repository and copies it to
 * `outDir`. Maven in batch mode is silent while one large file downloads, so its partial file is
 * watched and its size reported every few seconds.
 */
export async function mavenFetchArtifact(coordinate: string, outDir: string, progress: (line: string) => void): Promise<void> {
  const [group, artifact, version] = coordinate.split(':') as [string, string, string];
  const dir = path.join(localRepository(), ...group.split('.'), artifact, version);
  const watcher = setInterval(() => {
    try {
      const partial = readdirSync(dir).filter((f) => f.startsWith(artifact) && /\.(tmp|part)$/.test(f));
      const bytes = partial.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
      if (bytes > 0) progress(`downloading ${artifact}-${version}: ${(bytes / 1e6).toFixed(0)} MB so far`);
    } catch {
      /* not created yet */
    }
  }, 3000);
  try {
    await runMaven(['-B', 'dependency:copy', `-Dartifact=${coordinate}`, `-DoutputDirectory=${outDir}`, '-Dmdep.overWriteIfNewer=true'], progress);
  } finally {
    clearInterval(watcher);
  }
}
