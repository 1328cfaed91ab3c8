import { html } from 'htm/preact';
import { call } from './api.js';
import { Loading, PageHeading, Problem, useLoad } from './components.js';
import { formatNumber, t, term } from './i18n.js';
import type { ConsoleSettings } from './settings.js';

interface PoolLevel {
  kind: string;
  category: string;
  free: number;
  total: number;
}

/** Numbers and SIM cards per pool: how many are free of how many. */
export function InventoryPage({ settings }: { settings: ConsoleSettings }) {
  const [pools, retry] = useLoad(() => call<PoolLevel[]>(`${settings.apis.admin}/inventoryPool`), []);
  return html`<${PageHeading}>${t('inventory.heading')}<//>
    ${pools.status === 'loading'
      ? html`<${Loading} />`
      : pools.status === 'error'
        ? html`<${Problem} error=${pools.error} retry=${retry} />`
        : pools.value.data.length === 0
          ? html`<p>${t('inventory.none')}</p>`
          : html`<div class="table-wrap"><table>
              <thead><tr><th scope="col">${t('inventory.col.kind')}</th><th scope="col">${t('inventory.col.category')}</th><th scope="col">${t('inventory.col.free')}</th><th scope="col">${t('inventory.col.total')}</th><th scope="col">${t('inventory.col.level')}</th></tr></thead>
              <tbody>${pools.value.data.map((p) => {
                const percent = p.total > 0 ? Math.floor((100 * p.free) / p.total) : 0;
                return html`<tr key=${`${p.kind}:${p.category}`}><th scope="row">${term('pool', p.kind)}</th><td>${p.category === 'none' ? term('pool', 'none') : p.category}</td><td>${formatNumber(p.free)}</td><td>${formatNumber(p.total)}</td>
                  <td><meter min="0" max="100" low="10" high="30" optimum="100" value=${percent} aria-label=${t('inventory.level', { percent })}></meter> ${t('inventory.level', { percent })}</td></tr>`;
              })}</tbody>
            </table></div>`}`;
}
