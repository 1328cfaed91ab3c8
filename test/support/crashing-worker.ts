import { loadConfig } from '../../engine/config/config.js';
import { createZeebeClient } from '../../engine/process/zeebe.js';

/**
 * A worker that takes the job of one order and then hangs until it is killed: what Zeebe sees when
 * a worker process dies mid-job. Jobs of other orders are handed straight back untouched.
 * Usage: node crashing-worker.js <job type> <lock timeout ms> <order id>
 * Prints `holding <jobKey> <orderId>` once it holds the job.
 */
const [type, timeout, orderId] = process.argv.slice(2);
const zeebe = createZeebeClient(loadConfig().zeebe);
for (;;) {
  const jobs = await zeebe.activateJobs({ type: type!, worker: `crashing-${process.pid}`, maxJobsToActivate: 32, timeout: Number(timeout), requestTimeout: 5000 });
  const mine = jobs.find((job) => String((job.variables as Record<string, unknown>)['orderId']) === orderId);
  // Others' jobs go back untouched (same retries), kept aside briefly so this loop reaches its own.
  await Promise.all(jobs.filter((job) => job !== mine).map((job) => zeebe.failJob({ jobKey: job.key, retries: job.retries, errorMessage: "not this test's order", retryBackOff: 5000 })));
  if (mine) {
    process.stdout.write(`holding ${mine.key} ${orderId}\n`);
    break;
  }
}
setInterval(() => undefined, 1 << 30);
