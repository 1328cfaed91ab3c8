import type { Config } from '../config/config.js';
import { connectMongo } from '../db/mongo.js';
import { logger } from '../observability/logger.js';
import { findOrders } from '../orders/find-orders.js';
import { OrderStore } from '../orders/order-store.js';
import { connectEngine } from '../process/connect-engine.js';
import { parseCount, parseInstant, parseOptions, UsageError, withUsage, type CliOutput } from './command.js';
import { formatSeconds } from './progress.js';
import { plural, table } from './table.js';

/** Orders `orders find` prints unless --limit says otherwise. */
const DEFAULT_LIMIT = 50;

export const ordersUsage = `  orders show <id>    an order as stored, with its process and event-outbox status
  orders find [--state <s>] [--older-than <when>] [--offering <id>] [--limit <n>] [--json]
                      orders by state, age (placed before <when>: 2h, 7d ago or an ISO 8601 time) and an item's
                      product offering, newest first, at most n (default ${DEFAULT_LIMIT})`;

async function showOrder(config: Config, id: string, out: CliOutput): Promise<number> {
  const engine = connectEngine(config, logger);
  const db = await connectMongo(config.mongo);
  try {
    const stored = await new OrderStore(db.db).findStored(id);
    if (!stored) {
      out.error(`no order ${id} in ${config.mongo.db}`);
      return 1;
    }
    const { _id, _ordo, ...order } = stored;
    out.log(JSON.stringify({
      order,
      process: _ordo.process,
      pendingEvents: _ordo.outbox.map((e) => ({ eventType: e.body.eventType, eventId: e.body.eventId, eventTime: e.body.eventTime })),
      cockpit: _ordo.process.processInstanceKey ? engine.instanceUrl(_ordo.process.processInstanceKey) : undefined,
      incidents: _ordo.process.processInstanceKey ? await engine.incidents(_ordo.process.processInstanceKey).catch((err: Error) => `unknown: ${err.message}`) : [],
    }, null, 2));
    return 0;
  } finally {
    await engine.close();
    await db.close();
  }
}

/** `ordo orders show|find ...`: exit code 0 when done, 1 for no such order, 2 for wrong arguments. */
export function runOrdersCommand(config: Config, args: string[], out: CliOutput): Promise<number> {
  return withUsage(ordersUsage, out, async () => {
    const [action, ...rest] = args;
    if (action === 'show') {
      const { positionals } = parseOptions(rest, {}, true);
      if (positionals.length !== 1) throw new UsageError('orders show takes one order id');
      return showOrder(config, positionals[0]!, out);
    }
    if (action !== 'find') throw new UsageError(action ? `unknown action: orders ${action}` : 'orders: show or find?');
    const options = { state: { type: 'string' }, 'older-than': { type: 'string' }, offering: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } } as const;
    const { values } = parseOptions(rest, options);
    const search = {
      state: values.state,
      placedBefore: values['older-than'] !== undefined ? parseInstant('older-than', values['older-than']) : undefined,
      offering: values.offering,
      limit: parseCount('limit', values.limit, DEFAULT_LIMIT),
    };
    const db = await connectMongo(config.mongo);
    try {
      const orders = await findOrders(new OrderStore(db.db), search);
      if (values.json) out.log(JSON.stringify(orders, null, 2));
      else if (orders.length === 0) out.log('no orders match');
      else {
        const now = Date.now();
        out.log(table(
          ['ID', 'STATE', 'ORDER DATE', 'AGE', 'EXTERNAL ID', 'OFFERINGS'],
          orders.map((o) => [o.id, o.state, o.orderDate, formatSeconds((now - Date.parse(o.orderDate)) / 1000), o.externalId ?? '', o.offerings.join(',')]),
        ));
        out.log(`${plural(orders.length, 'order')}${orders.length === search.limit ? ` (the newest ${search.limit}; --limit for more)` : ''}`);
      }
      return 0;
    } finally {
      await db.close();
    }
  });
}
