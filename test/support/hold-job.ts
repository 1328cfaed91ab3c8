import { loadConfig } from '../../engine/config/config.js';
import { createZeebeClient } from '../../engine/process/zeebe.js';

/**
 * A separate process that takes the job of one order and then holds it until it is killed: to Zeebe,
 * a worker that died mid-job (when killed), or an order kept running (while it holds). Jobs of other
 * orders are handed back untouched. Usage: node hold-job.js <job type> <lock timeout ms> <order id> [unit id]
 * Prints `holding <jobKey> <orderId>` once it holds the job.
 */
const [type, timeout, orderId, unitId] = process.argv.slice(2);
const zeebe = createZeebeClient(loadConfig().zeebe);
// A holder outlives neither its test nor the lock it holds: orphaned (the test process died or
// timed out) or past its lock timeout, it leaves, so it cannot take later tests' jobs.
const parent = process.ppid;
let heldUntil = Infinity;
setInterval(() => {
  if (process.ppid !== parent || Date.now() > heldUntil) process.exit(0);
}, 500);
for (;;) {
  const jobs = await zeebe.activateJobs({ type: type!, worker: `hold-job-${process.pid}`, maxJobsToActivate: 32, timeout: Number(timeout), requestTimeout: 5000 });
  const mine = jobs.find((job) => {
    const variables = job.variables as { orderId?: unknown; unit?: { unitId?: unknown } };
    return String(variables.orderId) === orderId && (unitId === undefined || variables.unit?.unitId === unitId);
  });
  // Others' jobs go back untouched (same retries), kept aside briefly so this loop reaches its own.
  await Promise.all(jobs.filter((job) => job !== mine).map((job) => zeebe.failJob({ jobKey: job.key, retries: job.retries, errorMessage: "not this test's order", retryBackOff: 5000 })));
  if (mine) {
    process.stdout.write(`holding ${mine.key} ${orderId}\n`);
    break;
  }
}
heldUntil = Date.now() + Number(timeout) + 5000;
