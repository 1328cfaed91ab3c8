import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { Role } from '../engine/security/principal.js';
import { logger } from '../engine/observability/logger.js';
import { runWorkers, type RunningWorkers } from '../workers/runtime/run-workers.js';
import { accessibilityViolations, cspViolations, describeViolations, launchBrowser, recordCspViolations } from './support/browser.js';
import { eventually, httpJson, issuer, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The back-office console in real headless Chromium (Debian's package, driven by playwright-core):
 * a customer-service rep signs in at the OIDC issuer (authorization code with PKCE), finds an order,
 * opens it, and cancels one that is in flight; every page is scanned with axe-core (WCAG 2.1 AA).
 */
describe('console: the back-office console in a real browser', function () {
  this.timeout(180_000);
  let ordo: Ordo;
  let workers: RunningWorkers | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let holder: ChildProcess | undefined;
  const rep = { name: `rep-${randomBytes(3).toString('hex')}`, password: randomBytes(12).toString('base64url') };
  let completedId: string;
  let runningId: string;
  const externalId = `console-${randomBytes(4).toString('hex')}`;

  const expectAccessible = async (what: string) => {
    expect(await cspViolations(page), `${what}: refused by its content security policy`).to.deep.equal([]);
    const violations = await accessibilityViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).to.deep.equal([]);
  };

  before(async () => {
    ordo = await startOrdo(testConfig(), { workers: false });
    await ordo.deployed;
    const consoleUri = `${ordo.baseUrl}/console/`;
    issuer.addPublicClient(ordo.config.console.clientId, { redirectUris: [consoleUri], postLogoutRedirectUris: [consoleUri] });
    issuer.addUser(rep.name, rep.password, { sub: rep.name, roles: [Role.allParties, Role.orderRead, Role.orderCancel, Role.catalogRead, Role.inventoryRead] });

    // One order that completes (with its number, SIM and timeline) ...
    workers = runWorkers(ordo.engine, ordo.workers, ordo.config.workers, logger);
    const done = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder({ externalId }));
    completedId = done.body.id as string;
    await eventually('the first order completed', async () => (await ordo.orders.findStored(completedId))?.state === 'completed');
    // ... and one kept in flight: a separate worker takes its first job and sits on it.
    await workers.close();
    const running = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder());
    runningId = running.body.id as string;
    holder = spawn(process.execPath, [path.join(here, 'support', 'hold-job.js'), 'validate-order', '150000', runningId, ordo.config.engine.tenant], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => holder!.stdout!.once('data', resolve));
    workers = runWorkers(ordo.engine, ordo.workers, ordo.config.workers, logger);

    browser = await launchBrowser();
    // The pages' own content security policies apply: anything they refuse fails the page's check.
    context = await browser.newContext({ locale: 'en-GB' });
    await recordCspViolations(context);
    page = await context.newPage();
  });
  // What the page said when a test failed: the failure alone says only what was not found.
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) console.log(`page at failure (${page.url()}):\n${await page.locator('body').innerText().catch((err: Error) => err.message)}`);
  });
  after(async () => {
    holder?.kill('SIGKILL');
    await browser?.close();
    await workers?.close();
    if (ordo) await retireTestOrdo(ordo);
  });

  it('serves the console under a strict content security policy, without a token', async () => {
    const res = await fetch(`${ordo.baseUrl}/console/`);
    expect(res.status).to.equal(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.match(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).to.not.contain('unsafe-inline');
    expect(csp).to.contain("frame-ancestors 'none'");
    expect((await fetch(`${ordo.baseUrl}/console/vendor/preact.mjs`)).status).to.equal(200);
    for (const probe of ['vendor/..%2F..%2Fpackage.json', 'vendor/constructor', 'app/..%2F..%2F..%2Fpackage.json', 'assets/..%2F..%2Fpackage.json', 'messages/..%2F..%2Fpackage.json']) {
      expect((await fetch(`${ordo.baseUrl}/console/${probe}`)).status, probe).to.equal(404);
    }
    // What it shows comes from the APIs, which still want a token.
    expect((await fetch(`${ordo.baseUrl}/ordo/admin/v1/productOrder/${completedId}/overview`)).status).to.equal(401);
  });

  it('signs a rep in at the issuer (authorization code with PKCE) and lands on the order search', async () => {
    await page.goto(`${ordo.baseUrl}/console/`);
    await page.waitForURL((url) => url.href.startsWith(issuer.url));
    await expectAccessible('the sign-in page');
    await page.getByLabel(/user ?name/i).fill(rep.name);
    await page.getByLabel(/password/i).fill(rep.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => url.href.startsWith(`${ordo.baseUrl}/console/`) && !url.search.includes('code='));
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    await page.getByText(`Signed in as ${rep.name}`).waitFor();
    await page.getByRole('table').waitFor();
    await expectAccessible('the order search');
  });

  it('finds an order by its external id, and by state', async () => {
    await page.getByLabel('External id').fill(externalId);
    await page.keyboard.press('Enter');
    await page.getByText('1 order found').waitFor();
    const rows = page.locator('table.orders tbody tr');
    expect(await rows.count()).to.equal(1);
    expect(await rows.first().getByRole('link').textContent()).to.equal(completedId);

    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL((url) => url.hash === '#/orders');
    await page.getByText('2 orders found').waitFor();
    await page.getByLabel('State').selectOption('acknowledged');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.hash === '#/orders?state=acknowledged');
    await page.getByText('1 order found').waitFor();
    await page.getByRole('link', { name: runningId }).waitFor();
    expect(await page.getByRole('link', { name: completedId }).count()).to.equal(0);
    await expectAccessible('search results');
  });

  it('opens a completed order: summary, items, timeline, payment, number and SIM, child orders, a link to Cockpit', async () => {
    await page.goto(`${ordo.baseUrl}/console/#/orders/${completedId}`);
    await page.getByRole('heading', { level: 1, name: `Order ${completedId}` }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Order received').waitFor();
    await timeline.getByText('now Completed').first().waitFor();
    const numbers = page.getByRole('region', { name: 'Number and SIM' });
    expect(await numbers.locator('tbody tr').count()).to.equal(2);
    expect(await page.getByRole('region', { name: 'Service and resource orders' }).locator('li').count()).to.be.greaterThan(0);
    expect(await page.getByRole('link', { name: 'Open the process in Cockpit' }).getAttribute('href')).to.match(/^http/);
    // A finished order offers no cancel; a rep may not freeze.
    expect(await page.getByRole('button', { name: 'Cancel the order' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: 'Freeze' }).count()).to.equal(0);
    await expectAccessible('a completed order');
  });

  it('cancels an in-flight order after a confirmation (opened from the keyboard; Escape answers no); the order ends cancelled', async () => {
    await page.goto(`${ordo.baseUrl}/console/#/orders/${runningId}`);
    await page.getByRole('heading', { level: 1, name: `Order ${runningId}` }).waitFor();
    await page.getByRole('button', { name: 'Cancel the order' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectAccessible('the confirmation');
    // Escape answers no: nothing is cancelled.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder?productOrder.id=${runningId}`)).body).to.deep.equal([]);

    await page.getByRole('button', { name: 'Cancel the order' }).click();
    await dialog.getByLabel('Reason').fill('customer called the shop');
    await dialog.getByRole('button', { name: 'Yes, go ahead' }).click();
    await page.getByRole('status').getByText(/Cancellation requested/).waitFor();
    holder?.kill('SIGKILL');
    const cancels = (await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder?productOrder.id=${runningId}`)).body;
    expect(cancels).to.have.length(1);
    expect(cancels[0].cancellationReason).to.equal('customer called the shop');
    await eventually('the order cancelled', async () => (await ordo.orders.findStored(runningId))?.state === 'cancelled', 90_000);
    await page.reload();
    await page.getByRole('region', { name: 'Summary' }).getByText('Cancelled').waitFor();
  });

  it('speaks German when the user chooses it, and keeps the choice', async () => {
    await page.goto(`${ordo.baseUrl}/console/#/catalog`);
    await page.getByRole('heading', { level: 1, name: 'Catalog offerings' }).waitFor();
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { level: 1, name: 'Katalogangebote' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).to.equal('de');
    await expectAccessible('the catalog, in German');
    await page.goto(`${ordo.baseUrl}/console/#/inventory`);
    await page.getByRole('heading', { level: 1, name: 'Bestandspools' }).waitFor();
    await expectAccessible('inventory pools, in German');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Bestandspools' }).waitFor();
    await page.getByRole('row', { name: /Rufnummern/ }).first().waitFor();
  });
});
