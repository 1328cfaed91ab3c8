import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../engine/config/config.js';
import { findJdks, pickJdk, type JavaRange, type Jdk } from './jdk.js';
import { ensureBrokerTls, ensureScramUser, localKafkaSecurity } from './kafka-security.js';
import { mavenCopy, mavenCopyModule, mavenFetchArtifact } from './maven.js';

/** compose/local/ in the source tree, where the servers' config files live. */
const assets = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'compose', 'local');

export const versions = {
  operaton: '1.0.3',
  kafka: '4.1.1',
  log4j: '2.24.3',
  mongoJavaServer: '1.47.0',
  slf4j: '1.7.36',
} as const;

export interface StackDirs {
  root: string;
  servers: string;
  data: string;
  logs: string;
  run: string;
}

export interface Launch {
  args: string[];
  env?: Record<string, string>;
  cwd: string;
}

/** One server of the local stack: how it is fetched, configured, started and known to be ready. */
export interface ServerSpec {
  name: string;
  title: string;
  ports: { port: number; use: string }[];
  java: JavaRange;
  /** Approximate download size on the first run, for the progress line. */
  downloadMb: number;
  startsAfter?: string[];
  installed(dirs: StackDirs): boolean;
  install(dirs: StackDirs, progress: (line: string) => void): Promise<void>;
  /** Writes config into the data folder and prepares storage; idempotent. */
  prepare(dirs: StackDirs, jdk: Jdk): void;
  launch(dirs: StackDirs, jdk: Jdk, config: Config): Launch;
  ready(): Promise<boolean>;
  /** Set-up that needs the server running (e.g. users kept in its own metadata); idempotent. */
  afterReady?(dirs: StackDirs, jdk: Jdk): void;
  /** How long a cold start may take on a small machine before we give up (ms). */
  startTimeoutMs: number;
  urls: string[];
}

const lib = (dirs: StackDirs, name: string) => path.join(dirs.servers, name, 'lib');
const hasJars = (dir: string) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.jar'));

/**
 * A class-data archive the JVM writes when the server stops and maps on its next start, which then
 * loads its classes faster (Java 19 or newer; the class path must be jars only). The JVM rewrites
 * an archive of a changed class, but not one naming a jar that is gone (a new version, a rebuilt
 * launcher): a note of the class path's jars beside the archive says when it must go.
 */
function selfWrittenClassArchive(jdk: Jdk, archive: string, classPath: string): string[] {
  if (jdk.major < 19) return [];
  const jars = classPath.split(':').flatMap((entry) =>
    entry.endsWith('/*') ? readdirSync(entry.slice(0, -2)).filter((f) => f.endsWith('.jar')).map((f) => path.join(entry.slice(0, -2), f)) : [entry],
  );
  const note = `${archive}.classpath`;
  const current = jars.sort().map((jar) => `${jar} ${statSync(jar).size} ${statSync(jar).mtimeMs}`).join('\n');
  if (!existsSync(note) || readFileSync(note, 'utf8') !== current) {
    rmSync(archive, { force: true });
    writeFileSync(note, current);
  }
  return ['-XX:+AutoCreateSharedArchive', `-XX:SharedArchiveFile=${archive}`];
}

/** Compiles one Java source against `classPath` into `jar`, with `resources` (a folder) beside the classes. */
function compileToJar(jdk: Jdk, source: string, classPath: string, jar: string, resources?: string): void {
  const classes = `${jar}.classes`;
  rmSync(classes, { recursive: true, force: true });
  try {
    execFileSync(path.join(jdk.home, 'bin', 'javac'), ['-d', classes, '-cp', classPath, '--release', '17', source], { stdio: 'pipe' });
    execFileSync(path.join(jdk.home, 'bin', 'jar'), ['--create', '--file', jar, '-C', classes, '.', ...(resources ? ['-C', resources, '.'] : [])], { stdio: 'pipe' });
  } finally {
    rmSync(classes, { recursive: true, force: true });
  }
}

export async function httpOk(url: string, accept: (body: string) => boolean = () => true): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok && accept(await res.text());
  } catch {
    return false;
  }
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

