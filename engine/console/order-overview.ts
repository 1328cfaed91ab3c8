import type { FalloutStore } from '../fallout/fallout.js';
import type { OrderStore } from '../orders/order-store.js';
import { heldResources } from '../orders/order-resources.js';
import { isFrozen } from '../orders/freeze-record.js';
import type { PaymentStore } from '../payments/payment-store.js';
import type { ProcessEngine } from '../process/process-engine.js';
import type { TechnicalOrderStore } from '../technical-orders/technical-order-store.js';
import type { OrderTimeline, TimelineEntry } from './order-timeline.js';

export interface OverviewSources {
  orders: OrderStore;
  timeline: OrderTimeline;
  payments: PaymentStore;
  serviceOrders: TechnicalOrderStore;
  resourceOrders: TechnicalOrderStore;
  fallouts: FalloutStore;
  engine: Pick<ProcessEngine, 'incidents' | 'instanceUrl'>;
}

/** What the console shows of an order besides the order itself: how it got here and what it holds. */
export interface OrderOverview {
  timeline: Omit<TimelineEntry, '_id'>[];
  frozen: boolean;
  payments: { id: string; status: string; amount: { unit: string; value: number }; method: string; statusDate: string; description: string }[];
  resources: { unitId: string; role: string; number: string; ported: boolean }[];
  childOrders: { kind: 'serviceOrder' | 'resourceOrder'; id: string; state?: string; href?: string }[];
  fallouts: { id: string; unitId: string; step: string; error: string; openedAt: Date; incident?: string; resolution?: string; resolvedAt?: Date; closedAt?: Date }[];
  process?: { processInstanceKey: string; cockpitUrl?: string; incidents: { elementId: string; message: string }[] | 'unknown' };
}

/** The overview of one order, or undefined when there is no such order. */
export async function orderOverview(sources: OverviewSources, orderId: string): Promise<OrderOverview | undefined> {
  const order = await sources.orders.findStored(orderId);
  if (!order) return undefined;
  const processInstanceKey = order._ordo.process?.processInstanceKey;
  const cockpitUrl = processInstanceKey ? sources.engine.instanceUrl(processInstanceKey) : undefined;
  const [timeline, payments, serviceOrders, resourceOrders, fallouts, incidents] = await Promise.all([
    sources.timeline.of(orderId),
    sources.payments.paymentsOfOrder(orderId),
    sources.serviceOrders.ofProductOrder(orderId),
    sources.resourceOrders.ofProductOrder(orderId),
    sources.fallouts.collection.find({ orderId }).sort({ openedAt: 1 }).toArray(),
    processInstanceKey ? sources.engine.incidents(processInstanceKey).catch(() => 'unknown' as const) : Promise.resolve([]),
  ]);
  return {
    timeline: timeline.map(({ _id, ...entry }) => entry),
    frozen: isFrozen(order._ordo.freeze),
    payments: payments.map((p) => ({ id: p.id, status: p.status, amount: p.totalAmount, method: p.paymentMethod.name, statusDate: p.statusDate, description: p.description })),
    resources: heldResources(order).map(({ unitId, role, number, ported }) => ({ unitId, role, number, ported })),
    childOrders: [
      ...serviceOrders.map((o) => ({ kind: 'serviceOrder' as const, id: o.id, ...(o.state ? { state: String(o.state) } : {}), ...(o.href ? { href: String(o.href) } : {}) })),
      ...resourceOrders.map((o) => ({ kind: 'resourceOrder' as const, id: o.id, ...(o.state ? { state: String(o.state) } : {}), ...(o.href ? { href: String(o.href) } : {}) })),
    ],
    fallouts: fallouts.map((f) => ({
      id: f._id,
      unitId: f.unitId,
      step: f.step,
      error: f.error,
      openedAt: f.openedAt,
      ...(f.incident ? { incident: f.incident.number } : {}),
      ...(f.resolution ? { resolution: f.resolution } : {}),
      ...(f.resolvedAt ? { resolvedAt: f.resolvedAt } : {}),
      ...(f.closedAt ? { closedAt: f.closedAt } : {}),
    })),
    ...(processInstanceKey
      ? {
          process: {
            processInstanceKey,
            ...(cockpitUrl ? { cockpitUrl } : {}),
            incidents: incidents === 'unknown' ? incidents : incidents.map((i) => ({ elementId: i.elementId, message: i.message })),
          },
        }
      : {}),
  };
}
