import { execFile } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { runOrdo } from '../engine/cli/ordo.js';
import type { CliOutput } from '../engine/cli/command.js';
import { withEvents } from '../engine/events/outbox.js';
import { tmfEvent, type OutboxEvent } from '../engine/events/tmf-event.js';
import type { KafkaDeadLetter } from '../engine/events/kafka-dead-letters.js';
import type { ListenerOverview } from '../engine/events/hub.js';
import { logger } from '../engine/observability/logger.js';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import type { FoundOrder } from '../engine/orders/find-orders.js';
import { TMF622_API } from '../engine/orders/tmf622.js';
import { packageRoot } from '../engine/paths.js';
import { connectEngine } from '../engine/process/connect-engine.js';
import { deployModelFiles } from '../engine/process/deploy-models.js';
import type { FailedTask, ProcessEngine } from '../engine/process/process-engine.js';
import { defineWorker } from '../workers/runtime/define-worker.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import { collectEvents, eventually, httpJson, retireTestOrdo, testConfig, testEnv } from './support/harness.js';
import { TestListener } from './support/listener.js';

const fixture = path.join(packageRoot, 'test', 'fixtures', 'bpmn', 'ops-cli-test.bpmn');
const ordoBin = path.join(packageRoot, 'dist', 'engine', 'cli', 'ordo.js');
const TOPIC_A = 'test.ops-cli.a';
const TOPIC_B = 'test.ops-cli.b';

/** A command's output captured: what it printed, its errors, and its progress as a log file gets it (not a terminal). */
function capture(): CliOutput & { printed: string[]; errors: string[]; progressLines: string[] } {
  const printed: string[] = [];
  const errors: string[] = [];
  const progressLines: string[] = [];
  return { printed, errors, progressLines, log: (t) => printed.push(t), error: (t) => errors.push(t), progress: { isTTY: false, write: (t) => progressLines.push(t) } };
}

/** Runs `ordo <args>` in this process; answers the exit code and the captured output. */
async function ordo(args: string[], config = testConfig()): Promise<{ code: number; out: ReturnType<typeof capture> }> {
  const out = capture();
  const code = await runOrdo(args, out, () => config);
  return { code, out };
}

/** The JSON a `--json` command printed. */
async function json<T>(args: string[], config: ReturnType<typeof testConfig>): Promise<T> {
  const { code, out } = await ordo([...args, '--json'], config);
  expect(code, `${args.join(' ')}: ${out.errors.join('\n')}`).to.equal(0);
  return JSON.parse(out.printed.join('\n')) as T;
}