/** compose/local/operaton/: the engine's Maven module (pom, one application class, application.yaml). */
const operatonModule = path.join(assets, 'operaton');
/**
 * The Jackson JSON format of Spin, for JSON process variables. The mirror reached here serves it only
 * at 1.0.0 and without its parent POM, so Maven cannot resolve it as a dependency of the module; it is
 * copied on its own (its dependencies, Jackson and json-path, come with the module).
 */
const spinJson = 'org.operaton.spin:operaton-spin-dataformat-json-jackson:1.0.0';

/** A fingerprint of the engine module: a changed pom, class, setting or Cockpit page rebuilds the engine. */
function operatonSourceStamp(): string {
  const files = ['pom.xml', ...filesUnder(path.join(operatonModule, 'src')).map((f) => path.relative(operatonModule, f))].sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(path.join(operatonModule, f))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const operatonHome = (dirs: StackDirs) => path.join(dirs.servers, 'operaton');
const operatonStampFile = (dirs: StackDirs) => path.join(operatonHome(dirs), 'built-from');
/** The module's class and resources (settings, the Cockpit plugin) in one jar: a class-data archive accepts jars only. */
const operatonJar = (dirs: StackDirs) => path.join(operatonHome(dirs), 'ordo-engine.jar');
/** The classes the engine loaded, written by the JVM when the engine stops; the next start maps them instead of loading each again. */
const operatonClassArchive = (dirs: StackDirs) => path.join(operatonHome(dirs), 'ordo-engine.jsa');

/**
 * A server that has been busy gives unused heap back once idle: after a minute without a
 * collection G1 runs a full one, which compacts the heap and returns what it does not hold. Without
 * it each JVM keeps the peak heap a benchmark made it commit (the stack measured 1.9 GB idle after
 * the benchmarks; with a full collection 1.3 GB). Tighter free-ratio limits would shrink the heap
 * under load too, at the cost of a concurrent cycle every few seconds in the engine.
 */
const returnIdleHeap = ['-XX:+UseG1GC', '-XX:G1PeriodicGCInterval=60000', '-XX:-G1PeriodicGCInvokesConcurrent'];

const operatonClassPath = (dirs: StackDirs) => `${operatonJar(dirs)}:${lib(dirs, 'operaton')}/*`;

/**
 * The java arguments that run the engine built by the stack, working in `work` (the drill runs more
 * than one); `classArchive` is the local stack's class-data archive (one engine writes it).
 */
export function operatonArgs(dirs: StackDirs, work: string, classArchive: string[] = []): string[] {
  return [
    '-Xms256m', '-Xmx768m', ...returnIdleHeap, '-XX:+ExitOnOutOfMemoryError', '-Dfile.encoding=UTF-8', `-Djava.io.tmpdir=${work}`,
    ...classArchive,
    '-cp', operatonClassPath(dirs),
    'dev.ordo.engine.OrdoEngine',
  ];
}

export const operaton: ServerSpec = {
  name: 'operaton',
  title: `Operaton ${versions.operaton} (process engine, REST API, Cockpit; H2 file unless ORDO_ENGINE_DB_URL is set)`,
  ports: [{ port: 8080, use: 'Operaton REST API and web apps (Cockpit)' }],
  java: { min: 17, max: 99, why: `Operaton ${versions.operaton} runs on Java 17 or newer` },
  downloadMb: 75,
  installed: (dirs) =>
    hasJars(lib(dirs, 'operaton')) && existsSync(operatonStampFile(dirs)) && readFileSync(operatonStampFile(dirs), 'utf8') === operatonSourceStamp(),
  async install(dirs, progress) {
    for (const old of [lib(dirs, 'operaton'), operatonJar(dirs)]) rmSync(old, { recursive: true, force: true });
    await mavenCopyModule(path.join(operatonModule, 'pom.xml'), lib(dirs, 'operaton'), progress);
    await mavenFetchArtifact(spinJson, lib(dirs, 'operaton'), progress);
    progress('compiling the engine application');
    const jdk = pickJdk(findJdks(), operaton.java, 'operaton');
    const main = path.join(operatonModule, 'src', 'main', 'java', 'dev', 'ordo', 'engine', 'OrdoEngine.java');
    compileToJar(jdk, main, `${lib(dirs, 'operaton')}/*`, operatonJar(dirs), path.join(operatonModule, 'src', 'main', 'resources'));
    writeFileSync(operatonStampFile(dirs), operatonSourceStamp());
  },
  prepare(dirs) {
    const work = path.join(dirs.data, 'operaton');
    mkdirSync(work, { recursive: true });
    // Tomcat's scratch directories of earlier runs (a new pair at every start; it leaves them behind).
    for (const entry of readdirSync(work)) if (/^tomcat(-docbase)?\.8080\./.test(entry)) rmSync(path.join(work, entry), { recursive: true, force: true });
  },
  launch(dirs, jdk, config) {
    const work = path.join(dirs.data, 'operaton');
    return {
      cwd: work,
      env: {
        ORDO_ENGINE_PORT: '8080',
        ORDO_ENGINE_DB_URL: config.engine.dbUrl || `jdbc:h2:file:${path.join(work, 'operaton')};DB_CLOSE_ON_EXIT=FALSE`,
      },
      args: operatonArgs(dirs, work, selfWrittenClassArchive(jdk, operatonClassArchive(dirs), operatonClassPath(dirs))),
    };
  },
  ready: () => httpOk('http://127.0.0.1:8080/engine-rest/version', (b) => b.includes('"version"')),
  startTimeoutMs: 180_000,
  urls: ['http://127.0.0.1:8080/engine-rest', 'http://localhost:8080/operaton/app/cockpit/default/ (demo/demo)'],
};

const kafka: ServerSpec = {
  name: 'kafka',
  title: `Apache Kafka ${versions.kafka} (KRaft, single node)`,
  ports: [{ port: 9092, use: 'Kafka broker' }, { port: 9093, use: 'Kafka controller' }, { port: 9094, use: 'Kafka broker, SASL' }, { port: 9095, use: 'Kafka broker, TLS' }, { port: 9096, use: 'Kafka broker, SASL over TLS' }],
  java: { min: 17, max: 99, why: `Kafka ${versions.kafka} runs on Java 17 or newer` },
  downloadMb: 90,
  installed: (dirs) => hasJars(lib(dirs, 'kafka')),
  install: (dirs, progress) =>
    mavenCopy('kafka', [
      { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: versions.kafka },
      { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl', version: versions.log4j },
      { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: versions.log4j },
    ], path.join(dirs.servers, 'kafka'), lib(dirs, 'kafka'), progress),
  prepare(dirs, jdk) {
    const home = path.join(dirs.data, 'kafka');
    const properties = path.join(home, 'server.properties');
    mkdirSync(home, { recursive: true });
    const tls = ensureBrokerTls(home, jdk);
    const filled: Record<string, string> = { DATA_DIR: path.join(home, 'log'), SASL_USER: localKafkaSecurity.user, SASL_PASSWORD: localKafkaSecurity.password, TLS_KEYSTORE: tls.keystore, TLS_PASSWORD: tls.password };
    writeFileSync(properties, readFileSync(path.join(assets, 'kafka', 'server.properties'), 'utf8').replace(/@([A-Z_]+)@/g, (_, name: string) => filled[name] ?? `@${name}@`));
    if (!existsSync(path.join(home, 'log', 'meta.properties'))) {
      const cp = ['-cp', `${lib(dirs, 'kafka')}/*`, `-Dlog4j2.configurationFile=${path.join(assets, 'kafka', 'log4j2.properties')}`];
      const clusterId = execFileSync(jdk.java, [...cp, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' }).trim().split('\n').pop()!;
      execFileSync(jdk.java, [...cp, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, '--standalone', '--ignore-formatted'], { stdio: 'ignore' });
    }
  },
  launch(dirs, jdk) {
    const home = path.join(dirs.data, 'kafka');
    const classPath = `${lib(dirs, 'kafka')}/*`;
    return {
      cwd: home,
      args: [
        '-Xms256m', '-Xmx512m', ...returnIdleHeap, `-Dlog4j2.configurationFile=${path.join(assets, 'kafka', 'log4j2.properties')}`,
        ...selfWrittenClassArchive(jdk, path.join(dirs.servers, 'kafka', 'kafka.jsa'), classPath),
        '-cp', classPath, 'kafka.Kafka', path.join(home, 'server.properties'),
      ],
    };
  },
  ready: () => portOpen(9092),
  afterReady: (dirs, jdk) => ensureScramUser(path.join(dirs.data, 'kafka'), jdk, ['-cp', `${lib(dirs, 'kafka')}/*`, `-Dlog4j2.configurationFile=${path.join(assets, 'kafka', 'log4j2.properties')}`]),
  startTimeoutMs: 120_000,
  urls: ['127.0.0.1:9092', `${localKafkaSecurity.saslPlaintext} (SASL), ${localKafkaSecurity.tls} (TLS), ${localKafkaSecurity.saslTls} (SASL over TLS)`],
};

const mongoLauncherSource = path.join(assets, 'mongo', 'MongoLauncher.java');
/** The launcher compiled once rather than at every start; the jar's name carries a fingerprint of its source. */
const mongoLauncherJar = (dirs: StackDirs) =>
  path.join(dirs.servers, 'mongo', `launcher-${createHash('sha256').update(readFileSync(mongoLauncherSource)).digest('hex').slice(0, 12)}.jar`);

function buildMongoLauncher(dirs: StackDirs, jdk: Jdk): void {
  const home = path.join(dirs.servers, 'mongo');
  for (const f of readdirSync(home)) if (/^launcher-.*\.jar$/.test(f)) rmSync(path.join(home, f));
  compileToJar(jdk, mongoLauncherSource, `${lib(dirs, 'mongo')}/*`, mongoLauncherJar(dirs));
}

const mongo: ServerSpec = {
  name: 'mongo',
  title: `mongo-java-server ${versions.mongoJavaServer} (MongoDB wire protocol, H2 file store)`,
  ports: [{ port: 27017, use: 'MongoDB' }],
  java: { min: 17, max: 99, why: `mongo-java-server ${versions.mongoJavaServer} runs on Java 17 or newer` },
  downloadMb: 15,
  installed: (dirs) => hasJars(lib(dirs, 'mongo')),
  install: (dirs, progress) =>
    mavenCopy('mongo', [
      { groupId: 'de.bwaldvogel', artifactId: 'mongo-java-server', version: versions.mongoJavaServer },
      { groupId: 'de.bwaldvogel', artifactId: 'mongo-java-server-h2-backend', version: versions.mongoJavaServer },
      { groupId: 'org.slf4j', artifactId: 'slf4j-simple', version: versions.slf4j },
    ], path.join(dirs.servers, 'mongo'), lib(dirs, 'mongo'), progress),
  prepare(dirs, jdk) {
    mkdirSync(path.join(dirs.data, 'mongo'), { recursive: true });
    if (!existsSync(mongoLauncherJar(dirs))) buildMongoLauncher(dirs, jdk);
  },
  launch(dirs, jdk) {
    const home = path.join(dirs.data, 'mongo');
    const classPath = `${mongoLauncherJar(dirs)}:${lib(dirs, 'mongo')}/*`;
    return {
      cwd: home,
      args: [
        '-Xmx1g', ...returnIdleHeap, ...selfWrittenClassArchive(jdk, path.join(dirs.servers, 'mongo', 'mongo.jsa'), classPath),
        '-cp', classPath, 'MongoLauncher', '127.0.0.1', '27017', path.join(home, 'ordo.mv'),
      ],
    };
  },
  ready: () => portOpen(27017),
  startTimeoutMs: 90_000,
  urls: ['mongodb://127.0.0.1:27017'],
};

/** In start order: a server starts once those it `startsAfter` are ready. */
export const servers: ServerSpec[] = [mongo, kafka, operaton];
