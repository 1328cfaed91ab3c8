import { expect } from 'chai';
import { PeriodicTask } from '../engine/process/periodic-task.js';
import { logger } from '../engine/observability/logger.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('engine/process/periodic-task: one base for sweeps, purges and polls', () => {
  it('never runs twice at once: a run asked for meanwhile is the one in progress', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const task = new PeriodicTask('test', 5, async () => {
      runs++;
      most = Math.max(most, ++running);
      await sleep(30);
      running--;
      return runs;
    }, logger);
    const [a, b] = [task.runNow(), task.runNow()];
    expect(await a).to.equal(1);
    expect(await b).to.equal(1);
    task.start();
    await sleep(100);
    await task.stop();
    expect(most).to.equal(1);
    expect(runs).to.be.greaterThan(1);
  });

  it('a failed run is logged and answered undefined; the next run tries again', async () => {
    let calls = 0;
    const task = new PeriodicTask('test', 1000, async () => {
      if (++calls === 1) throw new Error('MongoDB unreachable');
      return 'done';
    }, logger);
    expect(await task.runNow()).to.equal(undefined);
    expect(await task.runNow()).to.equal('done');
  });

  it('stop() ends the schedule and waits for the run in progress', async () => {
    let finished = false;
    let runs = 0;
    const task = new PeriodicTask('test', 10, async () => {
      runs++;
      await sleep(50);
      finished = true;
    }, logger).start();
    await sleep(15);
    await task.stop();
    expect(finished, 'stop returned before the run in progress ended').to.equal(true);
    const after = runs;
    await sleep(40);
    expect(runs, 'a run started after stop').to.equal(after);
    expect(task.started).to.equal(false);
  });
});
