import { html } from 'htm/preact';
import { call } from './api.js';
import { Loading, PageHeading, Problem, useLoad } from './components.js';
import { formatDateTime, t } from './i18n.js';
import type { ConsoleSettings } from './settings.js';

interface Offering {
  id: string;
  name?: string;
  lifecycleStatus?: string;
  isSellable?: boolean;
  validFor?: { startDateTime?: string };
}

/** The catalog's product offerings (TMF620), read only. */
export function CatalogPage({ settings }: { settings: ConsoleSettings }) {
  const [offerings, retry] = useLoad(() => call<Offering[]>(`${settings.apis.productCatalog}/productOffering`, { query: { fields: 'id,name,lifecycleStatus,isSellable,validFor', limit: 1000 } }), []);
  return html`<${PageHeading}>${t('catalog.heading')}<//>
    ${offerings.status === 'loading'
      ? html`<${Loading} />`
      : offerings.status === 'error'
        ? html`<${Problem} error=${offerings.error} retry=${retry} />`
        : offerings.value.data.length === 0
          ? html`<p>${t('catalog.none')}</p>`
          : html`<div class="table-wrap"><table>
              <thead><tr><th scope="col">${t('catalog.col.name')}</th><th scope="col">${t('catalog.col.id')}</th><th scope="col">${t('catalog.col.status')}</th><th scope="col">${t('catalog.col.sellable')}</th><th scope="col">${t('catalog.col.validFor')}</th></tr></thead>
              <tbody>${offerings.value.data.map((o) => html`<tr key=${o.id}><th scope="row">${o.name ?? o.id}</th><td>${o.id}</td><td>${o.lifecycleStatus ?? ''}</td><td>${o.isSellable === false ? t('catalog.no') : t('catalog.yes')}</td><td>${formatDateTime(o.validFor?.startDateTime)}</td></tr>`)}</tbody>
            </table></div>`}`;
}
