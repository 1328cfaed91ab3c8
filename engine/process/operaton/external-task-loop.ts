import type { Logger } from '../../observability/logger.js';
import { EngineUnavailableError, type ExternalTask, type TaskHandler, type TaskOutcome, type TaskSubscription, type WorkerLoopSettings } from '../process-engine.js';
import { answer, EngineRestError, type OperatonClient, type Schemas } from './operaton-rest.js';
import { fromOperatonVariables, toOperatonVariables } from './variables.js';

export interface LoopSettings extends WorkerLoopSettings {
  workerId: string;
  tenant: string;
  /** Timeout of the calls other than the long poll (ms). */
  requestTimeoutMs: number;
}

/** Tries of a report the engine refused for a concurrent change of the same instance (optimistic locking). */
const CONFLICT_TRIES = 10;
/** Why a handler still running when the shutdown grace is over is aborted. */
const HANDED_BACK = 'Ordo is stopping: the task is handed back to the engine';
/** Tries of handing a task back while the engine cannot be reached. */
const UNLOCK_TRIES = 3;
/** How long past the shutdown grace a closed worker still looks for tasks a stray fetch locked for it (ms). */
const STRAY_SWEEP_AFTER_GRACE_MS = 3000;
/** How often a closed worker looks for tasks a stray fetch locked for it (ms). */
const STRAY_CHECK_MS = 500;
/** Longest wait between fetches while the engine cannot be reached (ms). */
const MAX_FETCH_BACKOFF_MS = 15_000;

type LockedTask = Schemas['LockedExternalTaskDto'];

/**
 * Operaton's external-task protocol for one worker: long-polling fetchAndLock over every topic, as
 * many tasks in hand as `maxTasks` allows, the lock extended while a handler runs, and the outcome
 * reported (complete, BPMN error, failure with retries) - again when the engine refused it for a
 * concurrent change of the same instance, or could not be reached.
 */
export class ExternalTaskLoop {
  private readonly stopping = new AbortController();
  /** Each running handler's budget: its timeout, or the end of the shutdown grace, aborts it. */
  private readonly budgets = new Set<AbortController>();
  /** Set when the shutdown grace is over: handlers still running are aborted and their tasks go back. */
  private handingBack = false;
  private closing = false;
  private readonly inHand = new Set<Promise<void>>();
  private running: Promise<void> | undefined;
  private slotFreed: (() => void) | undefined;
  /** When the last fetch went out: one still waiting at the engine ends pollMs after it arrived. */
  private lastFetchAt = 0;

  constructor(
    private readonly rest: OperatonClient,
    private readonly settings: LoopSettings,
    private readonly subscriptions: TaskSubscription[],
    private readonly handler: TaskHandler,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running ??= this.fetchLoop();
  }

