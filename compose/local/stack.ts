import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../engine/config/config.js';
import { StackError } from './errors.js';
import { findJdks, MissingJavaError, pickJdk, type Jdk } from './jdk.js';
import { assertMaven, MissingMavenError } from './maven.js';
import { portOpen, servers, type ServerSpec, type StackDirs } from './servers.js';

export interface StackOptions {
  quiet: boolean;
  /** stopStack only: the servers to stop (default: all of the stack's). */
  only?: string[];
}

export type ServerState = 'running' | 'starting' | 'stopped';

export interface ServerStatus {
  name: string;
  title: string;
  state: ServerState;
  pid?: number;
  rssMb?: number;
  urls: string[];
}

export function stackDirs(config: Config): StackDirs {
  const root = config.localStack.dir;
  return { root, servers: path.join(root, 'servers'), data: path.join(root, 'data'), logs: path.join(root, 'logs'), run: path.join(root, 'run') };
}

const pidFile = (dirs: StackDirs, s: ServerSpec) => path.join(dirs.run, `${s.name}.pid`);
export const logFile = (dirs: StackDirs, s: ServerSpec) => path.join(dirs.logs, `${s.name}.log`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownPid(dirs: StackDirs, s: ServerSpec): number | undefined {
  const file = pidFile(dirs, s);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) && isJava(pid) ? pid : undefined;
}

/** A pid file outlives a reboot; make sure the pid is still a JVM before calling it ours. */
function isJava(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('java');
  } catch {
    return process.platform !== 'linux'; // no /proc: trust the pid file
  }
}

function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of each local-stack server that runs. */
export function serverPids(config: Config): Record<string, number> {
  const dirs = stackDirs(config);
  return Object.fromEntries(servers.flatMap((s) => {
    const pid = ownPid(dirs, s);
    return pid ? [[s.name, pid]] : [];
  }));
}

const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

export async function stackStatus(config: Config): Promise<ServerStatus[]> {
  const dirs = stackDirs(config);
  return Promise.all(
    servers.map(async (s) => {
      const pid = ownPid(dirs, s);
      const state: ServerState = pid ? ((await s.ready()) ? 'running' : 'starting') : 'stopped';
      const rss = pid ? rssMb(pid) : undefined;
      return { name: s.name, title: s.title, state, ...(pid ? { pid } : {}), ...(rss ? { rssMb: rss } : {}), urls: s.urls };
    }),
  );
}

/**
 * Brings every server of the local stack up (fetching it with Maven on first use) and waits until
 * each is ready. Servers already running from an earlier `up` are reused. Returns which were started.
 */
