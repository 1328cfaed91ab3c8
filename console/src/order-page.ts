import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { call } from './api.js';
import { Confirm, focusHeading, Loading, Notice, PageHeading, Problem, problemText, useLoad } from './components.js';
import { formatDateTime, formatMoney, plural, stateName, t, term, type MessageKey } from './i18n.js';
import { allItems, cancellable, customerOf, freezable, type ProductOrder } from './orders.js';
import type { ConsoleSettings } from './settings.js';

/** What Ordo's overview endpoint says of an order (engine/console/order-overview.ts). */
interface Overview {
  timeline: { orderId: string; eventType: string; eventTime: string; state?: string; fieldPath?: string }[];
  frozen: boolean;
  payments: { id: string; status: string; amount: { unit: string; value: number }; method: string; statusDate: string; description: string }[];
  resources: { unitId: string; role: string; number: string; ported: boolean }[];
  childOrders: { kind: 'serviceOrder' | 'resourceOrder'; id: string; state?: string }[];
  fallouts: { id: string; unitId: string; step: string; error: string; openedAt: string; incident?: string; resolution?: string; resolvedAt?: string; closedAt?: string }[];
  process?: { processInstanceKey: string; cockpitUrl?: string; incidents: { elementId: string; message: string }[] | 'unknown' };
}

type Action = { kind: 'cancel' } | { kind: 'freeze' } | { kind: 'unfreeze' } | { kind: 'resolve'; falloutId: string; step: string; resolution: 'retry' | 'skip' | 'fail' };

const may = (roles: string[], role: string) => roles.includes('ordo:operator') || roles.includes(role);

function Section({ id, title, children }: { id: string; title: string; children: unknown }) {
  return html`<section class="panel" aria-labelledby=${id}><h2 id=${id}>${title}</h2>${children}</section>`;
}

function Summary({ order, overview }: { order: ProductOrder; overview: Overview }) {
  const incidents = overview.process?.incidents;
  return html`<dl class="summary">
    <dt>${t('order.state')}</dt><dd><span class=${`state state-${order.state ?? ''}`}>${stateName(order.state)}</span>${overview.frozen ? html` <span class="badge">${t('order.frozen')}</span>` : null}</dd>
    <dt>${t('order.orderDate')}</dt><dd>${formatDateTime(order.orderDate)}</dd>
    ${order.completionDate ? html`<dt>${t('order.completionDate')}</dt><dd>${formatDateTime(order.completionDate)}</dd>` : null}
    <dt>${t('order.externalId')}</dt><dd>${order.externalId ?? ''}</dd>
    <dt>${t('order.customer')}</dt><dd>${customerOf(order) ?? ''}</dd>
    <dt>${t('order.billingAccount')}</dt><dd>${order.billingAccount?.id ?? ''}</dd>
    ${overview.process
      ? html`<dt>${t('order.engine')}</dt><dd>
          ${overview.process.cockpitUrl ? html`<a href=${overview.process.cockpitUrl} target="_blank" rel="noopener noreferrer">${t('order.openInCockpit')}</a>` : overview.process.processInstanceKey}
          ${incidents === 'unknown' ? html`<p>${t('order.incidentsUnknown')}</p>` : incidents && incidents.length > 0 ? html`<p class="warning">${plural('order.incidents', incidents.length)}</p>` : null}
        </dd>`
      : null}
  </dl>`;
}

function Items({ order }: { order: ProductOrder }) {
  return html`<table>
    <thead><tr><th scope="col">${t('order.item.id')}</th><th scope="col">${t('order.item.action')}</th><th scope="col">${t('order.item.offering')}</th><th scope="col">${t('order.item.quantity')}</th><th scope="col">${t('order.item.state')}</th></tr></thead>
    <tbody>${allItems(order.productOrderItem).map((i) => html`<tr key=${i.id}><th scope="row">${i.id}</th><td>${term('action', i.action)}</td><td>${i.productOffering?.name ?? i.productOffering?.id ?? ''}</td><td>${i.quantity ?? 1}</td><td>${stateName(i.state)}</td></tr>`)}</tbody>
  </table>`;
}

function Timeline({ overview }: { overview: Overview }) {
  if (overview.timeline.length === 0) return html`<p>${t('order.timeline.none')}</p>`;
  return html`<ol class="timeline">${overview.timeline.map((e) => html`<li>
    <time datetime=${e.eventTime}>${formatDateTime(e.eventTime)}</time>
    <span class="event">${term('event', e.eventType)}</span>
    ${e.state ? html` <span class="to-state">${t(e.eventType.startsWith('CancelProductOrder') ? 'order.timeline.cancelState' : 'order.timeline.toState', { state: stateName(e.state) })}</span>` : null}
    ${e.fieldPath ? html` <span class="field-path">(${e.fieldPath})</span>` : null}
  </li>`)}</ol>`;
}

