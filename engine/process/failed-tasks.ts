import type { ProcessEngine } from './process-engine.js';

/** Tasks retried per engine call (one transaction in the engine: a bad batch holds up 100, not all). */
export const RETRY_BATCH = 100;

/**
 * Attempts a retried task gets by default: one. The engine does not know the model's `retries`
 * setting (the worker reads it when it takes the task), and one attempt is what ops want after a
 * fix: the step runs again at once, and if the cause is still there it is an incident again at
 * once, instead of every retried task hammering the broken system through the whole backoff
 * ladder. `--retries` gives more.
 */
export const DEFAULT_RETRY_ATTEMPTS = 1;

export interface RetryReport {
  retried: number;
  /** Tasks the engine no longer had (done, or their instance cancelled, since they were listed). */
  gone: string[];
}

/** Retries failed tasks in batches of RETRY_BATCH, telling `onProgress` how many are done after each. */
export async function retryFailedTasks(engine: ProcessEngine, ids: string[], retries: number, onProgress?: (done: number) => void): Promise<RetryReport> {
  const report: RetryReport = { retried: 0, gone: [] };
  for (let from = 0; from < ids.length; from += RETRY_BATCH) {
    const batch = ids.slice(from, from + RETRY_BATCH);
    const { retried, gone } = await engine.retryTasks(batch, retries);
    report.retried += retried.length;
    report.gone.push(...gone);
    onProgress?.(from + batch.length);
  }
  return report;
}
