import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ExternalTask, ProcessEngine, TaskOutcome } from '../../engine/process/process-engine.js';
import { carrierOf, inSpanFromCarrier } from '../../engine/observability/tracing.js';
import type { Logger } from '../../engine/observability/logger.js';
import type { AnyWorker } from './define-worker.js';
import { jobDuration, jobFailures } from '../../engine/observability/metrics.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

export interface WorkerSettings {
  maxJobs: number;
  /** The longest one handler may run (ms). */
  timeoutMs: number;
  /** How long a task stays locked without news from this process (ms). */
  lockMs: number;
  /** How long one fetch waits for tasks (ms). */
  pollMs: number;
  /** At close, how long tasks in hand may take before they are handed back (ms); default: timeoutMs. */
  shutdownGraceMs?: number;
  /** Wait before a failed task runs again (ms), doubled per further failure. */
  retryBackoffMs: number;
}

export interface RunningWorkers {
  /** Stops fetching and waits for the tasks in hand to finish. */
  close(): Promise<void>;
}

/** A step setting (extension property) any task may carry: `fallout` turns its last failure into BPMN error FALLOUT. */
export const ON_FAILURE_HEADER = 'onFailure';
/** A step setting any task may carry: how many attempts before an incident (default DEFAULT_RETRIES). */
export const RETRIES_HEADER = 'retries';
/**
 * Step settings `result.<output>` name the process variable an output is kept in (default: its own
 * name), so two steps of one kind keep their results apart. (Not output mappings: the engine runs
 * those also when a step is cancelled, when the worker has given nothing to map.)
 */
export const RESULT_PREFIX = 'result.';
export const DEFAULT_RETRIES = 3;
/** Longest wait between two attempts of a failing task (ms). */
const MAX_BACKOFF_MS = 5 * 60_000;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);

