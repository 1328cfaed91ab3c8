import { randomUUID } from 'node:crypto';
import { startOrdo } from '../engine/ordo.js';
import { SIGN_UP_BASE_PATH, SignUpState } from '../engine/signup/sign-up.js';
import { removeLeftovers } from '../test/support/run-leftovers.js';
import { benchConfig } from './bench-config.js';
import { latencyFigures } from './latency.js';
import { paced } from './paced.js';

/**
 * Self-service sign-up, end to end, in one run against the configured servers (the local stack by
 * default; SMS gateway and Keycloak simulated in-process): sign-ups start at a steady rate (default
 * 20/s for 20 s); each client waits for its SMS code, verifies it, and is done when the sign-up is
 * `completed` (individual, customer, billing account and Keycloak user created by bpmn/sign-up.bpmn).
 * Usage: npm run build && node dist/bench/sign-up.js [rate=20] [seconds=20]
 */
const rate = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 20);

const figures = (xs: number[]) => latencyFigures(xs);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { config, footprint } = await benchConfig('signup', {
    // Every client signs up from its own address (X-Forwarded-For from loopback).
    ORDO_TRUST_PROXY: 'loopback',
  });
  const ordo = await startOrdo(config);
  await ordo.deployed;
  const sms = ordo.notificationSimulator!;
  const base = `${ordo.baseUrl}${SIGN_UP_BASE_PATH}/signUp`;

  const endToEnd: number[] = [];
  const postLatency: number[] = [];
  const verifyLatency: number[] = [];
  const codeDelay: number[] = [];
  const signUp = async (n: number) => {
    const headers = { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
    const phone = `+4179${String(1_000_000 + n).padStart(7, '0')}`;
    const t0 = performance.now();
    const started = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ givenName: 'Bench', familyName: `Person ${n}`, email: `bench.${n}.${randomUUID().slice(0, 6)}@example.com`, phone }) });
    postLatency.push(performance.now() - t0);
    const { id } = (await started.json()) as { id: string };
    let code: string | undefined;
    while (!(code = sms.lastMessageTo(phone)?.content.match(/\d{6}/)?.[0])) await sleep(10);
    codeDelay.push(performance.now() - t0);
    const t1 = performance.now();
    const verified = await fetch(`${base}/${id}/verify`, { method: 'POST', headers, body: JSON.stringify({ code }) });
    verifyLatency.push(performance.now() - t1);
    if (!verified.ok) throw new Error(`verify answered ${verified.status}`);
    for (;;) {
      const state = (await ordo.signUps.store.collection.findOne({ _id: id }, { projection: { state: 1 } }))?.state;
      if (state === SignUpState.completed) break;
      if (state && state !== SignUpState.verified) throw new Error(`sign-up ${id} ended ${state}`);
      await sleep(25);
    }
    endToEnd.push(performance.now() - t0);
  };

  const total = rate * seconds;
  const start = performance.now();
  const { offered, failed } = await paced(rate, seconds, signUp);
  const elapsed = (performance.now() - start) / 1000;
  console.log(`sign-up at ${rate}/s for ${seconds} s (${total} sign-ups, offered ${offered.toFixed(1)}/s, all done in ${elapsed.toFixed(1)} s, ${failed} failed)`);
  console.log(`  sign-up → verified customer (completed): ${figures(endToEnd)}`);
  console.log(`  POST signUp:                             ${figures(postLatency)}`);
  console.log(`  POST signUp → SMS code delivered:        ${figures(codeDelay)}`);
  console.log(`  POST verify:                             ${figures(verifyLatency)}`);
  await ordo.close();
  await removeLeftovers(config, footprint);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
