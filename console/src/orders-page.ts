import { html } from 'htm/preact';
import { call } from './api.js';
import { Loading, PageHeading, Problem, useLoad } from './components.js';
import { formatDateTime, formatNumber, plural, stateName, t } from './i18n.js';
import { allItems, customerOf, orderStates, type ProductOrder } from './orders.js';
import { orderHref, ordersHref } from './router.js';
import type { ConsoleSettings } from './settings.js';

const PAGE_SIZE = 50;
const FIELDS = 'id,state,orderDate,externalId,relatedParty,productOrderItem';
const searchFields = ['state', 'from', 'to', 'customer', 'externalId'] as const;

/** The search as TMF630 list parameters: the dates are whole days in the user's time zone. */
function listQuery(query: URLSearchParams): Record<string, string | undefined> {
  const day = (value: string | null, addDays = 0) => {
    if (!value) return undefined;
    const date = new Date(`${value}T00:00:00`);
    if (Number.isNaN(date.getTime())) return undefined;
    date.setDate(date.getDate() + addDays);
    return date.toISOString();
  };
  return {
    state: query.get('state') ?? undefined,
    'orderDate.gte': day(query.get('from')),
    'orderDate.lt': day(query.get('to'), 1),
    'relatedParty.id': query.get('customer')?.trim() || undefined,
    externalId: query.get('externalId')?.trim() || undefined,
    offset: query.get('offset') ?? undefined,
    limit: String(PAGE_SIZE),
    fields: FIELDS,
    sort: '-orderDate',
  };
}

function SearchForm({ query }: { query: URLSearchParams }) {
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next = new URLSearchParams();
    for (const name of searchFields) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next.set(name, value);
    }
    location.hash = ordersHref(next);
  };
  return html`<form class="search" role="search" aria-label=${t('orders.search')} onSubmit=${submit}>
    <div class="field">
      <label for="search-state">${t('orders.state')}</label>
      <select id="search-state" name="state" value=${query.get('state') ?? ''}>
        <option value="">${t('orders.anyState')}</option>
        ${orderStates.map((s) => html`<option value=${s}>${stateName(s)}</option>`)}
      </select>
    </div>
    <div class="field"><label for="search-from">${t('orders.from')}</label><input id="search-from" name="from" type="date" value=${query.get('from') ?? ''} /></div>
    <div class="field"><label for="search-to">${t('orders.to')}</label><input id="search-to" name="to" type="date" value=${query.get('to') ?? ''} /></div>
    <div class="field"><label for="search-customer">${t('orders.customer')}</label><input id="search-customer" name="customer" value=${query.get('customer') ?? ''} autocomplete="off" /></div>
    <div class="field"><label for="search-external">${t('orders.externalId')}</label><input id="search-external" name="externalId" value=${query.get('externalId') ?? ''} autocomplete="off" /></div>
    <div class="buttons">
      <button type="submit">${t('orders.submit')}</button>
      <a class="button secondary" href="#/orders">${t('orders.clear')}</a>
    </div>
  </form>`;
}

function Results({ orders, total, query }: { orders: ProductOrder[]; total: number; query: URLSearchParams }) {
  if (orders.length === 0) return html`<p role="status">${t('orders.none')}</p>`;
  const offset = Number(query.get('offset') ?? 0);
  const page = (to: number) => {
    const next = new URLSearchParams(query);
    if (to > 0) next.set('offset', String(to));
    else next.delete('offset');
    return ordersHref(next);
  };
  return html`<section aria-labelledby="results-heading">
    <h2 id="results-heading">${plural('orders.results', total)}</h2>
    <p role="status">${t('orders.resultsShown', { first: formatNumber(offset + 1), last: formatNumber(offset + orders.length), count: formatNumber(total) })}</p>
    <div class="table-wrap">
      <table class="orders">
        <thead><tr>
          <th scope="col">${t('orders.col.id')}</th><th scope="col">${t('orders.col.state')}</th><th scope="col">${t('orders.col.orderDate')}</th>
          <th scope="col">${t('orders.col.externalId')}</th><th scope="col">${t('orders.col.customer')}</th><th scope="col">${t('orders.col.items')}</th>
        </tr></thead>
        <tbody>
          ${orders.map((o) => html`<tr key=${o.id}>
            <th scope="row"><a href=${orderHref(o.id)}>${o.id}</a></th>
            <td><span class=${`state state-${o.state ?? ''}`}>${stateName(o.state)}</span></td>
            <td>${formatDateTime(o.orderDate)}</td>
            <td>${o.externalId ?? ''}</td>
            <td>${customerOf(o) ?? ''}</td>
            <td>${allItems(o.productOrderItem).map((i) => i.productOffering?.name ?? i.productOffering?.id).filter(Boolean).join(', ')}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>
    <nav class="pages" aria-label=${t('orders.pages')}>
      ${offset > 0 ? html`<a class="button secondary" href=${page(Math.max(0, offset - PAGE_SIZE))}>${t('orders.previous')}</a>` : null}
      ${offset + orders.length < total ? html`<a class="button secondary" href=${page(offset + PAGE_SIZE)}>${t('orders.next')}</a>` : null}
    </nav>
  </section>`;
}

/** Order search: by state, order date, customer and external id, newest first, 50 a page. */
export function OrdersPage({ settings, query }: { settings: ConsoleSettings; query: URLSearchParams }) {
  const key = query.toString();
  const [orders, retry] = useLoad(() => call<ProductOrder[]>(`${settings.apis.productOrder}/productOrder`, { query: listQuery(query) }), [key]);
  return html`<${PageHeading}>${t('orders.heading')}<//>
    <${SearchForm} query=${query} key=${key} />
    ${orders.status === 'loading' ? html`<${Loading} />` : orders.status === 'error' ? html`<${Problem} error=${orders.error} retry=${retry} />` : html`<${Results} orders=${orders.value.data} total=${orders.value.total ?? orders.value.data.length} query=${query} />`}`;
}