function problems(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`).join('; ');
}

interface CompiledWorker {
  worker: AnyWorker;
  validateInput: ValidateFunction;
  validateOutput: ValidateFunction;
  validateHeaders: ValidateFunction | undefined;
}

const compile = (worker: AnyWorker): CompiledWorker => ({
  worker,
  validateInput: ajv.compile(worker.input),
  validateOutput: ajv.compile(worker.output),
  validateHeaders: worker.headers ? ajv.compile(worker.headers) : undefined,
});

/** The variables a task of `worker` is fetched with: its inputs, plus what logs and traces need. */
const fetchedVariables = (worker: AnyWorker) => [...new Set([...Object.keys(worker.input.properties), 'orderId', 'traceContext'])];

/**
 * Runs every worker on the engine's external tasks, one topic per job type. Around each handler:
 * input and setting validation (bad input is an incident with the reason, no retries), output
 * validation, a span continuing the order's trace, a log line per outcome with
 * orderId/processInstanceKey/jobKey, BusinessError -> BPMN error, anything else -> a failure retried
 * with backoff, then an incident (or BPMN error FALLOUT where the model asks for it).
 */
export function runWorkers(engine: ProcessEngine, workers: AnyWorker[], settings: WorkerSettings, log: Logger): RunningWorkers {
  const byTopic = new Map(workers.map((w) => [w.type, compile(w)]));
  // Present from the start, so a rate over the first failure after a restart counts it.
  for (const w of workers) jobFailures.inc({ topic: w.type }, 0);
  const loop = engine.work(
    workers.map((w) => ({ topic: w.type, variables: fetchedVariables(w) })),
    { maxTasks: settings.maxJobs, lockMs: settings.lockMs, handlerTimeoutMs: settings.timeoutMs, pollMs: settings.pollMs, ...(settings.shutdownGraceMs !== undefined ? { shutdownGraceMs: settings.shutdownGraceMs } : {}) },
    (task, signal) => {
      const compiled = byTopic.get(task.topic);
      if (!compiled) return Promise.resolve({ kind: 'failure', message: `no worker serves topic ${task.topic}`, retries: 0, retryInMs: 0 });
      return runTask(compiled, task, signal, settings, log);
    },
  );
  return { close: () => loop.close() };
}

/** The task's outcome, timed per job type: completed, business_error, failed (retried, then an incident) or invalid. */
async function runTask(compiled: CompiledWorker, task: ExternalTask, signal: AbortSignal, settings: WorkerSettings, log: Logger): Promise<TaskOutcome> {
  const stop = jobDuration.startTimer({ topic: compiled.worker.type });
  const outcome = await handleTask(compiled, task, signal, settings, log);
  // A handler's failure carries its stack (`details`); invalid input, settings or output do not.
  const label = outcome.kind === 'complete' ? 'completed' : outcome.kind === 'bpmnError' ? 'business_error' : outcome.details !== undefined ? 'failed' : 'invalid';
  stop({ outcome: label });
  if (label === 'failed') jobFailures.inc({ topic: compiled.worker.type });
  return outcome;
}

async function handleTask(compiled: CompiledWorker, task: ExternalTask, signal: AbortSignal, settings: WorkerSettings, log: Logger): Promise<TaskOutcome> {
  const { worker: w, validateInput, validateOutput, validateHeaders } = compiled;
  const vars = task.variables;
  const ctx = {
    orderId: typeof vars['orderId'] === 'string' ? vars['orderId'] : undefined,
    processInstanceKey: task.processInstanceKey,
    jobKey: task.id,
    jobType: w.type,
  };
  const carrier = carrierOf(vars['traceContext']);
  return inSpanFromCarrier(`job ${w.type}`, carrier, { 'ordo.job.type': w.type, 'ordo.job.key': task.id, 'ordo.order.id': ctx.orderId ?? '' }, async () => {
    const input = Object.fromEntries(Object.keys(w.input.properties).filter((k) => k in vars && vars[k] !== null).map((k) => [k, vars[k]]));
    if (!validateInput(input)) {
      const reason = `invalid input for ${w.type} at ${task.elementId}: ${problems(validateInput)}`;
      log.error('job input invalid', { ...ctx, reason });
      return { kind: 'failure', message: reason, retries: 0, retryInMs: 0 };
    }
    // A setting left empty in Modeler is a setting not given.
    const settingsGiven = Object.fromEntries(Object.entries(task.properties).filter(([, v]) => v !== ''));
    const { [ON_FAILURE_HEADER]: onFailure, [RETRIES_HEADER]: retriesSetting, ...rest } = settingsGiven;
    const headers = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith(RESULT_PREFIX)));
    if (validateHeaders && !validateHeaders(headers)) {
      const reason = `invalid settings for ${w.type} at ${task.elementId}: ${problems(validateHeaders)}`;
      log.error('job settings invalid', { ...ctx, reason });
      return { kind: 'failure', message: reason, retries: 0, retryInMs: 0 };
    }
    const attempts = Number.parseInt(retriesSetting ?? '', 10) > 0 ? Number.parseInt(retriesSetting!, 10) : DEFAULT_RETRIES;
    // Attempts left, this one included: the engine counts down what earlier failures reported.
    const attemptsLeft = task.retries ?? attempts;
    let output: Record<string, unknown>;
    try {
      output = (await Promise.race([
        w.handler(input, { jobKey: task.id, processInstanceKey: task.processInstanceKey, bpmnProcessId: task.bpmnProcessId, elementId: task.elementId, retries: attemptsLeft, headers, signal }),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })),
      ])) as Record<string, unknown>;
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof BusinessError) {
        log.warn('job business error', { ...ctx, errorCode: err.code, reason: message });
        return { kind: 'bpmnError', code: err.code, message, variables: err.variables };
      }
      // The model asked to hand this step to people once retries are spent (setting onFailure: fallout).
      if (attemptsLeft <= 1 && onFailure === 'fallout') {
        log.warn('job failed past its retries: handed to people', { ...ctx, error: message });
        return { kind: 'bpmnError', code: BpmnErrorCode.fallout, message, variables: { failedStep: task.elementId, falloutError: message } };
      }
      const retries = Math.max(attemptsLeft - 1, 0);
      const retryInMs = Math.min(settings.retryBackoffMs * 2 ** Math.max(attempts - attemptsLeft, 0), MAX_BACKOFF_MS);
      log.error('job failed', { ...ctx, retriesLeft: retries, error: message });
      return { kind: 'failure', message: `${w.type} failed: ${message}`, details: (err as Error).stack ?? message, retries, retryInMs: retries > 0 ? retryInMs : 0 };
    }
    if (!validateOutput(output)) {
      const reason = `invalid output from ${w.type}: ${problems(validateOutput)}`;
      log.error('job output invalid', { ...ctx, reason });
      return { kind: 'failure', message: reason, retries: 0, retryInMs: 0 };
    }
    log.info('job completed', { ...ctx, elementId: task.elementId });
    return { kind: 'complete', variables: Object.fromEntries(Object.entries(output).map(([name, value]) => [rest[`${RESULT_PREFIX}${name}`] ?? name, value])) };
  });
}
