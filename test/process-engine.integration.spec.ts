import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { logger } from '../engine/observability/logger.js';
import { packageRoot } from '../engine/paths.js';
import { connectEngine } from '../engine/process/connect-engine.js';
import { deployModelFiles } from '../engine/process/deploy-models.js';
import type { ProcessEngine, RunningWorkerLoop, TaskOutcome } from '../engine/process/process-engine.js';
import { defineWorker } from '../workers/runtime/define-worker.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import { eventually, testConfig } from './support/harness.js';
import { BusinessError } from '../engine/outcomes.js';

const fixture = path.join(packageRoot, 'test', 'fixtures', 'bpmn', 'engine-port-test.bpmn');
const loopSettings = { maxTasks: 8, lockMs: 2000, handlerTimeoutMs: 30_000, pollMs: 2000 };

/**
 * The engine port (engine/process) against the real Operaton: starts by message with a business
 * key, lookups, correlation (nothing waits / one waits), the external-task loop (lock extension,
 * failures counted down to an incident that says what failed, a BPMN error no model catches),
 * cancellation. Its own tenant keeps it apart from every other test.
 */
describe('engine/process: the engine port on Operaton (bpmn fixture engine-port-test)', () => {
  const config = testConfig();
  let engine: ProcessEngine;
  const loops: (RunningWorkerLoop | RunningWorkers)[] = [];

  before(async () => {
    engine = connectEngine(config, logger);
    const deployed = await deployModelFiles(engine, [fixture], 'test-engine-port');
    expect(deployed.map((d) => d.bpmnProcessId)).to.deep.equal(['engine-port-test']);
  });
  after(async () => {
    for (const l of loops) await l.close();
    await engine.close();
  });

  it('answers its version; a redeploy of an unchanged model keeps the version', async () => {
    expect(await engine.version()).to.match(/^Operaton 1\.\d+\.\d+/);
    const again = await deployModelFiles(engine, [fixture], 'test-engine-port');
    expect(again.map((d) => d.version)).to.deep.equal([1]);
  });

  it('starts by message with a business key, finds the instance by key and by variable, hands a message only to the instance that waits for it', async () => {
    const key = `order-${randomUUID()}`;
    const ticket = randomUUID();
    const started = await engine.startByMessage('engine-port-test', key, { orderId: key, ticket, nested: { list: [1, 2] } });
    expect(started).to.include({ bpmnProcessId: 'engine-port-test', businessKey: key, active: true });
    expect((await engine.instancesByBusinessKey(key)).map((i) => i.processInstanceKey)).to.deep.equal([started.processInstanceKey]);
    expect((await engine.instancesWithVariable('orderId', key)).map((i) => i.processInstanceKey)).to.deep.equal([started.processInstanceKey]);
    expect(await engine.instanceVariables(started.processInstanceKey)).to.deep.include({ ticket, nested: { list: [1, 2] } });

    // Not waiting yet (its first step is not done): the engine keeps nothing, the answer is 0.
    expect(await engine.correlate({ name: 'engine-port-go', target: { variables: { ticket } } })).to.equal(0);
    const step = engine.work([{ topic: 'test.engine-port.step', variables: ['orderId'] }], loopSettings, async (task): Promise<TaskOutcome> => ({ kind: 'complete', variables: { result: `done ${String(task.variables['orderId'])}` } }));
    loops.push(step);
    // The port sets what the handler gives as it is (the runtime renames by result.<output> settings).
    await eventually('the instance to wait for the message', async () => (await engine.instanceVariables(started.processInstanceKey))['result']);
    expect((await engine.instanceVariables(started.processInstanceKey))['result']).to.equal(`done ${key}`);
    expect(await engine.correlate({ name: 'engine-port-go', target: { variables: { ticket } }, variables: { goneAt: 'now' } })).to.equal(1);
    // A repeat finds nobody waiting.
    expect(await engine.correlate({ name: 'engine-port-go', target: { variables: { ticket } } })).to.equal(0);
    expect(await engine.cancelInstance(started.processInstanceKey)).to.equal(true);
    expect(await engine.cancelInstance(started.processInstanceKey)).to.equal(false);
    expect((await engine.instancesByBusinessKey(key))[0]?.active).to.equal(false);
    await step.close();
  });

  it('keeps the lock of a task whose handler runs longer than the lock, so no other worker gets it', async () => {
    const key = `slow-${randomUUID()}`;
    const runs: string[] = [];
    const worker = (name: string) =>
      engine.work([{ topic: 'test.engine-port.step', variables: ['orderId'] }], loopSettings, async (task): Promise<TaskOutcome> => {
        if (task.variables['orderId'] !== key) return { kind: 'complete', variables: { result: 'not mine' } };
        runs.push(name);
        await new Promise((r) => setTimeout(r, 3 * loopSettings.lockMs));
        return { kind: 'complete', variables: { result: name } };
      });
    const a = worker('a');
    const b = worker('b');
    loops.push(a, b);
    const started = await engine.startByMessage('engine-port-test', key, { orderId: key, ticket: key });
    const result = await eventually('the slow step done', async () => (await engine.instanceVariables(started.processInstanceKey))['result'], 30_000);
    expect(runs).to.have.length(1);
    expect(result).to.equal(runs[0]);
    await engine.cancelInstance(started.processInstanceKey);
    await Promise.all([a.close(), b.close()]);
  });

  it('a closed worker leaves no fetch waiting on the engine: the next task goes to the worker that is there', async () => {
    const closed = engine.work([{ topic: 'test.engine-port.step', variables: [] }], { ...loopSettings, lockMs: 120_000, pollMs: 60_000 }, async (): Promise<TaskOutcome> => {
      throw new Error('a closed worker was handed a task');
    });
    await new Promise((r) => setTimeout(r, 500)); // its long poll now waits on the engine
    await closed.close();
    const key = `after-close-${randomUUID()}`;
    const started = await engine.startByMessage('engine-port-test', key, { orderId: key, ticket: key });
    await new Promise((r) => setTimeout(r, 1000)); // a fetch left waiting would lock the task for the closed worker now
    const next = engine.work([{ topic: 'test.engine-port.step', variables: [] }], loopSettings, async (): Promise<TaskOutcome> => ({ kind: 'complete', variables: { result: 'next' } }));
    loops.push(next);
    const result = await eventually('the step done by the next worker', async () => (await engine.instanceVariables(started.processInstanceKey))['result'], 30_000);
    expect(result).to.equal('next');
    await engine.cancelInstance(started.processInstanceKey);
    await next.close();
  });

  /**
   * Starts an instance whose step runs in a worker that is then closed with a short grace: the
   * handler waits for the abort, then does `afterAbort`. Answers the instance and the abort reason.
   */
  async function stopWhileRunning(name: string, afterAbort: () => Promise<TaskOutcome>): Promise<{ processInstanceKey: string; aborted: unknown }> {
    const key = `${name}-${randomUUID()}`;
    let aborted: unknown;
    let running!: () => void;
    const handlerRunning = new Promise<void>((resolve) => (running = resolve));
    const stopping = engine.work([{ topic: 'test.engine-port.step', variables: ['orderId'] }], { ...loopSettings, lockMs: 30_000, shutdownGraceMs: 300 }, async (task, signal): Promise<TaskOutcome> => {
      if (task.variables['orderId'] !== key) return { kind: 'complete', variables: { result: 'not mine' } };
      running();
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      aborted = signal.reason;
      return afterAbort();
    });
    const { processInstanceKey } = await engine.startByMessage('engine-port-test', key, { orderId: key, ticket: key });
    await handlerRunning;
    await stopping.close();
    return { processInstanceKey, aborted };
  }

  it('a close waits for tasks in hand up to its grace period, then aborts them and hands them back: another worker takes them at once', async () => {
    const { processInstanceKey, aborted } = await stopWhileRunning('stopping', async () => ({ kind: 'failure', message: 'aborted', retries: 0, retryInMs: 0 }));
    expect(String(aborted)).to.contain('Ordo is stopping');
    // Handed back, not failed: its lock (30 s) is gone and its retries untouched, so the next worker has it before that.
    const next = engine.work([{ topic: 'test.engine-port.step', variables: [] }], loopSettings, async (): Promise<TaskOutcome> => ({ kind: 'complete', variables: { result: 'taken over' } }));
    loops.push(next);
    expect(await eventually('the step done by the next worker', async () => (await engine.instanceVariables(processInstanceKey))['result'], 25_000)).to.equal('taken over');
    expect(await engine.incidents(processInstanceKey)).to.deep.equal([]);
    await engine.cancelInstance(processInstanceKey);
    await next.close();
  });

  it('a handler that still finishes after the grace period is reported as it ended, not handed back (its work is not done twice)', async () => {
    const { processInstanceKey } = await stopWhileRunning('finishing', async () => {
      await new Promise((r) => setTimeout(r, 300)); // it was past the point of no return
      return { kind: 'complete', variables: { result: 'finished while stopping' } };
    });
    expect((await engine.instanceVariables(processInstanceKey))['result']).to.equal('finished while stopping');
    await engine.cancelInstance(processInstanceKey);
  });

  it("two installations on one engine (each its own tenant) never take each other's tasks or messages", async () => {
    // Two tenants of their own: no worker of the other tests (closed or not) is on either.
    const mineEngine = connectEngine(testConfig(), logger);
    const other = connectEngine(testConfig(), logger);
    try {
      await deployModelFiles(mineEngine, [fixture], 'test-engine-port');
      await deployModelFiles(other, [fixture], 'test-engine-port');
      const key = `tenant-${randomUUID()}`;
      const seenByOther: string[] = [];
      const otherLoop = other.work([{ topic: 'test.engine-port.step', variables: ['orderId'] }], loopSettings, async (task): Promise<TaskOutcome> => {
        seenByOther.push(String(task.variables['orderId']));
        return { kind: 'complete', variables: { result: 'other' } };
      });
      const started = await mineEngine.startByMessage('engine-port-test', key, { orderId: key, ticket: key });
      expect(await other.instancesByBusinessKey(key)).to.deep.equal([]);
      await new Promise((r) => setTimeout(r, 3000)); // the other installation polls all the while
      expect(seenByOther).to.deep.equal([]);
      const mine = mineEngine.work([{ topic: 'test.engine-port.step', variables: ['orderId'] }], loopSettings, async (): Promise<TaskOutcome> => ({ kind: 'complete', variables: { result: 'mine' } }));
      expect(await eventually('the step done by its own installation', async () => (await mineEngine.instanceVariables(started.processInstanceKey))['result'])).to.equal('mine');
      expect(await other.correlate({ name: 'engine-port-go', target: { variables: { ticket: key } } })).to.equal(0);
      expect(await mineEngine.correlate({ name: 'engine-port-go', target: { variables: { ticket: key } } })).to.equal(1);
      expect(seenByOther).to.deep.equal([]);
      await Promise.all([mine.close(), otherLoop.close()]);
    } finally {
      await Promise.all([mineEngine.close(), other.close()]);
    }
  });

  it('a step that keeps failing is retried as often as the model says, then is an incident that says what failed', async () => {
    const own = connectEngine(testConfig(), logger);
    await deployModelFiles(own, [fixture], 'test-engine-port');
    let attempts = 0;
    const failing = runWorkers(own, [defineWorker({
      type: 'test.engine-port.step',
      name: 'Step',
      description: 'fails',
      input: { type: 'object', properties: { orderId: { type: 'string' } } },
      output: { type: 'object', properties: { result: { type: 'string' } } },
      handler: async () => {
        attempts++;
        throw new Error('the network gateway answered 503');
      },
    })], { maxJobs: 4, timeoutMs: 10_000, lockMs: 5000, pollMs: 2000, retryBackoffMs: 100 }, logger);
    loops.push(failing);
    try {
      const key = `failing-${randomUUID()}`;
      const started = await own.startByMessage('engine-port-test', key, { orderId: key, ticket: key });
      const [incident] = await eventually('an incident', async () => {
        const found = await own.incidents(started.processInstanceKey);
        return found.length ? found : undefined;
      }, 30_000);
      expect(attempts, 'retries="2" in the model: two attempts').to.equal(2);
      expect(incident).to.include({ elementId: 'step', type: 'failedExternalTask' });
      expect(incident!.message).to.equal('test.engine-port.step failed: the network gateway answered 503');
    } finally {
      await own.close();
    }
  });

  it('a BPMN error the model does not catch is an incident that says so, not a silent end', async () => {
    const own = connectEngine(testConfig(), logger);
    await deployModelFiles(own, [fixture], 'test-engine-port');
    const workers = runWorkers(own, [
      defineWorker({ type: 'test.engine-port.step', name: 'Step', description: '', input: { type: 'object', properties: {} }, output: { type: 'object', properties: { result: { type: 'string' } } }, handler: async () => ({ result: 'ok' }) }),
      defineWorker({
        type: 'test.engine-port.last-step', name: 'Last step', description: '', input: { type: 'object', properties: {} }, output: { type: 'object', properties: {} },
        handler: async () => {
          throw new BusinessError('NOBODY_CATCHES_THIS', 'a business outcome the model has no path for');
        },
      }),
    ], { maxJobs: 4, timeoutMs: 10_000, lockMs: 5000, pollMs: 2000, retryBackoffMs: 100 }, logger);
    loops.push(workers);
    try {
      const key = `uncaught-${randomUUID()}`;
      const started = await own.startByMessage('engine-port-test', key, { orderId: key, ticket: key });
      await eventually('waiting for go', async () => (await own.instanceVariables(started.processInstanceKey))['stepResult']);
      expect(await own.correlate({ name: 'engine-port-go', target: { variables: { ticket: key } } })).to.equal(1);
      const [incident] = await eventually('an incident', async () => {
        const found = await own.incidents(started.processInstanceKey);
        return found.length ? found : undefined;
      }, 30_000);
      expect(incident!.elementId).to.equal('last-step');
      expect(incident!.message).to.equal('BPMN error NOBODY_CATCHES_THIS (a business outcome the model has no path for) was not taken at last-step: nothing in the model catches it, or the path it leads to failed');
      expect((await own.instancesByBusinessKey(key))[0]?.active, 'the instance still runs, for ops to repair').to.equal(true);
      await own.cancelInstance(started.processInstanceKey);
    } finally {
      await own.close();
    }
  });

  it('an unreachable engine is told apart from a refusal', async () => {
    const down = connectEngine(testConfig({ ORDO_ENGINE_URL: 'http://127.0.0.1:1/engine-rest' }), logger);
    const err = await down.version().then(() => undefined, (e: Error) => e);
    expect(err?.constructor.name).to.equal('EngineUnavailableError');
    const refused = await engine.startByMessage('no-such-message', 'x', {}).then(() => undefined, (e: Error) => e);
    expect(refused?.constructor.name).to.equal('EngineRestError');
    await down.close();
  });
});
