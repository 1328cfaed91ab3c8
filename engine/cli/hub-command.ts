import type { Config } from '../config/config.js';
import { connectMongo } from '../db/mongo.js';
import { Hub, type ListenerOverview } from '../events/hub.js';
import { logger } from '../observability/logger.js';
import { parseOptions, UsageError, withUsage, type CliOutput } from './command.js';
import { plural, table } from './table.js';

export const hubUsage = `  hub listeners [--json]
                      every hub listener: API, callback, status (active, failing, paused, suspended), backlog, dead letters, last error
  hub pause <id>      no more deliveries to the listener: its events queue up (none is lost or dead-lettered) until resumed
  hub resume <id>     the listener gets its backlog, in order
  hub replay <id>     its dead letters queue again, in order, and it is active again`;

const row = (l: ListenerOverview): string[] => [l.id, l.api, l.callback, l.status, String(l.queued), String(l.deadLetters), String(l.failures), l.lastError ?? ''];
const HEADERS = ['ID', 'API', 'CALLBACK', 'STATUS', 'BACKLOG', 'DEAD LETTERS', 'FAILURES', 'LAST ERROR'];

/** `ordo hub listeners|pause|resume|replay ...`: exit code 0 when done, 1 for no such listener, 2 for wrong arguments. */
export function runHubCommand(config: Config, args: string[], out: CliOutput): Promise<number> {
  return withUsage(hubUsage, out, async () => {
    const [action, ...rest] = args;
    if (action !== 'listeners' && action !== 'pause' && action !== 'resume' && action !== 'replay') throw new UsageError(action ? `unknown action: hub ${action}` : 'hub: listeners, pause, resume or replay?');
    const { values, positionals } = parseOptions(rest, { json: { type: 'boolean' } }, true);
    if (action === 'listeners' ? positionals.length > 0 : positionals.length !== 1 || values.json) throw new UsageError(action === 'listeners' ? 'hub listeners takes no listener id' : `hub ${action} takes one listener id`);
    const db = await connectMongo(config.mongo);
    try {
      // Only its stores are used here: the running Ordo delivers.
      const hub = new Hub(db.db, { pollMs: config.outbox.pollMs, ...config.hub }, logger);
      if (action === 'listeners') {
        const listeners = await hub.overview();
        if (values.json) out.log(JSON.stringify(listeners, null, 2));
        else out.log(listeners.length === 0 ? 'no hub listeners' : table(HEADERS, listeners.map(row)));
        return 0;
      }
      const id = positionals[0]!;
      if (action === 'replay') {
        const replayed = await hub.replay(id);
        if (replayed === undefined) return (out.error(`no hub listener ${id}`), 1);
        out.log(`${id}: ${plural(replayed, 'dead letter')} queued again; active`);
        return 0;
      }
      const listener = await hub[action](id);
      if (!listener) return (out.error(`no hub listener ${id}`), 1);
      out.log(`${id}: ${listener.status}, ${plural(listener.queued, 'event')} queued`);
      return 0;
    } finally {
      await db.close();
    }
  });
}
