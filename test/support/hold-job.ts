import { loadConfig } from '../../engine/config/config.js';
import { answer, operatonClient } from '../../engine/process/operaton/operaton-rest.js';

/**
 * A separate process that locks the external task of one order and then holds it until it is
 * killed: to the engine, a worker that died mid-task (when killed), or an order kept running (while
 * it holds). It asks only for that order's task (business key, and unit when given), so nothing else
 * is touched. Usage: node hold-job.js <topic> <lock ms> <order id> <tenant> [unit id]
 * Prints `holding <taskId> <orderId>` once it holds the task.
 */
const [topic, lockMs, orderId, tenant, unitId] = process.argv.slice(2);
const { engine } = loadConfig();
const rest = operatonClient(engine);
// A holder outlives neither its test nor the lock it holds: orphaned (the test process died or
// timed out) or past its lock, it leaves, so it cannot hold later tests' tasks.
const parent = process.ppid;
let heldUntil = Infinity;
setInterval(() => {
  if (process.ppid !== parent || Date.now() > heldUntil) process.exit(0);
}, 500);
for (;;) {
  const tasks = await answer(
    rest.POST('/external-task/fetchAndLock', {
      body: {
        workerId: `hold-job-${process.pid}`,
        maxTasks: 1,
        asyncResponseTimeout: 5000,
        topics: [{
          topicName: topic!,
          lockDuration: Number(lockMs),
          businessKey: orderId!,
          localVariables: false,
          deserializeValues: false,
          includeExtensionProperties: false,
          withoutTenantId: !tenant,
          ...(tenant ? { tenantIdIn: [tenant] } : {}),
          ...(unitId ? { processVariables: { unitId } } : {}),
        }],
      },
      signal: AbortSignal.timeout(15_000),
    }),
    'holding a task',
  ).catch(() => []);
  if (tasks[0]) {
    process.stdout.write(`holding ${tasks[0].id} ${orderId}\n`);
    break;
  }
}
heldUntil = Date.now() + Number(lockMs) + 5000;