  async close(): Promise<void> {
    // The grace counts from the stop, whatever the steps below take.
    const graceEndsAt = Date.now() + (this.settings.shutdownGraceMs ?? this.settings.handlerTimeoutMs);
    this.closing = true;
    this.slotFreed?.();
    // The engine answers the replaced fetch a moment after the withdrawal; hanging up first would leave
    // it open. A fetch that reached the engine only after the withdrawal is still waiting then, with
    // this worker connected: withdrawn again, so that it cannot lock tasks for a worker that is gone.
    let fetchEnded = this.running === undefined;
    for (let round = 0; round < 3 && !fetchEnded; round++) {
      const withdrawal = await this.withdrawWaitingFetch();
      if (withdrawal === 'failed') break;
      // A fetch of this worker that arrived just after it replaced it in turn: that one is withdrawn next round.
      if (withdrawal === 'replaced') continue;
      fetchEnded = await Promise.race([this.running!.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), this.settings.requestTimeoutMs).unref())]);
    }
    this.stopping.abort();
    await this.running;
    const finished = Promise.allSettled([...this.inHand]);
    const graceMs = Math.max(0, graceEndsAt - Date.now());
    const graceOver = new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref());
    if (this.inHand.size > 0 && !(await Promise.race([finished.then(() => true), graceOver]))) {
      this.log.warn('stopping: handing tasks still running back to the engine', { tasks: this.inHand.size, graceMs });
      this.handingBack = true;
      for (const budget of this.budgets) budget.abort(new Error(HANDED_BACK));
    }
    await finished;
    if (!fetchEnded) await this.releaseStrayLocks(graceEndsAt + STRAY_SWEEP_AFTER_GRACE_MS);
  }

  /**
   * A fetch the withdrawal did not reach may still wait at the engine, and lock tasks (a handed-back
   * one among them) for this worker that is gone, until their lock runs out. Until that fetch's wait
   * is over, tasks locked under this worker's id are unlocked again.
   */
  private async releaseStrayLocks(latest: number): Promise<void> {
    // Not past the shutdown's own budget: a stray lock runs out by itself, a stopping Ordo may not wait.
    const until = Math.min(this.lastFetchAt + this.settings.pollMs + this.settings.requestTimeoutMs, latest);
    for (;;) {
      let unreachable = false;
      const stray = await answer(
        this.rest.GET('/external-task', { params: { query: { workerId: this.settings.workerId, locked: true, ...(this.settings.tenant ? { tenantIdIn: this.settings.tenant } : {}) } }, signal: AbortSignal.timeout(this.settings.requestTimeoutMs) }),
        'finding tasks locked for a closed worker',
      ).catch((err: Error) => {
        unreachable = err instanceof EngineUnavailableError;
        this.log.warn('could not look for tasks locked for this closed worker', { error: err.message });
        return [];
      });
      if (unreachable) return;
      for (const task of stray) {
        if (!task.id) continue;
        this.log.warn('a fetch still waiting at the engine locked a task for this closed worker: handing it back', { jobKey: task.id, jobType: task.topicName, processInstanceKey: task.processInstanceId });
        await this.unlock(task.id).catch(() => undefined);
      }
      if (Date.now() >= until) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(STRAY_CHECK_MS, Math.max(until - Date.now(), 0))).unref());
    }
  }

  /**
   * The engine does not notice that a waiting fetch's client went away: until the fetch times out it
   * would lock new tasks for it, and they would wait out their lock. A fetch of nothing with the same
   * worker id replaces it (the engine keeps one waiting fetch per worker: unique-worker-request) and
   * answers it with 503. That is done while the waiting fetch's connection is still open: answering
   * one whose client has already hung up leaves the request open in the web server, which then
   * holds its shutdown for 30 s. 'replaced': the withdrawal was itself answered 503, replaced by a
   * fetch of this worker sent just before the close that reached the engine after it.
   */
  private async withdrawWaitingFetch(): Promise<'withdrawn' | 'replaced' | 'failed'> {
    return answer(
      this.rest.POST('/external-task/fetchAndLock', {
        body: { workerId: this.settings.workerId, maxTasks: 0, asyncResponseTimeout: 1, topics: this.subscriptions.map((s) => ({ topicName: s.topic, lockDuration: 1000, localVariables: false, deserializeValues: false, includeExtensionProperties: false, withoutTenantId: false })) },
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
      }),
      'withdrawing the waiting fetch',
    ).then(
      () => 'withdrawn' as const,
      (err: Error) => {
        if (err instanceof EngineUnavailableError && err.status === 503) return 'replaced' as const;
        this.log.warn('could not withdraw the waiting fetch; tasks it locks are handed back as found', { error: err.message });
        return 'failed' as const;
      },
    );
  }

  private async fetchLoop(): Promise<void> {
    let failures = 0;
    while (!this.closing) {
      const free = this.settings.maxTasks - this.inHand.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        continue;
      }
      try {
        const tasks = await this.fetchAndLock(free);
        failures = 0;
        for (const task of tasks) this.dispatch(task);
      } catch (err) {
        if (this.closing) break;
        failures++;
        const waitMs = Math.min(500 * 2 ** Math.min(failures, 5), MAX_FETCH_BACKOFF_MS);
        if (failures === 1 || failures % 20 === 0) this.log.warn('fetching external tasks failed; will retry', { error: (err as Error).message, failures, retryInMs: waitMs });
        await sleep(waitMs, this.stopping.signal);
      }
    }
  }

  private async fetchAndLock(maxTasks: number): Promise<LockedTask[]> {
    const { tenant, lockMs, pollMs, workerId, requestTimeoutMs } = this.settings;
    const topics: Schemas['FetchExternalTaskTopicDto'][] = this.subscriptions.map((s) => ({
      topicName: s.topic,
      lockDuration: lockMs,
      variables: [...s.variables],
      localVariables: false,
      deserializeValues: false,
      includeExtensionProperties: true,
      ...(tenant ? { tenantIdIn: [tenant], withoutTenantId: false } : { withoutTenantId: true }),
    }));
    this.lastFetchAt = Date.now();
    return answer(
      this.rest.POST('/external-task/fetchAndLock', {
        body: { workerId, maxTasks, usePriority: true, asyncResponseTimeout: pollMs, topics },
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(pollMs + requestTimeoutMs)]),
      }),
      'fetching external tasks',
    );
  }

  private dispatch(locked: LockedTask): void {
    const work = this.handle(locked).finally(() => {
      this.inHand.delete(work);
      this.slotFreed?.();
      this.slotFreed = undefined;
    });
    this.inHand.add(work);
  }

  private async handle(locked: LockedTask): Promise<void> {
    let task: ExternalTask;
    try {
      task = taskOf(locked);
    } catch (err) {
      // A variable Ordo cannot read (e.g. a serialized Java object set in Cockpit): an incident that says so.
      await this.report(taskOf({ ...locked, variables: {} }), { kind: 'failure', message: (err as Error).message, retries: 0, retryInMs: 0 });
      return;
    }
    const { handlerTimeoutMs, lockMs } = this.settings;
    const budget = new AbortController();
    this.budgets.add(budget);
    const deadline = setTimeout(() => budget.abort(new Error(`the handler ran longer than ${handlerTimeoutMs} ms`)), handlerTimeoutMs);
    // The lock outlives a crash of this process by at most lockMs; while the handler runs it is renewed.
    const renewal = setInterval(() => void this.extendLock(task).catch((err: Error) => this.log.warn('could not extend the lock of a task', { ...logFields(task), error: err.message })), Math.max(lockMs / 2, 1000));
    let outcome: TaskOutcome;
    try {
      if (this.handingBack) budget.abort(new Error(HANDED_BACK));
      outcome = await this.handler(task, budget.signal);
    } catch (err) {
      // The runtime maps every handler error to an outcome; this is a fault of the runtime itself.
      outcome = { kind: 'failure', message: (err as Error).message, retries: Math.max((task.retries ?? 1) - 1, 0), retryInMs: 5000 };
    } finally {
      clearTimeout(deadline);
      clearInterval(renewal);
      this.budgets.delete(budget);
    }
    // Cut short by the shutdown, it failed: not a failure of the step; another worker takes it at
    // once. A handler that finished all the same (completed, a BPMN error) is reported as it ended.
    if (this.handingBack && outcome.kind === 'failure') await this.handBack(task);
    else await this.report(task, outcome);
  }

  private async handBack(task: ExternalTask): Promise<void> {
    await this.unlock(task.id).then(
      () => this.log.info('task handed back to the engine', logFields(task)),
      (err: Error) => this.log.warn('could not hand a task back; it is handed out again when its lock runs out', { ...logFields(task), error: err.message }),
    );
  }

  /** Unlocks a task, again while the engine cannot be reached (a few times); one that ended meanwhile needs nothing. */
  private async unlock(taskId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await answer(this.rest.POST('/external-task/{id}/unlock', { params: { path: { id: taskId } }, signal: AbortSignal.timeout(this.settings.requestTimeoutMs) }), `handing back ${taskId}`);
        return;
      } catch (err) {
        if (err instanceof EngineRestError && err.status === 404) return;
        if (!(err instanceof EngineUnavailableError) || attempt >= UNLOCK_TRIES) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt).unref());
      }
    }
  }

  private extendLock(task: ExternalTask): Promise<unknown> {
    return answer(
      this.rest.POST('/external-task/{id}/extendLock', { params: { path: { id: task.id } }, body: { workerId: this.settings.workerId, newDuration: this.settings.lockMs }, signal: AbortSignal.timeout(this.settings.requestTimeoutMs) }),
      `extending the lock of ${task.id}`,
    );
  }

  /**
   * Reports the outcome; repeats it on a concurrent-change conflict, and while the engine is
   * unreachable (within the lock). A BPMN error the model does not catch is refused by the engine
   * (enable-exceptions-after-unhandled-bpmn-error): it becomes an incident that says so.
   */
  private async report(task: ExternalTask, outcome: TaskOutcome): Promise<void> {
    const giveUpAt = Date.now() + this.settings.lockMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(task, outcome);
        return;
      } catch (err) {
        if (outcome.kind === 'bpmnError' && err instanceof EngineRestError && err.status === 500 && err.type !== 'OptimisticLockingException') {
          this.log.error('the model does not catch a BPMN error: the task becomes an incident', { ...logFields(task), errorCode: outcome.code, error: err.message });
          outcome = { kind: 'failure', message: `BPMN error ${outcome.code} (${outcome.message}) was not taken at ${task.elementId}: nothing in the model catches it, or the path it leads to failed`, details: err.message, retries: 0, retryInMs: 0 };
          continue;
        }
        if (err instanceof EngineRestError && err.status === 404) {
          // Cancelled meanwhile (a boundary event, a cancelled order): nothing left to report to.
          this.log.info('task ended before its outcome was reported', { ...logFields(task), outcome: outcome.kind });
          return;
        }
        const conflict = err instanceof EngineRestError && err.type === 'OptimisticLockingException' && attempt < CONFLICT_TRIES;
        const unreachable = err instanceof EngineUnavailableError && Date.now() < giveUpAt;
        if (!conflict && !unreachable) {
          // Its lock is gone to another worker, or the engine keeps refusing: the task is handed out again.
          this.log.error('the engine did not take the outcome of a task', { ...logFields(task), outcome: outcome.kind, error: (err as Error).message });
          return;
        }
        await delay(conflict ? 20 + Math.random() * 80 * attempt : 1000);
      }
    }
  }

  private async send(task: ExternalTask, outcome: TaskOutcome): Promise<void> {
    const { workerId, requestTimeoutMs } = this.settings;
    const params = { path: { id: task.id } };
    const signal = AbortSignal.timeout(requestTimeoutMs);
    switch (outcome.kind) {
      case 'complete':
        await answer(this.rest.POST('/external-task/{id}/complete', { params, body: { workerId, variables: toOperatonVariables(outcome.variables) }, signal }), `completing ${task.id}`);
        return;
      case 'bpmnError':
        await answer(this.rest.POST('/external-task/{id}/bpmnError', { params, body: { workerId, errorCode: outcome.code, errorMessage: outcome.message, variables: toOperatonVariables(outcome.variables) }, signal }), `BPMN error on ${task.id}`);
        return;
      case 'failure':
        await answer(
          this.rest.POST('/external-task/{id}/failure', { params, body: { workerId, errorMessage: outcome.message.slice(0, 3900), ...(outcome.details ? { errorDetails: outcome.details } : {}), retries: outcome.retries, retryTimeout: outcome.retryInMs }, signal }),
          `reporting the failure of ${task.id}`,
        );
        return;
    }
  }
}

function taskOf(t: LockedTask): ExternalTask {
  return {
    id: t.id ?? '',
    topic: t.topicName ?? '',
    processInstanceKey: t.processInstanceId ?? '',
    bpmnProcessId: t.processDefinitionKey ?? '',
    elementId: t.activityId ?? '',
    ...(t.businessKey ? { businessKey: t.businessKey } : {}),
    ...(typeof t.retries === 'number' ? { retries: t.retries } : {}),
    variables: fromOperatonVariables(t.variables),
    properties: (t.extensionProperties ?? {}) as Record<string, string>,
  };
}

const logFields = (task: ExternalTask) => ({ jobKey: task.id, processInstanceKey: task.processInstanceKey, elementId: task.elementId, ...(typeof task.variables['orderId'] === 'string' ? { orderId: task.variables['orderId'] } : {}) });

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
