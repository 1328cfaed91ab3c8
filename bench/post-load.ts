import { parentPort, workerData } from 'node:worker_threads';

/**
 * The load of bench/tmf622-api.ts, on a thread of its own so that the client's scheduling never
 * counts against the server it measures: POSTs `rate` orders a second for `seconds`, on schedule
 * (not when the previous one returns), and answers every latency in ms.
 */
interface Load {
  url: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
}

async function run({ url, headers, rate, seconds }: Load): Promise<{ latencies: number[]; achieved: number }> {
  const latencies: number[] = [];
  const total = rate * seconds;
  const t0 = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const started = performance.now();
    inFlight.push(
      fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ externalId: `RATE-${i}-${t0}`, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-basic' } }] }) }).then(async (r) => {
        const text = await r.text();
        if (r.status !== 201) throw new Error(`POST productOrder answered ${r.status}: ${text}`);
        latencies.push(performance.now() - started);
      }),
    );
  }
  await Promise.all(inFlight);
  return { latencies, achieved: total / ((Date.now() - t0) / 1000) };
}

if (parentPort) run(workerData as Load).then((result) => parentPort!.postMessage(result), (err: Error) => parentPort!.postMessage({ error: `${err.message}${err.cause ? ` (${(err.cause as Error).message})` : ''}` }));
