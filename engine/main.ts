import { randomBytes } from 'node:crypto';
import type { TokenClaims } from '../adapters/oidc/local-issuer.js';
import { ConfigError, loadConfig } from './config/config.js';
import { logger } from './observability/logger.js';
import { startTracing, stopTracing } from './observability/tracing.js';
import { startOrdo } from './ordo.js';
import { TMF622_BASE_PATH } from './orders/tmf622.js';
import { TMF620_BASE_PATH } from './catalog/routes.js';
import { TMF639_BASE_PATH } from './inventory/tmf639.js';
import { TMF676_BASE_PATH } from './payments/tmf676.js';
import { ensureStack } from '../compose/local/stack.js';
import { StackError } from '../compose/local/errors.js';
import { Role } from './security/principal.js';
import { demoCustomer } from './customers/demo-customer.js';
import { TMF629_BASE_PATH } from './customers/tmf-apis.js';
import { SIGN_UP_BASE_PATH } from './signup/sign-up.js';

/** What the close needs after the tasks in hand are done or handed back (ms). */
const SHUTDOWN_MARGIN_MS = 8_000;

/** `npm start`: the local stack when nothing external is configured, then the API and the workers. */
async function main(): Promise<void> {
  const config = loadConfig();
  startTracing(config.tracing);
  if (config.localStack.wanted) await ensureStack(config, { quiet: false });
  const ordo = await startOrdo(config);

  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    // Tasks in hand get the grace period, then are handed back; the rest of the close fits in the margin.
    const force = setTimeout(() => process.exit(1), config.workers.shutdownGraceMs + SHUTDOWN_MARGIN_MS);
    force.unref();
    try {
      await ordo.close();
    } finally {
      await stopTracing().catch(() => undefined);
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await ordo.deployed;
  } catch (err) {
    process.stderr.write(`\nCould not deploy the models in bpmn/: ${(err as Error).message}\n`);
    await stop('deploy failed', 1);
    return;
  }

  const url = `${ordo.publicUrl}${TMF622_BASE_PATH}/productOrder`;
  const { customerId, billingAccountId } = await demoCustomer(ordo.customers.records);
  const sample = {
    externalId: `DEMO-${Date.now().toString(36)}`,
    description: 'Demo mobile subscription',
    relatedParty: [{ id: customerId, name: 'Demo Customer', role: 'Customer', '@referredType': 'Customer' }],
    billingAccount: { id: billingAccountId, '@referredType': 'BillingAccount' },
    productOrderItem: [
      {
        id: '1',
        action: 'add',
        quantity: 1,
        productOffering: { id: 'mobile-basic', name: 'Mobile Basic' },
        ...(ordo.paymentProvider.client ? { itemTotalPrice: [{ priceType: 'oneTime', name: 'SIM and activation', price: { taxIncludedAmount: { unit: 'EUR', value: 19.9 } } }] } : {}),
      },
    ],
    // Paid at checkout with a card token the payment simulator approves.
    ...(ordo.paymentProvider.simulator ? { payment: [{ id: 'tok_visa', '@referredType': 'BankCard' }] } : {}),
  };
  // A ready operator token from the local issuer (12 h), and a client that can fetch more.
  const issuer = ordo.localIssuer;
  const token = issuer ? await issuer.mint({ sub: 'local-operator', roles: [Role.operator] }, { expiresInS: 12 * 3600 }) : undefined;
  const secret = await issuer?.addClient('ordo-local-operator', { sub: 'ordo-local-operator', roles: [Role.operator] });
  const auth = token ? ` -H "Authorization: Bearer $ORDO_TOKEN"` : '';
  // On the local stack the demo order is placed at once, so a fresh `npm start` ends with a fulfilled order to look at.
  const demo = config.localStack.wanted && (token || !config.auth.enabled) ? await placeDemoOrder(url, sample, token) : undefined;
  const [user, password] = config.cockpit.login.split(':');
  // Console users of the local issuer, with new passwords at each start: an operator, and a customer-service rep who may read and cancel.
  const consoleUsers = issuer ? localConsoleUsers().map((u) => (issuer.addUser(u.name, u.password, u.claims), u)) : [];
  const lines = [
    '',
    'Ordo is ready.',
    `  TMF622 API   ${ordo.publicUrl}${TMF622_BASE_PATH}`,
    `  API docs     ${ordo.publicUrl}${TMF622_BASE_PATH}/api-docs/ui/${token ? `#token=${token}  (signed in with the token below; "Try it out" works)` : ''}`,
    `  Catalog      ${ordo.publicUrl}${TMF620_BASE_PATH}/productOffering  (what may be ordered)`,
    `  Inventory    ${ordo.publicUrl}${TMF639_BASE_PATH}/resource  (numbers and SIM cards)`,
    `  Payments     ${ordo.publicUrl}${TMF676_BASE_PATH}/payment${ordo.paymentProvider.simulator ? `  (provider: simulator at ${ordo.paymentProvider.simulator.baseUrl})` : ''}`,
    `  Customers    ${ordo.publicUrl}${TMF629_BASE_PATH}/customer  (the demo order's: ${customerId})`,
    `  Sign-up      ${ordo.publicUrl}${SIGN_UP_BASE_PATH}/signUp  (no token; codes go to ${ordo.notificationSimulator ? `the SMS/e-mail simulator at ${ordo.notificationSimulator.baseUrl}/tmf-api/communicationManagement/v4/communicationMessage` : 'ORDO_NOTIFY_URL'})`,
    `  Health       ${ordo.publicUrl}/health`,
    `  Engine       ${config.engine.url}  (${await ordo.engine.version().catch(() => 'not reachable')})`,
    `  Console      ${ordo.publicUrl}/console/${consoleUsers.length ? `  (${consoleUsers.map((u) => `${u.name} / ${u.password}`).join(', ')})` : ''}`,
    `  Cockpit      ${config.cockpit.url}/${config.localStack.wanted ? `  (user ${user}, password ${password})` : ''}`,
    `  Kafka topic  ${config.kafka.topicPrefix}.productOrder.events on ${config.kafka.brokers.join(',')}`,
    '',
    ...(demo ? [...demo, ''] : []),
    ...(token
      ? [
          `Every API wants a bearer token. Local issuer ${issuer!.url} (client ordo-local-operator, secret ${secret}); an operator token for 12 hours:`,
          `  export ORDO_TOKEN=${token}`,
        ]
      : config.auth.enabled
        ? [`Every API wants a bearer token from ${ordo.authIssuer} (audience ${config.auth.audience}).`]
        : ['Authentication is OFF (ORDO_AUTH=off).']),
    'Place an order:',
    `  curl -s -X POST ${url}${auth} -H 'content-type: application/json' -d '${JSON.stringify({ ...sample, externalId: 'DEMO-2' })}'`,
    'Then follow it:',
    `  curl -s${auth} ${url}/<id from the answer>   (processInstanceUrl opens it in Cockpit's Orders page)`,
    '',
    'Analysts: edit bpmn/*.bpmn in Camunda Modeler (Camunda 7 mode; element templates in bpmn/templates), check with',
    '  `npx ordo lint`, then `npx ordo deploy` (or restart Ordo): new orders run the new version, running ones finish on theirs.',
    `Ops: in Cockpit a failed step is an incident on its instance; fix the cause, then "Retry" it there (details in README, "Operations").`,
    '',
    'Ctrl-C stops Ordo (the local stack keeps running; `npm run stack:down` stops it).',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** Places the demo order and waits (up to 2 minutes) for its end: lines saying how it went and where to look. */
async function placeDemoOrder(url: string, sample: object, token: string | undefined): Promise<string[]> {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  try {
    const t0 = Date.now();
    const placed = await fetch(url, { method: 'POST', headers, body: JSON.stringify(sample) });
    const order = (await placed.json()) as { id?: string; href?: string; message?: string };
    if (!placed.ok || !order.id) return [`The demo order was refused (${placed.status}): ${order.message ?? ''}`];
    for (;;) {
      const current = (await (await fetch(`${url}/${order.id}`, { headers })).json()) as { state?: string; processInstanceUrl?: string };
      if (['completed', 'failed', 'partial', 'cancelled', 'rejected'].includes(current.state ?? '') || Date.now() - t0 > 120_000) {
        return [
          `Demo order ${order.id}: ${current.state} after ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
          `  ${order.href}`,
          ...(current.processInstanceUrl ? [`  its process in Cockpit: ${current.processInstanceUrl}`] : []),
        ];
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    return [`The demo order could not be placed: ${(err as Error).message}`];
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StackError) {
    process.stderr.write(`\n${err.message}\n`);
  } else {
    logger.error('ordo failed to start', { error: (err as Error).message, stack: (err as Error).stack });
  }
  process.exit(1);
});

/** The local issuer's console users: `ops` (an operator) and `rep` (customer service: read, cancel). */
function localConsoleUsers(): { name: string; password: string; claims: TokenClaims }[] {
  const password = () => randomBytes(9).toString('base64url');
  return [
    { name: 'ops', password: password(), claims: { sub: 'local-ops', roles: [Role.operator] } },
    { name: 'rep', password: password(), claims: { sub: 'local-rep', roles: [Role.allParties, Role.orderRead, Role.orderCancel, Role.catalogRead, Role.inventoryRead] } },
  ];
}