describe('ordo CLI: ops commands on the real stack (incidents, Kafka dead letters, hub listeners, orders; bpmn fixture ops-cli-test)', () => {
  describe('incidents (the engine port on Operaton)', () => {
    const config = testConfig();
    let engine: ProcessEngine;
    let workers: RunningWorkers;
    /** Each topic's failure while set; attempts counted per topic. */
    const broken: Record<string, string | undefined> = {};
    const attempts: Record<string, number> = { [TOPIC_A]: 0, [TOPIC_B]: 0 };
    const failed = (topic?: string) => engine.failedTasks(topic ? { topic } : {});

    before(async () => {
      engine = connectEngine(config, logger);
      await deployModelFiles(engine, [fixture], 'test-ops-cli');
      const step = (type: string) => defineWorker({
        type,
        name: type,
        description: 'fails while the test says so',
        input: { type: 'object', properties: {} },
        output: { type: 'object', properties: {} },
        handler: async () => {
          attempts[type]!++;
          if (broken[type]) throw new Error(broken[type]);
          return {};
        },
      });
      workers = runWorkers(engine, [step(TOPIC_A), step(TOPIC_B)], { maxJobs: 32, timeoutMs: 10_000, lockMs: 5000, pollMs: 1000, retryBackoffMs: 100 }, logger);
    });
    after(async () => {
      await workers?.close();
      await engine?.close();
    });

    const start = async (route: 'a' | 'b') => {
      const key = `ops-${route}-${randomUUID()}`;
      await engine.startByMessage('ops-cli-test', key, { route });
      return key;
    };
    const ended = async (key: string) => (await engine.instancesByBusinessKey(key))[0]?.active === false;

    it('lists failed tasks by topic, error and time; a dry run changes nothing; a retry gives each one attempt, and once fixed they complete', async () => {
      broken[TOPIC_A] = 'the gateway answered 503';
      broken[TOPIC_B] = 'Connection refused by the HLR';
      const keysA = [await start('a'), await start('a')];
      const keyB = await start('b');
      await eventually('three incidents', async () => (await failed()).length === 3, 30_000);
      expect(attempts, 'retries="2" in the model: two attempts each').to.deep.equal({ [TOPIC_A]: 4, [TOPIC_B]: 2 });

      const all = await json<FailedTask[]>(['incidents', 'list'], config);
      expect(all.map((t) => t.businessKey).sort()).to.deep.equal([...keysA, keyB].sort());
      const taskB = all.find((t) => t.topic === TOPIC_B)!;
      expect(taskB).to.include({ elementId: 'step-b', bpmnProcessId: 'ops-cli-test', businessKey: keyB, error: `${TOPIC_B} failed: Connection refused by the HLR` });
      expect((await json<FailedTask[]>(['incidents', 'list', '--topic', TOPIC_A], config)).map((t) => t.businessKey).sort()).to.deep.equal([...keysA].sort());
      expect((await json<FailedTask[]>(['incidents', 'list', '--error', 'refused by the hlr'], config)).map((t) => t.id), 'any case').to.deep.equal([taskB.id]);
      expect(await json<FailedTask[]>(['incidents', 'list', '--error', 'no such error'], config)).to.deep.equal([]);
      expect(await json<FailedTask[]>(['incidents', 'list', '--since', '1h'], config)).to.have.length(3);
      expect(await json<FailedTask[]>(['incidents', 'list', '--until', '1h'], config)).to.deep.equal([]);
      const later = new Date(Date.now() + 60_000).toISOString();
      expect(await json<FailedTask[]>(['incidents', 'list', '--since', later], config)).to.deep.equal([]);
      expect(await json<FailedTask[]>(['incidents', 'list', '--until', later, '--topic', TOPIC_B], config)).to.have.length(1);

      const table = await ordo(['incidents', 'list'], config);
      expect(table.code).to.equal(0);
      expect(table.out.printed[0]).to.match(/^TASK +TOPIC +ACTIVITY +INSTANCE +BUSINESS KEY +FAILED AT +ERROR\n/);
      expect(table.out.printed[0]).to.contain(keyB).and.to.contain('test.ops-cli.b failed: Connection refused by the HLR');
      expect(table.out.printed[1]).to.equal(`3 failed tasks in 3 instances: ${TOPIC_A} 2, ${TOPIC_B} 1`);

      // A dry run lists and changes nothing: no attempt, the same incidents.
      const dry = await ordo(['incidents', 'retry', '--topic', TOPIC_A, '--dry-run'], config);
      expect(dry.code).to.equal(0);
      expect(dry.out.printed.join('\n')).to.contain('dry run: would give each 1 attempt again; nothing changed');
      await new Promise((r) => setTimeout(r, 2000));
      expect(attempts[TOPIC_A]).to.equal(4);
      expect((await failed()).map((t) => t.incidentId).sort()).to.deep.equal(all.map((t) => t.incidentId).sort());

      // Without --yes and nobody at a terminal to ask: refused, nothing done.
      const refused = await ordo(['incidents', 'retry', '--topic', TOPIC_A], config);
      expect(refused.code).to.equal(1);
      expect(refused.out.errors.join('\n')).to.match(/Retry 2 tasks with 1 attempt each\? Not done: add --yes/);

      // Still broken: one attempt each, and an incident again at once (not the whole backoff ladder again).
      const again = await ordo(['incidents', 'retry', '--topic', TOPIC_A, '--yes'], config);
      expect(again.code).to.equal(0);
      expect(again.out.printed).to.include('retried 2 of 2 tasks (1 attempt each)');
      await eventually('both incidents again', async () => (await failed(TOPIC_A)).every((t) => !all.some((before) => before.incidentId === t.incidentId)) && (await failed(TOPIC_A)).length === 2, 30_000);
      expect(attempts[TOPIC_A]).to.equal(6);

      // Fixed: retried, they run once more and complete; the other topic's incident stays.
      broken[TOPIC_A] = undefined;
      const fixed = await ordo(['incidents', 'retry', '--topic', TOPIC_A, '--retries', '3', '--yes'], config);
      expect(fixed.code).to.equal(0);
      expect(fixed.out.printed).to.include('retried 2 of 2 tasks (3 attempts each)');
      expect(fixed.out.progressLines.at(-1)).to.match(/^retrying: 2\/2 \(100%\), \d+\/s\n$/);
      for (const key of keysA) await eventually(`${key} completed`, () => ended(key), 30_000);
      expect(attempts[TOPIC_A]).to.equal(8);
      expect((await failed()).map((t) => t.id)).to.deep.equal([taskB.id]);

      // The port tells a task the engine no longer has from the ones it retried.
      broken[TOPIC_B] = undefined;
      expect(await engine.retryTasks([taskB.id, 'no-such-task'], 1)).to.deep.equal({ retried: [taskB.id], gone: ['no-such-task'] });
      await eventually(`${keyB} completed`, () => ended(keyB), 30_000);
      const none = await ordo(['incidents', 'retry', '--yes'], config);
      expect(none.out.printed).to.deep.equal(['no failed tasks match: nothing to retry']);
    });

    it('retries 150 incidents in batches of 100, with progress lines on a log', async () => {
      broken[TOPIC_B] = 'the activation gateway is down';
      const keys = await Promise.all(Array.from({ length: 150 }, () => start('b')));
      const down = async () => (await engine.failedTasks({ topic: TOPIC_B, error: 'gateway is down' })).length;
      await eventually('150 incidents', async () => (await down()) === 150, 90_000, 1000);
      broken[TOPIC_B] = undefined;
      const { code, out } = await ordo(['incidents', 'retry', '--topic', TOPIC_B, '--error', 'gateway is down', '--yes'], config);
      expect(code).to.equal(0);
      expect(out.printed).to.deep.equal([`150 failed tasks in 150 instances: ${TOPIC_B} 150`, 'retried 150 of 150 tasks (1 attempt each)']);
      // After each batch: 100 (6 tenths: a line) and 150 (the end).
      expect(out.progressLines.map((l) => l.replace(/, \d+\/s.*\n$/, ''))).to.deep.equal(['retrying: 100/150 (66%)', 'retrying: 150/150 (100%)']);
      await eventually('all 150 completed', async () => (await Promise.all(keys.map(ended))).every(Boolean), 90_000, 1000);
      expect(await down()).to.equal(0);
    });
  });

  describe('Kafka dead letters, hub listeners and orders (an Ordo without workers)', () => {
    const isolation = randomUUID().slice(0, 8);
    const config = testConfig({ ORDO_DEPLOY_ON_START: 'false' }, isolation);
    let running: Ordo;
    const listener = new TestListener();
    let listenerId: string;

    before(async () => {
      running = await startOrdo(config, { workers: false });
      listenerId = (await running.hub.register(TMF622_API, { callback: await listener.start() })).id;
    });
    after(async () => {
      if (running) await retireTestOrdo(running, 0);
      await listener.stop();
    });

    it('lists Kafka dead letters and replays them to Kafka exactly once, in order, without handing them to hub listeners again', async () => {
      const orderId = `dead-letters-${randomUUID()}`;
      const refused = [1, 2].map((n) => tmfEvent('productOrder', 'ProductOrderAttributeValueChangeEvent', orderId, { id: orderId, note: `refused ${n}` }));
      const kafka = await collectEvents(config, 'productOrder');
      try {
        // As the relay leaves a document whose events Kafka refused: they were handed to the hub before.
        await running.orders.collection.insertOne({
          _id: orderId,
          id: orderId,
          state: 'inProgress',
          orderDate: new Date().toISOString(),
          _ordo: { revision: 1, outbox: [], deadLetters: refused.map((event) => ({ event, error: 'Kafka refused the batch: MESSAGE_TOO_LARGE', at: new Date() })) },
        });
        const letters = await json<KafkaDeadLetter[]>(['dead-letters', 'list'], config);
        expect(letters.map((l) => [l.collection, l.documentId, l.event.body.eventId, l.error])).to.deep.equal(refused.map((e) => ['productOrder', orderId, e.body.eventId, 'Kafka refused the batch: MESSAGE_TOO_LARGE']));
        expect(await json<KafkaDeadLetter[]>(['dead-letters', 'list', '--collection', 'refund'], config)).to.deep.equal([]);
        expect(await json<KafkaDeadLetter[]>(['dead-letters', 'list', '--id', orderId], config)).to.have.length(2);
        const listed = await ordo(['dead-letters', 'list'], config);
        expect(listed.out.printed[0]).to.match(/^COLLECTION +DOCUMENT +EVENT TYPE +EVENT ID +PARKED AT +ERROR\n/);
        expect(listed.out.printed[1]).to.equal('2 dead letters in 1 document');

        const replay = await ordo(['dead-letters', 'replay', '--collection', 'productOrder', '--yes'], config);
        expect(replay.code).to.equal(0);
        expect(replay.out.printed).to.deep.equal(['2 dead letters in 1 document', '2 events of 1 document queued again for Kafka']);
        // A new event of the same order, queued the usual way while the relay runs: to the hub and to Kafka.
        const fresh = tmfEvent('productOrder', 'ProductOrderStateChangeEvent', orderId, { id: orderId, state: 'completed' });
        await running.orders.collection.updateOne({ _id: orderId }, withEvents({ $set: { state: 'completed' }, $inc: { '_ordo.revision': 1 } }, [fresh]));

        const ids = (events: { body: { eventId: string } }[]) => events.map((e) => e.body.eventId);
        const expected = [...refused, fresh].map((e) => e.body.eventId);
        await eventually('all three on Kafka', async () => expected.every((id) => ids(kafka.events).includes(id)), 30_000);
        await eventually('the new event at the hub listener', async () => listener.forOrder(orderId).length > 0, 30_000);
        await new Promise((r) => setTimeout(r, 2000)); // several relay passes more: nothing is sent twice
        expect(ids(kafka.events).filter((id) => expected.includes(id)), 'once each, the replayed ones first').to.deep.equal(expected);
        expect(listener.forOrder(orderId).map((e) => e.eventId), 'the hub had the refused ones before Kafka refused them').to.deep.equal([fresh.body.eventId]);
        const stored = await running.orders.collection.findOne({ _id: orderId });
        expect(stored?.['_ordo']).to.deep.include({ outbox: [], deadLetters: [] });
        expect(stored?.['_ordo']).not.to.have.property('outboxPending');

        const nothing = await ordo(['dead-letters', 'replay', '--yes'], config);
        expect(nothing.out.printed).to.deep.equal(['no Kafka dead letters: nothing to replay']);
      } finally {
        await kafka.stop();
        await running.orders.collection.deleteOne({ _id: orderId });
      }
    });

    it('a paused hub listener gets nothing and loses nothing: its events queue; resumed, it gets them in order', async () => {
      const events: OutboxEvent[] = [1, 2, 3].map((n) => tmfEvent('productOrder', 'ProductOrderCreateEvent', `paused-${n}`, { id: `paused-${n}` }));
      const paused = await ordo(['hub', 'pause', listenerId], config);
      expect(paused.code).to.equal(0);
      expect(paused.out.printed).to.deep.equal([`${listenerId}: paused, 0 events queued`]);
      // Were it tried, it would fail (and count failures) now.
      listener.status = 503;
      await running.hub.enqueue(TMF622_API, events);
      await new Promise((r) => setTimeout(r, 2000)); // ten hub polls
      const [overview] = await json<ListenerOverview[]>(['hub', 'listeners'], config);
      expect(overview).to.include({ id: listenerId, status: 'paused', queued: 3, failures: 0, deadLetters: 0 });
      expect((await httpJson('GET', `${running.baseUrl}/ordo/admin/v1/hubListener`)).body[0]).to.include({ status: 'paused', queued: 3 });
      const metrics = await fetch(`${running.baseUrl}/metrics`).then((r) => r.text());
      expect(metrics).to.match(/^ordo_hub_listeners\{status="paused"\} 1$/m).and.to.match(/^ordo_hub_backlog\{listener="[^"]+"\} 3$/m);
      const table = await ordo(['hub', 'listeners'], config);
      expect(table.out.printed[0]).to.match(/^ID +API +CALLBACK +STATUS +BACKLOG +DEAD LETTERS +FAILURES +LAST ERROR\n/);
      expect(table.out.printed[0]).to.match(new RegExp(`${listenerId} +${TMF622_API} +http://127\\.0\\.0\\.1:\\d+/listener +paused +3 +0 +0`));

      listener.status = 204;
      const resumed = await httpJson('POST', `${running.baseUrl}/ordo/admin/v1/hubListener/${listenerId}/resume`);
      expect(resumed.status).to.equal(200);
      expect(resumed.body).to.include({ id: listenerId, status: 'active' });
      const got = await eventually('the backlog delivered', async () => (listener.received.filter((e) => e.eventType === 'ProductOrderCreateEvent').length === 3 ? listener.received : undefined), 30_000);
      expect(got.filter((e) => e.eventType === 'ProductOrderCreateEvent').map((e) => e.eventId)).to.deep.equal(events.map((e) => e.body.eventId));

      // Over HTTP too; an unknown listener is told apart.
      expect((await httpJson('POST', `${running.baseUrl}/ordo/admin/v1/hubListener/${listenerId}/pause`)).body).to.include({ status: 'paused' });
      expect((await ordo(['hub', 'resume', listenerId], config)).out.printed).to.deep.equal([`${listenerId}: active, 0 events queued`]);
      expect((await httpJson('POST', `${running.baseUrl}/ordo/admin/v1/hubListener/no-such-listener/pause`)).status).to.equal(404);
      const unknown = await ordo(['hub', 'pause', 'no-such-listener'], config);
      expect([unknown.code, unknown.out.errors]).to.deep.equal([1, ['no hub listener no-such-listener']]);
      expect((await ordo(['hub', 'replay', listenerId], config)).out.printed).to.deep.equal([`${listenerId}: 0 dead letters queued again; active`]);
    });

    it('finds orders by state, age and offering, newest first, deleted ones never', async () => {
      const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
      const hour = 3_600_000;
      const order = (id: string, state: string, orderDate: string, offerings: string[], extra: Record<string, unknown> = {}) => ({
        _id: id,
        id,
        externalId: `EXT-${id}`,
        state,
        orderDate,
        productOrderItem: offerings.map((o, i) => ({ id: String(i + 1), action: 'add', productOffering: { id: o } })),
        _ordo: { revision: 1, outbox: [], ...extra },
      });
      const run = randomUUID().slice(0, 6);
      const ids = { old: `${run}-old`, recent: `${run}-recent`, done: `${run}-done`, deleted: `${run}-deleted`, fresh: `${run}-fresh` };
      await running.orders.collection.insertMany([
        order(ids.old, 'inProgress', ago(3 * hour), ['mobile-basic']),
        order(ids.recent, 'inProgress', ago(0.5 * hour), ['mobile-basic', 'mobile-basic']),
        order(ids.done, 'completed', ago(5 * hour), ['fiber-1g']),
        order(ids.deleted, 'inProgress', ago(24 * hour), ['fiber-1g', 'mobile-basic'], { deletedAt: new Date() }),
        order(ids.fresh, 'acknowledged', ago(0.1 * hour), ['fiber-1g', 'tv']),
      ]);
      const found = async (...args: string[]) => (await json<FoundOrder[]>(['orders', 'find', ...args], config)).map((o) => o.id).filter((id) => id.startsWith(run));
      expect(await found('--state', 'inProgress', '--older-than', '2h')).to.deep.equal([ids.old]);
      expect(await found('--state', 'inProgress')).to.deep.equal([ids.recent, ids.old]);
      expect(await found('--offering', 'fiber-1g')).to.deep.equal([ids.fresh, ids.done]);
      expect(await found('--older-than', ago(4 * hour))).to.deep.equal([ids.done]);
      expect(await found('--limit', '2')).to.deep.equal([ids.fresh, ids.recent]);
      const [fresh] = await json<FoundOrder[]>(['orders', 'find', '--limit', '1'], config);
      expect(fresh).to.deep.equal({ id: ids.fresh, state: 'acknowledged', orderDate: fresh!.orderDate, externalId: `EXT-${ids.fresh}`, offerings: ['fiber-1g', 'tv'] });

      const table = await ordo(['orders', 'find', '--state', 'inProgress'], config);
      expect(table.out.printed[0]).to.match(/^ID +STATE +ORDER DATE +AGE +EXTERNAL ID +OFFERINGS\n/);
      expect(table.out.printed[0]).to.match(new RegExp(`${ids.recent} +inProgress +\\S+ +30m00s +EXT-${ids.recent} +mobile-basic\\n`));
      expect(table.out.printed[0]).to.match(new RegExp(`${ids.old} +inProgress +\\S+ +3h00m +EXT-${ids.old} +mobile-basic$`));
      expect(table.out.printed[1]).to.equal('2 orders');
      expect((await ordo(['orders', 'find', '--state', 'inProgress', '--limit', '1'], config)).out.printed[1]).to.equal('1 order (the newest 1; --limit for more)');
      const indexes = await running.orders.collection.indexes();
      expect(indexes.some((i) => JSON.stringify(i.key) === JSON.stringify({ state: 1, orderDate: -1 })), 'an index for state + age').to.equal(true);
    });

    it('inventory generate shows its progress and loads the numbers; `ordo` as a process reads its config and answers exit code 2 for wrong arguments', async () => {
      const { code, out } = await ordo(['inventory', 'generate', '--kind', 'msisdn', '--count', '5000', '--prefix', '4176', '--category', 'gold'], config);
      expect(code, out.errors.join('\n')).to.equal(0);
      expect(out.printed[0]).to.match(/^loaded 5000, duplicates 0, invalid 0 in /);
      // One line per batch of 2000 (each passes a tenth), then the end.
      expect(out.progressLines.map((l) => l.replace(/, \d+\/s.*\n$/, ''))).to.deep.equal(['loading msisdn: 2000/5000 (40%)', 'loading msisdn: 4000/5000 (80%)', 'loading msisdn: 5000/5000 (100%)']);
      expect(await running.resources.collection.countDocuments({ '_ordo.pool': 'msisdn:gold' })).to.equal(5000);

      const exec = promisify(execFile);
      const env = testEnv({ ORDO_DEPLOY_ON_START: 'false' }, isolation);
      const listed = await exec(process.execPath, [ordoBin, 'hub', 'listeners', '--json'], { env });
      expect((JSON.parse(listed.stdout) as ListenerOverview[]).map((l) => l.id)).to.deep.equal([listenerId]);
      const wrong = await exec(process.execPath, [ordoBin, 'orders', 'find', '--since', '2h'], { env }).then(() => undefined, (err: { code: number; stderr: string }) => err);
      expect(wrong?.code).to.equal(2);
      expect(wrong?.stderr).to.match(/^ordo: Unknown option '--since'.*\nusage:\n {2}orders show <id>/s);
    });
  });
});
