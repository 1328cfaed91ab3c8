import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandOutput } from '../catalog/import-command.js';
import type { ProgressStream } from './progress.js';

/** A command's output: its text, long operations' progress (stderr), and a question to the person at the terminal. */
export interface CliOutput extends CommandOutput {
  progress?: ProgressStream;
  /** Asks yes or no; absent when nobody can answer (not a terminal): a command that must ask then refuses. */
  confirm?: (question: string) => Promise<boolean>;
}

/** The arguments are wrong: the command says why and how to call it, exit code 2. */
export class UsageError extends Error {}

/**
 * A command's options by node:util parseArgs (strict), with its positionals when `allowPositionals`.
 * What it refuses (an unknown option, a missing value, a stray argument) is a UsageError.
 */
export function parseOptions<const O extends NonNullable<ParseArgsConfig['options']>, const P extends boolean = false>(args: string[], options: O, allowPositionals?: P) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: (allowPositionals ?? false) as P });
  } catch (err) {
    if (String((err as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message);
    throw err;
  }
}

/** Runs a command; a UsageError prints its reason and the command's usage and ends with exit code 2. */
export async function withUsage(usage: string, out: CommandOutput, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out.error(`ordo: ${err.message}\nusage:\n${usage}`);
    return 2;
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `30m`, `2h`, `7d`, `1w` in ms; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}

/** An option naming a time: a duration ago (`2h`) or an ISO 8601 date or time (`2025-01-31`, `2025-01-31T12:00Z`). */
export function parseInstant(option: string, text: string, now = Date.now()): Date {
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now - ago);
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--${option} ${text}: give a duration ago (30m, 2h, 7d) or an ISO 8601 time (2025-01-31T12:00Z)`);
  return new Date(at);
}

/** A whole number option of at least `min`. */
export function parseCount(option: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min) throw new UsageError(`--${option} ${text}: give a whole number of at least ${min}`);
  return n;
}

/**
 * A bulk change goes ahead with `--yes`, or when the person at the terminal says yes. Without either
 * it is refused (exit code 1), saying how to go ahead.
 */
export async function confirmed(out: CliOutput, yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true;
  if (out.confirm) return out.confirm(question);
  out.error(`${question} Not done: add --yes to go ahead (nobody at a terminal to ask).`);
  return false;
}

