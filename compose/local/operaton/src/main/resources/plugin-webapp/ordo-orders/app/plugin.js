// Ordo's "Orders" page in Cockpit. The community Cockpit shows running instances only; ops staff also
// need to see what happened to an order that has ended. This page reads the engine's history through
// Cockpit's own API (the user's session; GET only, so no CSRF token) and shows, for one order, every
// instance that carries its orderId (the order's process, its items', fail-item, its service and
// resource orders'), running or ended, and the steps of the one chosen.
//
//   #/ordo-orders                      the latest orders
//   #/ordo-orders?orderId=<order id>   one order
//   #/ordo-orders?instance=<id>        the order of one instance, that instance chosen (an instance
//                                      that belongs to no product order: those with its business key)
//
// Built with DOM calls only (the webapp's CSP forbids inline handlers; values are data, never HTML).

const ROUTE = '/ordo-orders';
const ORDER_PROCESS = 'product-order';
let page = null;

const params = () => new URLSearchParams(location.hash.split('?')[1] || '');
const link = (query) => `#${ROUTE}${query ? `?${new URLSearchParams(query)}` : ''}`;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  return node;
}

async function get(api, path, query, signal) {
  const url = new URL(`${api.engineApi}${path}`, location.origin);
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  const res = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}: ${path}`);
  return res.json();
}

const time = (iso) => (iso ? new Date(iso).toLocaleString() : '');
function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
const STATE = { ACTIVE: 'running', SUSPENDED: 'suspended', COMPLETED: 'completed', EXTERNALLY_TERMINATED: 'cancelled', INTERNALLY_TERMINATED: 'ended by the model' };
const state = (instance) => STATE[instance.state] || instance.state;

function table(headers, rows) {
  return el('table', { class: 'table table-bordered table-hover table-condensed ordo-orders' },
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows));
}

async function latestOrders(node, api, signal) {
  const search = el('input', { type: 'search', class: 'form-control', placeholder: 'Order id', 'aria-label': 'Order id' });
  const form = el('form', { class: 'form-inline ordo-orders-search' }, search, ' ', el('button', { type: 'submit', class: 'btn btn-default' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (search.value.trim()) location.hash = link({ orderId: search.value.trim() });
  });
  node.append(el('h2', {}, 'Orders'), el('p', {}, 'The latest orders, running or ended. Choose one to see everything its processes did.'), form);
  const instances = await get(api, '/history/process-instance', { processDefinitionKey: ORDER_PROCESS, sortBy: 'startTime', sortOrder: 'desc', maxResults: 50 }, signal);
  node.append(table(['Order', 'State', 'Started', 'Ended', 'Took'], instances.map((i) => el('tr', {},
    el('td', {}, el('a', { href: link({ orderId: i.businessKey }) }, i.businessKey || i.id)),
    el('td', {}, state(i)),
    el('td', {}, time(i.startTime)),
    el('td', {}, time(i.endTime)),
    el('td', {}, duration(i.durationInMillis))))));
}

async function oneOrder(node, api, signal, { orderId, businessKey }, chosen) {
  const filter = orderId ? { variables: `orderId_eq_${orderId}` } : { processInstanceBusinessKey: businessKey };
  const instances = await get(api, '/history/process-instance', { ...filter, sortBy: 'startTime', sortOrder: 'asc' }, signal);
  node.append(el('p', {}, el('a', { href: link() }, '‹ All orders')), el('h2', {}, orderId ? `Order ${orderId}` : businessKey));
  if (instances.length === 0) {
    node.append(el('p', {}, 'No process instance carries this order id (yet, or any more: the engine keeps ended instances for the history time to live).'));
    return;
  }
  const selected = instances.find((i) => i.id === chosen) || instances[0];
  node.append(table(['Process', 'Business key', 'State', 'Started', 'Ended', 'Took', ''], instances.map((i) => el('tr', { class: i.id === selected.id ? 'info' : '' },
    el('td', {}, el('a', { href: link({ ...(orderId ? { orderId } : { instance: chosen }), instance: i.id }) }, i.processDefinitionName || i.processDefinitionKey)),
    el('td', {}, i.businessKey || ''),
    el('td', {}, state(i)),
    el('td', {}, time(i.startTime)),
    el('td', {}, time(i.endTime)),
    el('td', {}, duration(i.durationInMillis)),
    el('td', {}, i.state === 'ACTIVE' ? el('a', { href: `#/process-instance/${i.id}/runtime` }, 'Runtime view (incidents, retry)') : '')))));
  const [steps, incidents, variables] = await Promise.all([
    get(api, '/history/activity-instance', { processInstanceId: selected.id, sortBy: 'startTime', sortOrder: 'asc' }, signal),
    selected.state === 'ACTIVE' ? get(api, '/incident', { processInstanceId: selected.id }, signal) : Promise.resolve([]),
    get(api, '/history/variable-instance', { processInstanceId: selected.id, deserializeValues: 'false' }, signal),
  ]);
  node.append(el('h3', {}, `${selected.processDefinitionName || selected.processDefinitionKey}: ${state(selected)}`));
  if (incidents.length) {
    node.append(el('div', { class: 'alert alert-danger' }, el('strong', {}, 'Open incidents: '),
      incidents.map((i) => el('div', {}, `${i.activityId}: ${i.incidentMessage || i.incidentType}`)),
      el('a', { href: `#/process-instance/${selected.id}/runtime` }, 'Repair them in the runtime view')));
  }
  const shown = steps.filter((s) => !['sequenceFlow', 'multiInstanceBody'].includes(s.activityType));
  node.append(table(['Step', 'Kind', 'Started', 'Ended', 'Took', ''], shown.map((s) => el('tr', { class: s.canceled ? 'warning' : !s.endTime ? 'info' : '' },
    el('td', {}, s.activityName || s.activityId),
    el('td', {}, s.activityType),
    el('td', {}, time(s.startTime)),
    el('td', {}, time(s.endTime)),
    el('td', {}, duration(s.durationInMillis)),
    el('td', {}, s.canceled ? 'cancelled' : !s.endTime ? 'waiting here' : '')))));
  node.append(el('h3', {}, 'Variables'), table(['Name', 'Type', 'Value'], variables.map((v) => el('tr', {},
    el('td', {}, v.name),
    el('td', {}, v.type),
    el('td', {}, el('code', {}, String(v.value ?? '').slice(0, 300)))))));
}

