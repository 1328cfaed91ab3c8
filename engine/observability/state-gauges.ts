import { Gauge, Registry } from 'prom-client';

/** What one Ordo reads from its stores and the engine when Prometheus scrapes it. */
export interface StateSources {
  ordersByState(): Promise<{ state: string; count: number }[]>;
  /** Age of the oldest order not in a final state (s), 0 when none is open. */
  oldestOpenOrderSeconds(): Promise<number>;
  itemsByOffering(): Promise<{ offering: string; state: string; count: number }[]>;
  openIncidents(): Promise<number>;
  openFalloutCases(): Promise<number>;
  /** Age of the oldest event not yet published (s), 0 when none waits. */
  outboxLagSeconds(): Promise<number>;
  hubBacklog(): Promise<{ listener: string; count: number }[]>;
  freeResources(): Promise<{ kind: string; category: string; count: number }[]>;
  paymentsByStatus(): Promise<{ status: string; count: number }[]>;
}

/**
 * Gauges computed at scrape time, in a registry of their own per Ordo (each reads its own
 * database). A source that fails leaves its gauge empty for that scrape rather than failing it.
 */
export function stateGauges(sources: StateSources, onError: (what: string, err: Error) => void): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>) => Promise<void>) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await fill(this).catch((err: Error) => onError(name, err));
      },
    });
  gauge('ordo_orders', 'Product orders by state.', ['state'], async (g) => {
    for (const { state, count } of await sources.ordersByState()) g.set({ state }, count);
  });
  gauge('ordo_oldest_open_order_age_seconds', 'Age of the oldest order not in a final state, from its orderDate (0: none is open).', [], async (g) => g.set(await sources.oldestOpenOrderSeconds()));
  gauge('ordo_order_items', 'Product order items by offering and state.', ['offering', 'state'], async (g) => {
    for (const { offering, state, count } of await sources.itemsByOffering()) g.set({ offering, state }, count);
  });
  gauge('ordo_open_incidents', 'Open incidents in the process engine (this installation\'s tenant).', [], async (g) => g.set(await sources.openIncidents()));
  gauge('ordo_open_fallout_cases', 'Fallout cases waiting for a person.', [], async (g) => g.set(await sources.openFalloutCases()));
  gauge('ordo_outbox_lag_seconds', 'Age of the oldest event waiting in an outbox (0: none waits).', [], async (g) => g.set(await sources.outboxLagSeconds()));
  gauge('ordo_hub_backlog', 'Events waiting for delivery, by hub listener.', ['listener'], async (g) => {
    for (const { listener, count } of await sources.hubBacklog()) g.set({ listener }, count);
  });
  gauge('ordo_pool_free_resources', 'Numbers and SIM cards free to reserve, by kind and pool (category).', ['kind', 'category'], async (g) => {
    for (const { kind, category, count } of await sources.freeResources()) g.set({ kind, category }, count);
  });
  gauge('ordo_payments', 'TMF676 payments by status.', ['status'], async (g) => {
    for (const { status, count } of await sources.paymentsByStatus()) g.set({ status }, count);
  });
  return registry;
}
