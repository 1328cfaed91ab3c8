import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonObject, ZeebeClient } from '../../engine/process/zeebe.js';
import { inSpanFromCarrier } from '../../engine/observability/tracing.js';
import type { Logger } from '../../engine/observability/logger.js';
import { BusinessError, type AnyWorker, type ObjectSchema } from './define-worker.js';

export interface WorkerSettings {
  maxJobs: number;
  timeoutMs: number;
}

export interface RunningWorkers {
  /** Stops polling and waits for jobs in hand to finish. */
  close(): Promise<void>;
}

/** Time left between a handler's deadline and the job's lock expiry (ms). */
const HANDLER_MARGIN_MS = 2000;
/** A task header any task may carry: `fallout` turns its last failure into BPMN error FALLOUT. */
export const ON_FAILURE_HEADER = 'onFailure';
export const FALLOUT_ERROR = 'FALLOUT';
/** Wait before Zeebe hands a failed job out again (ms). */
const RETRY_BACKOFF_MS = 5000;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);

function compile(schema: ObjectSchema | undefined): ValidateFunction | undefined {
  return schema ? ajv.compile(schema) : undefined;
}

function problems(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`).join('; ');
}

/**
 * Registers every worker with Zeebe. Around each handler: input and header validation (a bad input
 * is an incident with the reason, retries 0), output validation, a span continuing the order's
 * trace, a log line per outcome with orderId/processInstanceKey/jobKey, BusinessError -> BPMN error,
 * anything else -> job failure with Zeebe's retry backoff, then an incident.
 */
export function runWorkers(zeebe: ZeebeClient, workers: AnyWorker[], settings: WorkerSettings, log: Logger): RunningWorkers {
  const zbWorkers = workers.map((w) => {
    const validateInput = compile(w.input)!;
    const validateOutput = compile(w.output)!;
    const validateHeaders = compile(w.headers);
    const variableNames = [...Object.keys(w.input.properties), 'orderId', 'traceContext'];
    return zeebe.createWorker({
      taskType: w.type,
      maxJobsToActivate: settings.maxJobs,
      timeout: settings.timeoutMs,
      fetchVariable: [...new Set(variableNames)],
      loglevel: 'NONE',
      taskHandler: async (job) => {
        const vars = job.variables as Record<string, unknown>;
        const ctx = {
          orderId: typeof vars['orderId'] === 'string' ? vars['orderId'] : undefined,
          processInstanceKey: job.processInstanceKey,
          jobKey: job.key,
          jobType: job.type,
        };
        const carrier = vars['traceContext'] as Record<string, string> | undefined;
        return inSpanFromCarrier(`job ${w.type}`, carrier, { 'zeebe.job.type': w.type, 'zeebe.job.key': job.key, 'ordo.order.id': ctx.orderId ?? '' }, async () => {
          const input = Object.fromEntries(Object.keys(w.input.properties).filter((k) => k in vars).map((k) => [k, vars[k]]));
          if (!validateInput(input)) {
            const reason = `invalid input for ${w.type}: ${problems(validateInput)}`;
            log.error('job input invalid', { ...ctx, reason });
            return job.fail({ errorMessage: reason, retries: 0 });
          }
          const { [ON_FAILURE_HEADER]: _onFailure, ...ownHeaders } = job.customHeaders as Record<string, string>;
          if (validateHeaders && !validateHeaders(ownHeaders)) {
            const reason = `invalid task headers for ${w.type} at ${job.elementId}: ${problems(validateHeaders)}`;
            log.error('job headers invalid', { ...ctx, reason });
            return job.fail({ errorMessage: reason, retries: 0 });
          }
          // A handler gets the job's lock time minus a margin; past that Zeebe may hand the job to
          // another worker, so this one gives up and reports a failure instead of running on.
          const budgetMs = Math.max(settings.timeoutMs - HANDLER_MARGIN_MS, settings.timeoutMs / 2);
          const abort = new AbortController();
          const timer = setTimeout(() => abort.abort(new Error(`handler exceeded ${budgetMs} ms`)), budgetMs);
          let output: unknown;
          try {
            output = await Promise.race([
              w.handler(input, {
                jobKey: job.key,
                processInstanceKey: job.processInstanceKey,
                bpmnProcessId: job.bpmnProcessId,
                elementId: job.elementId,
                retries: job.retries,
                headers: job.customHeaders,
                signal: abort.signal,
              }),
              new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error), { once: true })),
            ]);
          } catch (err) {
            if (err instanceof BusinessError) {
              log.warn('job business error', { ...ctx, errorCode: err.code, reason: err.message });
              return job.error({ errorCode: err.code, errorMessage: err.message, variables: err.variables as JsonObject });
            }
            // The model asked to hand this step to people once retries are spent (header onFailure: fallout).
            if (job.retries <= 1 && job.customHeaders[ON_FAILURE_HEADER] === 'fallout') {
              log.warn('job failed past its retries: handed to people', { ...ctx, error: (err as Error).message });
              return job.error({ errorCode: FALLOUT_ERROR, errorMessage: (err as Error).message, variables: { failedStep: job.elementId, falloutError: (err as Error).message } });
            }
            const retries = Math.max(job.retries - 1, 0);
            log.error('job failed', { ...ctx, retriesLeft: retries, error: (err as Error).message });
            return job.fail({ errorMessage: `${w.type} failed: ${(err as Error).message}`, retries, retryBackOff: retries > 0 ? RETRY_BACKOFF_MS : 0 });
          } finally {
            clearTimeout(timer);
          }
          if (!validateOutput(output)) {
            const reason = `invalid output from ${w.type}: ${problems(validateOutput)}`;
            log.error('job output invalid', { ...ctx, reason });
            return job.fail({ errorMessage: reason, retries: 0 });
          }
          const ack = await job.complete(output as JsonObject);
          log.info('job completed', { ...ctx, elementId: job.elementId });
          return ack;
        });
      },
    });
  });
  return {
    async close() {
      await Promise.all(zbWorkers.map((w) => w.close()));
    },
  };
}