async function render(node, api, signal) {
  const query = params();
  const orderId = query.get('orderId');
  const instance = query.get('instance');
  if (orderId) return oneOrder(node, api, signal, { orderId }, instance);
  if (!instance) return latestOrders(node, api, signal);
  // An instance: its order (variable orderId), or, for one that belongs to none, its business key.
  const [found] = await get(api, '/history/variable-instance', { processInstanceId: instance, variableName: 'orderId' }, signal);
  if (found?.value) return oneOrder(node, api, signal, { orderId: found.value }, instance);
  const [self] = await get(api, '/history/process-instance', { processInstanceId: instance }, signal);
  if (!self) {
    node.append(el('p', {}, `No process instance ${instance} (any more: the engine keeps ended instances for the history time to live).`));
    return undefined;
  }
  return oneOrder(node, api, signal, { businessKey: self.businessKey || self.id }, instance);
}

export default [
  {
    id: 'ordo-orders-navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 10,
    properties: { path: ROUTE },
    render(node) {
      node.append(el('a', { href: `#${ROUTE}` }, 'Orders'));
    },
  },
  {
    id: 'ordo-orders-page',
    pluginPoint: 'cockpit.route',
    properties: { path: ROUTE },
    render(node, { api }) {
      page?.abort();
      page = new AbortController();
      document.title = 'Orders - Operaton Cockpit';
      const body = el('div', { class: 'ordo-orders-page' });
      node.append(body);
      render(body, api, page.signal).catch((err) => {
        if (err.name !== 'AbortError') body.append(el('div', { class: 'alert alert-danger' }, `The orders could not be read: ${err.message}`));
      });
    },
    unmount() {
      page?.abort();
      page = null;
    },
  },
];
