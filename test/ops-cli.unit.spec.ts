import { expect } from 'chai';
import { parseDuration, parseInstant, UsageError } from '../engine/cli/command.js';
import { formatSeconds, Progress } from '../engine/cli/progress.js';
import { table } from '../engine/cli/table.js';
import { runOrdo, usage } from '../engine/cli/ordo.js';

/** What a command wrote, and where. */
function captured() {
  const lines = { log: [] as string[], error: [] as string[] };
  return { lines, out: { log: (t: string) => lines.log.push(t), error: (t: string) => lines.error.push(t) } };
}

/** A stream that records what is written to it, as a terminal or as a log file. */
const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, isTTY, write: (text: string) => written.push(text) };
};

describe('ordo CLI: durations, progress, tables and argument errors', () => {
  it('reads durations (30m, 2h, 7d) and times (a duration ago, or ISO 8601); anything else is a usage error', () => {
    expect(parseDuration('90s')).to.equal(90_000);
    expect(parseDuration('30m')).to.equal(1_800_000);
    expect(parseDuration('2h')).to.equal(7_200_000);
    expect(parseDuration('1.5d')).to.equal(129_600_000);
    expect(parseDuration('2 hours')).to.equal(undefined);
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(parseInstant('since', '2h', now).toISOString()).to.equal('2025-06-01T10:00:00.000Z');
    expect(parseInstant('since', '2025-01-31T12:00Z', now).toISOString()).to.equal('2025-01-31T12:00:00.000Z');
    expect(() => parseInstant('since', 'yesterday', now)).to.throw(UsageError, /--since yesterday: give a duration ago/);
    expect(() => parseInstant('until', '2025-13-45', now)).to.throw(UsageError);
  });

  it('progress on a terminal is one line redrawn in place with done/total, rate and time left', () => {
    let now = 0;
    const tty = stream(true);
    const progress = new Progress('loading msisdn', 1000, tty, () => now);
    now = 50;
    progress.update(10); // within 100 ms of the last drawing: not drawn
    now = 1000;
    progress.update(250);
    now = 2000;
    progress.update(500);
    progress.finish();
    expect(tty.written).to.deep.equal([
      '\rloading msisdn: 250/1000 (25%), 250/s, 3s left\x1b[K',
      '\rloading msisdn: 500/1000 (50%), 250/s, 2s left\x1b[K',
      '\rloading msisdn: 500/1000 (50%), 250/s, 2s left\x1b[K\n',
    ]);
  });

  it('progress elsewhere (a log, CI) is a line at each tenth or every 5 s, and the last figures once', () => {
    let now = 0;
    const log = stream(false);
    const progress = new Progress('retrying', 1000, log, () => now);
    for (let done = 10; done <= 1000; done += 10) {
      now += 10; // 1 s for the whole run: only tenths write lines
      progress.update(done);
    }
    progress.finish();
    expect(log.written).to.have.length(10);
    expect(log.written[0]).to.equal('retrying: 100/1000 (10%), 1000/s, 1s left\n');
    expect(log.written[9]).to.equal('retrying: 1000/1000 (100%), 1000/s\n');

    const slow = stream(false);
    now = 0;
    const slowly = new Progress('retrying', 1_000_000, slow, () => now);
    now = 5000;
    slowly.update(1000); // far from a tenth, but 5 s went by
    now = 6000;
    slowly.update(2000);
    slowly.finish();
    expect(slow.written).to.deep.equal(['retrying: 1000/1000000 (0%), 200/s, 1h23m left\n', 'retrying: 2000/1000000 (0%), 333/s, 49m54s left\n']);
    expect(formatSeconds(3 * 86_400 + 4 * 3600)).to.equal('3d04h');
  });

  it('tables align columns and keep each cell to its first line, at most 60 characters', () => {
    expect(table(['ID', 'ERROR'], [['a', 'first line\nstack'], ['bbb', 'x'.repeat(70)]])).to.equal(
      ['ID   ERROR', 'a    first line', `bbb  ${'x'.repeat(59)}…`].join('\n'),
    );
  });

  it('wrong arguments end with exit code 2 and the usage; help with 0', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^usage: ordo <command>/],
      [['frobnicate'], /^unknown command: frobnicate\nusage: ordo/],
      [['incidents'], /incidents: list or retry\?\nusage:\n  incidents list/],
      [['incidents', 'list', '--bogus'], /Unknown option '--bogus'/],
      [['incidents', 'list', '--topic'], /Option '--topic <value>' argument missing/],
      [['incidents', 'list', 'extra'], /Unexpected argument 'extra'/],
      [['incidents', 'list', '--since', 'yesterday'], /--since yesterday: give a duration ago/],
      [['incidents', 'retry', '--retries', '0'], /--retries 0: give a whole number of at least 1/],
      [['incidents', 'list', '--dry-run'], /Unknown option '--dry-run'/],
      [['dead-letters', 'replay', '--collection', 'nope'], /--collection nope: not an outbox collection \(productOrder, /],
      [['hub', 'pause'], /hub pause takes one listener id\nusage:\n  hub listeners/],
      [['orders', 'find', '--since', '2h'], /Unknown option '--since'/],
      [['orders', 'find', '--limit', 'many'], /--limit many: give a whole number/],
      [['inventory', 'generate', '--kind', 'msisdn', '--count', '10'], /inventory generate needs --count and --prefix/],
      [['inventory', 'generate', '--kind', 'imei', '--count', '10', '--prefix', '4179'], /--kind imei: msisdn or iccid/],
      [['inventory', 'generate', '--kind', 'msisdn', '--count', '10', '--prefix', '0179'], /nothing generated: an MSISDN prefix starts with the country code/],
      [['inventory', 'import', '--kind', 'msisdn'], /inventory import takes one file/],
      [['catalog', 'import'], /catalog import takes one file/],
      [['config', '--markdown', 'x'], /Unexpected argument 'x'/],
    ];
    for (const [args, message] of cases) {
      const { lines, out } = captured();
      // Told before any connection: nothing listens here that these could reach.
      const code = await runOrdo(args, out);
      expect(code, args.join(' ')).to.equal(2);
      expect(lines.error.join('\n'), args.join(' ')).to.match(message);
      expect(lines.log, args.join(' ')).to.deep.equal([]);
    }
    const { lines, out } = captured();
    expect(await runOrdo(['--help'], out)).to.equal(0);
    expect(lines.log).to.deep.equal([usage]);
    for (const command of ['incidents list', 'incidents retry', 'dead-letters list', 'dead-letters replay', 'hub listeners', 'hub pause', 'hub resume', 'hub replay', 'orders find', 'orders show', 'inventory generate']) expect(usage).to.contain(`  ${command}`);
  });
});
