import { Counter, Gauge, Registry } from 'prom-client';

/** What one Ordo reads from its stores and the engine when Prometheus scrapes it. */
export interface StateSources {
  ordersByState(): Promise<{ state: string; count: number }[]>;
  /** Age of the oldest order Ordo is working on (not final, not held or pending for the client) (s), 0 when none. */
  oldestOpenOrderSeconds(): Promise<number>;
  itemsByOffering(): Promise<{ offering: string; state: string; count: number }[]>;
  openIncidents(): Promise<number>;
  openFalloutCases(): Promise<number>;
  paymentsNeedingPerson(): Promise<number>;
  /** Age of the oldest event not yet published (s), 0 when none waits. */
  outboxLagSeconds(): Promise<number>;
  /** Events waiting per listener; a paused listener's grows on purpose (see hubListenersByStatus). */
  hubBacklog(): Promise<{ listener: string; count: number }[]>;
  /** Hub listeners by status (every status, 0 included). */
  hubListenersByStatus(): Promise<{ status: string; count: number }[]>;
  freeResources(): Promise<{ kind: string; category: string; count: number }[]>;
  paymentsByStatus(): Promise<{ status: string; count: number }[]>;
  /** Shopping carts by status and whether they were reminded: abandoned (reminded), recovered (reminded, then checked out), expired. */
  cartsByStatus(): Promise<{ status: string; reminded: boolean; count: number }[]>;
}

/** How long figures read from the database are reused: concurrent and repeated scrapes cost one read. */
const REUSE_MS = 10_000;

type Reading = { labels: Record<string, string>; value: number }[];

/**
 * Gauges computed at scrape time, in a registry of their own per Ordo (each reads its own
 * database), read at most once every 10 s whoever scrapes. A source that fails keeps its last
 * values (never a false 0) and counts in ordo_state_read_errors_total{metric}.
 */
export function stateGauges(sources: StateSources, onError: (what: string, err: Error) => void): Registry {
  const registry = new Registry();
  const readErrors = new Counter({ name: 'ordo_state_read_errors_total', help: 'Scrapes whose figure could not be read (the gauge keeps its last value), by metric.', labelNames: ['metric'] as const, registers: [registry] });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<Reading>) => {
    readErrors.inc({ metric: name }, 0);
    let last: { at: number; reading: Promise<Reading> } | undefined;
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        if (!last || Date.now() - last.at > REUSE_MS) last = { at: Date.now(), reading: read() };
        const pending = last;
        try {
          const reading = await pending.reading;
          this.reset();
          for (const { labels, value } of reading) this.set(labels as never, value);
        } catch (err) {
          if (last === pending) last = undefined;
          readErrors.inc({ metric: name });
          onError(name, err as Error);
        }
      },
    });
  };
  const one = (value: Promise<number>): Promise<Reading> => value.then((v) => [{ labels: {}, value: v }]);
  gauge('ordo_orders', 'Product orders by state.', ['state'], async () => (await sources.ordersByState()).map(({ state, count }) => ({ labels: { state }, value: count })));
  gauge('ordo_oldest_open_order_age_seconds', 'Age of the oldest order Ordo is working on (not final, not held or pending for the client), from its orderDate (0: none).', [], () => one(sources.oldestOpenOrderSeconds()));
  gauge('ordo_order_items', 'Product order items by offering and state.', ['offering', 'state'], async () => (await sources.itemsByOffering()).map(({ offering, state, count }) => ({ labels: { offering, state }, value: count })));
  gauge('ordo_open_incidents', 'Open incidents in the process engine (this installation\'s tenant).', [], () => one(sources.openIncidents()));
  gauge('ordo_open_fallout_cases', 'Fallout cases waiting for a person.', [], () => one(sources.openFalloutCases()));
  gauge('ordo_payments_needing_person', 'Payments of given-up checkouts that Ordo cannot settle at the provider (a refund or cancel refused, or sent too long ago to send again): a person settles each there.', [], () => one(sources.paymentsNeedingPerson()));
  gauge('ordo_outbox_lag_seconds', 'Age of the oldest event waiting in an outbox (0: none waits).', [], () => one(sources.outboxLagSeconds()));
  gauge('ordo_hub_backlog', 'Events waiting for delivery, by hub listener.', ['listener'], async () => (await sources.hubBacklog()).map(({ listener, count }) => ({ labels: { listener }, value: count })));
  gauge('ordo_hub_listeners', 'Hub listeners by status: active, failing (backing off), paused (by an operator: events queue), suspended (events dead-lettered).', ['status'], async () => (await sources.hubListenersByStatus()).map(({ status, count }) => ({ labels: { status }, value: count })));
  gauge('ordo_pool_free_resources', 'Numbers and SIM cards free to reserve, by kind and pool (category); 0 for a pool with none free.', ['kind', 'category'], async () => (await sources.freeResources()).map(({ kind, category, count }) => ({ labels: { kind, category }, value: count })));
  gauge('ordo_payments', 'TMF676 payments by status.', ['status'], async () => (await sources.paymentsByStatus()).map(({ status, count }) => ({ labels: { status }, value: count })));
  gauge('ordo_shopping_carts', 'TMF663 shopping carts by status (active, checkingOut, checkedOut, expired) and whether an idle-cart reminder went out: reminded="true" counts abandoned carts; with status checkedOut, the recovered ones.', ['status', 'reminded'], async () => (await sources.cartsByStatus()).map(({ status, reminded, count }) => ({ labels: { status, reminded: String(reminded) }, value: count })));
  return registry;
}
