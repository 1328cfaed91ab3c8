import type { Collection, Document } from 'mongodb';
import type { StateSources } from './state-gauges.js';
import { FREE } from '../inventory/resource.js';
import { ProductOrderState, terminalOrderStates } from '../orders/states.js';
import { listenerStatuses, statusOf, type Listener } from '../events/hub.js';

/** The collections and services the scrape-time gauges read. */
export interface OrdoState {
  orders: Collection<Document & { _id: string }>;
  resources: Collection<Document & { _id: string }>;
  payments: Collection<Document & { _id: string }>;
  carts: Collection<Document & { _id: string }>;
  fallouts: Collection<Document>;
  hubDeliveries: Collection<Document>;
  hubListeners: Collection<Listener>;
  incidentCount(): Promise<number>;
  outboxLagSeconds(): Promise<number>;
}

const live = { '_ordo.deletedAt': { $exists: false } };

/** A scrape must not hold the database: each read gives up after this (ms). */
const MAX_TIME_MS = 5000;

async function grouped(collection: Collection<Document>, pipeline: Document[]): Promise<{ _id: Record<string, unknown> | string | null; count: number }[]> {
  return (await collection.aggregate([...pipeline], { maxTimeMS: MAX_TIME_MS }).toArray()) as { _id: Record<string, unknown> | string | null; count: number }[];
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : 'none');

/** Each figure is read in the database (aggregations; only the outbox lag reads the pending events' times). */
export function ordoStateSources(s: OrdoState): StateSources {
  return {
    ordersByState: async () => (await grouped(s.orders as never, [{ $match: live }, { $group: { _id: '$state', count: { $sum: 1 } } }])).map((g) => ({ state: text(g._id), count: g.count })),
    oldestOpenOrderSeconds: async () => {
      // Held (frozen) and pending (waiting for the client) orders wait on purpose: not stuck.
      const [oldest] = await s.orders.find({ ...live, state: { $nin: [...terminalOrderStates, ProductOrderState.held, ProductOrderState.pending] } }, { projection: { orderDate: 1 }, maxTimeMS: MAX_TIME_MS }).sort({ orderDate: 1 }).limit(1).toArray();
      return typeof oldest?.['orderDate'] === 'string' ? Math.max(0, (Date.now() - Date.parse(oldest['orderDate'])) / 1000) : 0;
    },
    itemsByOffering: async () =>
      (await grouped(s.orders as never, [{ $match: live }, { $unwind: '$productOrderItem' }, { $group: { _id: { offering: '$productOrderItem.productOffering.id', state: '$productOrderItem.state' }, count: { $sum: 1 } } }])).map((g) => {
        const key = (g._id ?? {}) as Record<string, unknown>;
        return { offering: text(key['offering']), state: text(key['state']), count: g.count };
      }),
    openIncidents: () => s.incidentCount(),
    openFalloutCases: () => s.fallouts.countDocuments({ resolution: { $exists: false }, closedAt: { $exists: false } }),
    paymentsNeedingPerson: () => s.payments.countDocuments({ '_ordo.abandoned.needsPerson.at': { $exists: true } }, { maxTimeMS: MAX_TIME_MS }),
    outboxLagSeconds: () => s.outboxLagSeconds(),
    hubBacklog: async () => (await grouped(s.hubDeliveries, [{ $group: { _id: '$listenerId', count: { $sum: 1 } } }])).map((g) => ({ listener: text(g._id), count: g.count })),
    hubListenersByStatus: async () => {
      const counts = new Map(listenerStatuses.map((status) => [status, 0]));
      for await (const l of s.hubListeners.find({}, { projection: { delivery: 1 }, maxTimeMS: MAX_TIME_MS })) counts.set(statusOf(l), (counts.get(statusOf(l)) ?? 0) + 1);
      return [...counts].map(([status, count]) => ({ status, count }));
    },
    cartsByStatus: async () =>
      (await grouped(s.carts as never, [{ $match: live }, { $group: { _id: { status: '$status', reminded: { $gt: ['$_ordo.reminders', 0] } }, count: { $sum: 1 } } }])).map((g) => {
        const key = (g._id ?? {}) as Record<string, unknown>;
        return { status: text(key['status']), reminded: key['reminded'] === true, count: g.count };
      }),
    freeResources: async () => {
      // Every pool, so one with nothing free says 0 (and an alert on it stays firing) instead of vanishing.
      const free = new Map((await grouped(s.resources as never, [{ $match: { ...FREE } }, { $group: { _id: '$_ordo.pool', count: { $sum: 1 } } }])).map((g) => [text(g._id), g.count]));
      const pools = (await grouped(s.resources as never, [{ $group: { _id: '$_ordo.pool', count: { $sum: 1 } } }])).map((g) => text(g._id));
      return pools.map((pool) => {
        const [kind, ...category] = pool.split(':');
        return { kind: kind ?? 'none', category: category.join(':') || 'none', count: free.get(pool) ?? 0 };
      });
    },
    paymentsByStatus: async () => (await grouped(s.payments as never, [{ $group: { _id: '$status', count: { $sum: 1 } } }])).map((g) => ({ status: text(g._id), count: g.count })),
  };
}
