const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `task(n)` `rate` times a second for `seconds`, each on its own; resolves when all are done. */
export async function paced(rate: number, seconds: number, task: (n: number) => Promise<void>): Promise<{ offered: number; failed: number }> {
  const total = rate * seconds;
  const pending: Promise<void>[] = [];
  let failed = 0;
  const start = performance.now();
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    pending.push(task(n).catch((err: Error) => {
      failed++;
      if (failed <= 3) console.error(err.message);
    }));
  }
  const offered = total / ((performance.now() - start) / 1000);
  await Promise.all(pending);
  return { offered, failed };
}