export async function ensureStack(config: Config, options: StackOptions): Promise<{ startedNow: string[] }> {
  const say = (line: string) => { if (!options.quiet) process.stdout.write(`${line}\n`); };
  const dirs = stackDirs(config);
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const t0 = Date.now();

  const pending: ServerSpec[] = [];
  for (const s of servers) {
    if (ownPid(dirs, s)) continue;
    const taken = [];
    for (const p of s.ports) if (await portOpen(p.port)) taken.push(p);
    if (taken.length) {
      throw new StackError(
        `Cannot start ${s.name}: port ${taken.map((p) => `${p.port} (${p.use})`).join(', ')} is already in use by another program.\n` +
          `  Stop that program (e.g. 'ss -ltnp | grep :${taken[0]!.port}' shows which), or point Ordo at your own servers ` +
          `(ORDO_MONGO_URL, ORDO_KAFKA_BROKERS, ORDO_ENGINE_URL) and set ORDO_LOCAL_STACK=never.`,
      );
    }
    pending.push(s);
  }
  if (pending.length === 0) {
    await waitReady(servers, dirs, say);
    say(`Local stack already running (${dirs.root}).`);
    return { startedNow: [] };
  }

  let jdks: Jdk[];
  const chosen = new Map<string, Jdk>();
  try {
    jdks = findJdks();
    for (const s of pending) chosen.set(s.name, pickJdk(jdks, s.java, s.name));
    if (pending.some((s) => !s.installed(dirs))) assertMaven();
  } catch (err) {
    if (err instanceof MissingJavaError || err instanceof MissingMavenError) throw new StackError(err.message);
    throw err;
  }

  for (const s of pending.filter((x) => !x.installed(dirs))) {
    const t = Date.now();
    say(`[${s.name}] downloading ${s.title} with Maven (about ${s.downloadMb} MB, cached in ~/.m2 for next time)...`);
    try {
      await s.install(dirs, (line) => say(`[${s.name}]   ${line}`));
    } catch (err) {
      throw new StackError(`[${s.name}] download failed: ${(err as Error).message}`);
    }
    say(`[${s.name}] installed in ${since(t)}`);
  }

  const startedNow: string[] = [];
  const started = new Map<string, Promise<void>>();
  const startOne = async (s: ServerSpec): Promise<void> => {
    await Promise.all((s.startsAfter ?? []).map((name) => started.get(name)));
    if (pending.includes(s)) {
      const jdk = chosen.get(s.name)!;
      s.prepare(dirs, jdk);
      const launch = s.launch(dirs, jdk, config);
      const log = openSync(logFile(dirs, s), 'a');
      const child = spawn(jdk.java, launch.args, { cwd: launch.cwd, env: { ...process.env, ...launch.env }, stdio: ['ignore', log, log], detached: true });
      child.unref();
      writeFileSync(pidFile(dirs, s), String(child.pid));
      startedNow.push(s.name);
      say(`[${s.name}] starting on Java ${jdk.major} (pid ${child.pid}, log ${logFile(dirs, s)})`);
    }
    await waitReady([s], dirs, say);
    if (pending.includes(s)) s.afterReady?.(dirs, chosen.get(s.name)!);
  };
  for (const s of servers) started.set(s.name, startOne(s));
  const results = await Promise.allSettled([...started.values()]);
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) {
    // Leave nothing half-started behind: stop what this call started, then report.
    await stopStack(config, { quiet: true, only: startedNow });
    throw (failure as PromiseRejectedResult).reason;
  }
  say(`Local stack ready in ${since(t0)} (data and logs in ${dirs.root}).`);
  return { startedNow };
}

async function waitReady(list: ServerSpec[], dirs: StackDirs, say: (l: string) => void): Promise<void> {
  await Promise.all(
    list.map(async (s) => {
      const t = Date.now();
      let lastNote = t;
      for (;;) {
        if (await s.ready()) {
          say(`[${s.name}] ready after ${since(t)}`);
          return;
        }
        if (!ownPid(dirs, s)) {
          const tail = existsSync(logFile(dirs, s)) ? readFileSync(logFile(dirs, s), 'utf8').split('\n').slice(-15).join('\n') : '';
          throw new StackError(`[${s.name}] exited during start-up. Last lines of ${logFile(dirs, s)}:\n${tail}`);
        }
        if (Date.now() - t > s.startTimeoutMs) throw new StackError(`[${s.name}] not ready after ${s.startTimeoutMs / 1000} s; see ${logFile(dirs, s)}`);
        if (Date.now() - lastNote > 30_000) {
          say(`[${s.name}] still starting (${since(t)})...`);
          lastNote = Date.now();
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }),
  );
}

/** Stops the stack's servers (SIGTERM, then SIGKILL after 60 s); leaves no process behind. */
export async function stopStack(config: Config, options: StackOptions): Promise<void> {
  const say = (line: string) => { if (!options.quiet) process.stdout.write(`${line}\n`); };
  const dirs = stackDirs(config);
  const chosen = servers.filter((s) => !options.only || options.only.includes(s.name));
  await Promise.all(
    chosen.reverse().map(async (s) => {
      const pid = ownPid(dirs, s);
      if (!pid) {
        rmSync(pidFile(dirs, s), { force: true });
        return;
      }
      const t = Date.now();
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig); // the whole process group: the JVM and anything it spawned
        } catch {
          try { process.kill(pid, sig); } catch { /* already gone */ }
        }
      };
      signal('SIGTERM');
      while (alive(pid) && Date.now() - t < 60_000) await new Promise((r) => setTimeout(r, 200));
      if (alive(pid)) {
        signal('SIGKILL');
        while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
        say(`[${s.name}] killed after 60 s`);
      } else {
        say(`[${s.name}] stopped in ${since(t)}`);
      }
      rmSync(pidFile(dirs, s), { force: true });
    }),
  );
}
