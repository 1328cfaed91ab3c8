import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../engine/config/config.js';
import { logger } from '../../engine/observability/logger.js';
import { connectEngine } from '../../engine/process/connect-engine.js';
import type { ProcessEngine } from '../../engine/process/process-engine.js';
import { ORDER_RECEIVED_MESSAGE } from '../../engine/orders/order-process.js';
import { TMF622_BASE_PATH } from '../../engine/orders/tmf622.js';
import { eventually, freePort, httpJson, sampleOrder } from './harness.js';

const mainJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'engine', 'main.js');

/**
 * An Ordo run as a process of its own (`node dist/engine/main.js`), talking to the engine through a
 * proxy that lets the start of an order reach the engine and then kills that Ordo (SIGKILL) before
 * the answer reaches it: the engine has the instance, Ordo never recorded it.
 */
export async function crashAfterEngineStarts(env: Record<string, string>) {
  const config = loadConfig(env);
  const engineUrl = new URL(config.engine.url);
  let child: ChildProcess | undefined;
  let startedInstance: string | undefined;
  let died: () => void = () => undefined;
  const dead = new Promise<void>((resolve) => (died = resolve));

  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        const answer = await fetch(`${engineUrl.origin}${req.url}`, {
          method: req.method!,
          headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)).map(([k, v]) => [k, String(v)])),
          ...(body.length ? { body } : {}),
        });
        const text = await answer.text();
        const isStart = req.method === 'POST' && req.url?.endsWith('/message') && (JSON.parse(body.toString() || '{}') as { messageName?: string }).messageName === ORDER_RECEIVED_MESSAGE;
        if (isStart && answer.ok && child && !startedInstance) {
          startedInstance = (JSON.parse(text) as { processInstance: { id: string } }[])[0]!.processInstance.id;
          child.kill('SIGKILL');
          child.once('exit', () => died());
          res.destroy();
          return;
        }
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}${engineUrl.pathname}`;
  const port = await freePort();
  child = spawn(process.execPath, [mainJs], {
    env: { ...env, ORDO_ENGINE_URL: proxyUrl, ORDO_LOCAL_STACK: 'never', ORDO_HTTP_PORT: String(port), ORDO_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const engine: ProcessEngine = connectEngine(config, logger);

  return {
    engine,
    startedInstance: () => startedInstance,
    /** Places an order on the doomed Ordo and returns its id once that Ordo is dead. */
    async placeOrderAndDie(): Promise<string> {
      await eventually('the doomed Ordo to serve', async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok, 60_000);
      const placed = await httpJson('POST', `${base}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
      if (placed.status !== 201) throw new Error(`the doomed Ordo refused the order: ${JSON.stringify(placed.body)}`);
      await Promise.race([dead, new Promise((_, reject) => setTimeout(() => reject(new Error('the doomed Ordo did not start the order within 60 s')), 60_000))]);
      return placed.body.id as string;
    },
    async close(): Promise<void> {
      child?.kill('SIGKILL');
      await engine.close();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
