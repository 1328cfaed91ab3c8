import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../engine/paths.js';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

const TOKEN = 'scrape-secret-0123456789';

/** The samples of one metric: label set → value. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { labels, value: Number(match[2]) };
    });
}
const valueOf = (text: string, name: string, labels: Record<string, string> = {}) =>
  samples(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('operations: Prometheus metrics, liveness and readiness', function () {
  this.timeout(120_000);
  let ordo: Ordo;
  const scrape = async (token = TOKEN) => {
    const res = await fetch(`${ordo.baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_METRICS_TOKEN: TOKEN }));
    await ordo.deployed;
  });
  after(() => retireTestOrdo(ordo));

  it('answers /metrics only with the scrape token, in Prometheus text format', async () => {
    expect((await scrape('')).status).to.equal(401);
    expect((await scrape('wrong-token-of-same-size')).status).to.equal(401);
    expect('wrong-token-of-same-size').to.have.length(TOKEN.length);
    const ok = await scrape();
    expect(ok.status).to.equal(200);
    expect(ok.type).to.match(/^text\/plain; version=0\.0\.4/);
  });

  it('counts an order from POST to completed: orders by state and offering, lead time, jobs per topic, HTTP per route pattern, free numbers; no order id in any label', async () => {
    const placed = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
    expect(placed.status).to.equal(201);
    await eventually('the order completed', async () => (await ordo.orders.findStored(placed.body.id))?.state === 'completed');
    await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${placed.body.id}`);
    // Figures read from the database are reused for up to 10 s: the next fresh read shows the order.
    const text = await eventually('a scrape that shows the completed order', async () => {
      const { text: fresh } = await scrape();
      return valueOf(fresh, 'ordo_orders', { state: 'completed' }) === 1 && fresh;
    }, 20_000, 1000);
    expect(valueOf(text, 'ordo_order_items', { offering: 'mobile-basic', state: 'completed' })).to.equal(1);
    expect(valueOf(text, 'ordo_order_lead_time_seconds_count')).to.be.greaterThan(0);
    expect(valueOf(text, 'ordo_job_duration_seconds_count', { topic: 'validate-order', outcome: 'completed' })).to.be.greaterThan(0);
    expect(valueOf(text, 'ordo_http_request_duration_seconds_count', { method: 'POST', route: `${TMF622_BASE_PATH}/productOrder`, status: '201' })).to.be.greaterThan(0);
    expect(valueOf(text, 'ordo_http_request_duration_seconds_count', { method: 'GET', route: `${TMF622_BASE_PATH}/productOrder/:id`, status: '200' })).to.be.greaterThan(0);
    expect(valueOf(text, 'ordo_pool_free_resources', { kind: 'msisdn' })).to.be.greaterThan(0);
    expect(valueOf(text, 'ordo_pool_free_resources', { kind: 'iccid' })).to.be.greaterThan(0);
    expect(valueOf(text, 'ordo_open_incidents')).to.equal(0);
    expect(valueOf(text, 'ordo_open_fallout_cases')).to.equal(0);
    expect(valueOf(text, 'ordo_payments_needing_person')).to.equal(0);
    expect(valueOf(text, 'ordo_outbox_lag_seconds')).to.be.a('number');
    expect(valueOf(text, 'ordo_kafka_publish_errors_total')).to.be.a('number');
    expect(text).not.to.contain(placed.body.id);
  });

  it('follows Prometheus naming: ordo_ prefix, snake case, counters end in _total, durations in seconds', async () => {
    const { text } = await scrape();
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => ({ name: m[1]!, type: m[2]! }));
    expect(types.length).to.be.greaterThan(10);
    for (const { name, type } of types) {
      expect(name, name).to.match(/^ordo_[a-z0-9_]+$/);
      if (type === 'counter') expect(name, name).to.match(/_total$/);
      if (/duration|lead_time|lag/.test(name)) expect(name, name).to.match(/_seconds$/);
    }
  });

  it('exports every metric the shipped Grafana dashboard and Prometheus alert rules name', async () => {
    const { text } = await scrape();
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap((m) => (m[2] === 'histogram' || m[2] === 'summary' ? [m[1]!, `${m[1]}_bucket`, `${m[1]}_count`, `${m[1]}_sum`] : [m[1]!])));
    for (const file of ['ops/grafana/ordo-dashboard.json', 'ops/prometheus/ordo-alerts.yml']) {
      const named = new Set(readFileSync(path.join(packageRoot, file), 'utf8').match(/\bordo_[a-z0-9_]+/g));
      expect(named.size, file).to.be.greaterThan(8);
      expect([...named].filter((n) => !exported.has(n)), file).to.deep.equal([]);
    }
    // And the rules file is what Prometheus loads: groups of rules, each an alert with an expression.
    const rules = parseYaml(readFileSync(path.join(packageRoot, 'ops/prometheus/ordo-alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    expect(rules.groups.flatMap((g) => g.rules).every((r) => r.alert && r.expr)).to.equal(true);
  });

  it('has separate liveness and readiness endpoints, without a token', async () => {
    const live = await httpJson('GET', `${ordo.baseUrl}/health/live`, undefined, { authorization: '' });
    expect(live.status).to.equal(200);
    const ready = await httpJson('GET', `${ordo.baseUrl}/health/ready`, undefined, { authorization: '' });
    expect(ready).to.deep.include({ status: 200 });
    expect(ready.body).to.deep.equal({ status: 'up', components: { mongo: 'up' } });
  });
});