function Table({ empty, head, rows }: { empty: MessageKey; head: MessageKey[]; rows: unknown[][] }) {
  if (rows.length === 0) return html`<p>${t(empty)}</p>`;
  return html`<table>
    <thead><tr>${head.map((h) => html`<th scope="col">${t(h)}</th>`)}</tr></thead>
    <tbody>${rows.map((cells) => html`<tr>${cells.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}</tbody>
  </table>`;
}

function Fallouts({ overview, roles, act }: { overview: Overview; roles: string[]; act: (a: Action) => void }) {
  const [choice, setChoice] = useState<Record<string, 'retry' | 'skip' | 'fail'>>({});
  return html`<${Table}
    empty="order.fallout.none"
    head=${['order.fallout.col.step', 'order.fallout.col.error', 'order.fallout.col.opened', 'order.fallout.col.resolution']}
    rows=${overview.fallouts.map((f) => [
      f.step,
      html`<span class="error-text">${f.error}</span>${f.incident ? html` (${f.incident})` : null}`,
      formatDateTime(f.openedAt),
      f.resolution
        ? `${t(`order.resolve.${f.resolution}` as MessageKey)} ${formatDateTime(f.resolvedAt)}`
        : f.closedAt
          ? `${t('order.fallout.closed')} ${formatDateTime(f.closedAt)}`
          : may(roles, 'order:write')
          ? html`<div class="inline-form">
              <label for=${`resolution-${f.id}`}>${t('order.resolve.choice')}</label>
              <select id=${`resolution-${f.id}`} value=${choice[f.id] ?? 'retry'} onChange=${(e: Event) => setChoice({ ...choice, [f.id]: (e.currentTarget as HTMLSelectElement).value as 'retry' })}>
                <option value="retry">${t('order.resolve.retry')}</option><option value="skip">${t('order.resolve.skip')}</option><option value="fail">${t('order.resolve.fail')}</option>
              </select>
              <button type="button" onClick=${() => act({ kind: 'resolve', falloutId: f.id, step: f.step, resolution: choice[f.id] ?? 'retry' })}>${t('order.resolve')}</button>
            </div>`
          : t('order.fallout.open'),
    ])}
  />`;
}

function question(action: Action, id: string): string {
  if (action.kind === 'resolve') return t('order.resolve.confirm', { step: action.step, resolution: t(`order.resolve.${action.resolution}`) });
  return t(`order.${action.kind}.confirm`, { id });
}

/** Carries out a confirmed action against Ordo's APIs; answers what to tell the user. */
async function perform(settings: ConsoleSettings, order: ProductOrder, action: Action, form: HTMLFormElement | undefined): Promise<string> {
  const text = (name: string) => String(new FormData(form).get(name) ?? '').trim() || undefined;
  switch (action.kind) {
    case 'cancel': {
      const reason = text('reason');
      const { data } = await call<{ state: string }>(`${settings.apis.productOrder}/cancelProductOrder`, { method: 'POST', body: { productOrder: { id: order.id, href: order.href, '@referredType': 'ProductOrder' }, ...(reason ? { cancellationReason: reason } : {}) } });
      return t('order.cancel.done', { state: stateName(data.state) });
    }
    case 'freeze': {
      const reason = text('reason');
      await call(`${settings.apis.admin}/productOrder/${encodeURIComponent(order.id)}/freeze`, { method: 'POST', body: reason ? { reason } : {} });
      return t('order.freeze.done');
    }
    case 'unfreeze':
      await call(`${settings.apis.admin}/productOrder/${encodeURIComponent(order.id)}/unfreeze`, { method: 'POST', body: {} });
      return t('order.unfreeze.done');
    case 'resolve': {
      const note = text('note');
      await call(`${settings.apis.admin}/fallout/${encodeURIComponent(action.falloutId)}/resolution`, { method: 'POST', body: { resolution: action.resolution, ...(note ? { note } : {}) } });
      return t('order.resolve.done');
    }
  }
}

function Actions({ order, overview, roles, act }: { order: ProductOrder; overview: Overview; roles: string[]; act: (a: Action) => void }) {
  const buttons = [
    cancellable(order.state) && may(roles, 'order:cancel') ? html`<button type="button" class="danger" onClick=${() => act({ kind: 'cancel' })}>${t('order.cancel')}</button>` : null,
    !overview.frozen && freezable(order.state) && may(roles, 'order:write') ? html`<button type="button" onClick=${() => act({ kind: 'freeze' })}>${t('order.freeze')}</button>` : null,
    overview.frozen && may(roles, 'order:write') ? html`<button type="button" onClick=${() => act({ kind: 'unfreeze' })}>${t('order.unfreeze')}</button>` : null,
  ].filter(Boolean);
  if (buttons.length === 0) return null;
  return html`<div class="actions" role="group" aria-label=${t('order.actions')}>${buttons}</div>`;
}

/** One order: summary, actions, items, timeline, payment, numbers and SIMs, child orders, fallout cases. */
export function OrderPage({ settings, id, roles }: { settings: ConsoleSettings; id: string; roles: string[] }) {
  const [loaded, reload] = useLoad(
    () => Promise.all([call<ProductOrder>(`${settings.apis.productOrder}/productOrder/${encodeURIComponent(id)}`), call<Overview>(`${settings.apis.admin}/productOrder/${encodeURIComponent(id)}/overview`)]),
    [id],
  );
  const [pending, setPending] = useState<Action | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();

  const answer = async (yes: boolean, form?: HTMLFormElement) => {
    const action = pending;
    setPending(undefined);
    if (!yes || !action || loaded.status !== 'ok') return;
    setFailure(undefined);
    try {
      setNotice(await perform(settings, loaded.value[0].data, action, form));
      reload();
    } catch (err) {
      setNotice(undefined);
      setFailure(err as Error);
    }
    // The button that was pressed may be gone (a cancelled order offers none): the focus goes to the page.
    focusHeading();
  };

  if (loaded.status === 'loading') return html`<${PageHeading}>${t('order.heading', { id })}<//><${Loading} />`;
  if (loaded.status === 'error') return html`<${PageHeading}>${t('order.heading', { id })}<//><${Problem} error=${loaded.error} retry=${reload} />`;
  const [{ data: order }, { data: overview }] = loaded.value;
  return html`<${PageHeading}>${t('order.heading', { id })}<//>
    <p><a href="#/orders">${t('order.back')}</a></p>
    <${Notice} text=${notice} />
    ${failure ? html`<p class="problem" role="alert">${problemText(failure)}</p>` : null}
    <${Actions} order=${order} overview=${overview} roles=${roles} act=${setPending} />
    <${Section} id="summary" title=${t('order.summary')}><${Summary} order=${order} overview=${overview} /><//>
    <${Section} id="items" title=${t('order.items')}><${Items} order=${order} /><//>
    <${Section} id="timeline" title=${t('order.timeline')}><${Timeline} overview=${overview} /><//>
    <${Section} id="payment" title=${t('order.payment')}>
      <${Table} empty="order.payment.none" head=${['order.payment.col.status', 'order.payment.col.amount', 'order.payment.col.method', 'order.payment.col.date']}
        rows=${overview.payments.map((p) => [term('payment', p.status), formatMoney(p.amount), p.method, formatDateTime(p.statusDate)])} />
    <//>
    <${Section} id="resources" title=${t('order.resources')}>
      <${Table} empty="order.resources.none" head=${['order.resources.col.number', 'order.resources.col.role', 'order.resources.col.unit']}
        rows=${overview.resources.map((r) => [html`${r.number}${r.ported ? html` <span class="badge">${t('order.resources.ported')}</span>` : null}`, term('role', r.role), r.unitId])} />
    <//>
    <${Section} id="children" title=${t('order.children')}>
      ${overview.childOrders.length === 0 ? html`<p>${t('order.children.none')}</p>` : html`<ul>${overview.childOrders.map((c) => html`<li>${t(`order.children.${c.kind}`)} ${c.id}: ${stateName(c.state)}</li>`)}</ul>`}
    <//>
    <${Section} id="fallout" title=${t('order.fallout')}><${Fallouts} overview=${overview} roles=${roles} act=${setPending} /><//>
    <${Section} id="notes" title=${t('order.notes')}>
      ${(order.note ?? []).length === 0 ? html`<p>${t('order.notes.none')}</p>` : html`<ul>${order.note!.map((n) => html`<li><strong>${n.author ?? ''}</strong> ${formatDateTime(n.date)}: ${n.text ?? ''}</li>`)}</ul>`}
    <//>
    <${Confirm} open=${pending !== undefined} question=${pending ? question(pending, order.id) : ''} onAnswer=${answer}>
      ${pending?.kind === 'cancel' || pending?.kind === 'freeze'
        ? html`<div class="field"><label for="action-reason">${t(`order.${pending.kind}.reason`)}</label><input id="action-reason" name="reason" maxlength="500" /></div>`
        : pending?.kind === 'resolve'
          ? html`<div class="field"><label for="action-note">${t('order.resolve.note')}</label><input id="action-note" name="note" maxlength="500" /></div>`
          : null}
    <//>`;
}
