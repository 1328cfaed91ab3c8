import type { Logger } from '../observability/logger.js';

/**
 * Work done every `everyMs` (a sweep, a purge, a poll), never two runs at once: a run still going
 * when the next is due is left to finish, and asking for a run meanwhile gets that one. stop() ends
 * the schedule and waits for the run in progress, so nothing uses MongoDB or the engine after a close.
 */
export class PeriodicTask<T = unknown> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T | undefined> | undefined;

  constructor(
    private readonly what: string,
    private readonly everyMs: number,
    private readonly work: () => Promise<T>,
    private readonly log: Logger,
  ) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(): this {
    this.timer ??= setInterval(() => void this.runNow(), this.everyMs);
    return this;
  }

  /** A run now, or the one in progress; a failure is logged (undefined) and the next run tries again. */
  runNow(): Promise<T | undefined> {
    this.running ??= this.work()
      .catch((err: Error) => {
        this.log.warn(`${this.what} failed; will retry`, { error: err.message });
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
