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
    const force = setTimeout(() => process.exit(1), 20_000);
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
  const sample = JSON.stringify({
    externalId: `DEMO-${Date.now().toString(36)}`,
    description: 'Demo mobile subscription',
    relatedParty: [{ id: 'cust-1', role: 'Customer', '@referredType': 'Individual' }],
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
  });
  // A ready operator token from the local issuer (12 h), and a client that can fetch more.
  const issuer = ordo.localIssuer;
  const token = issuer ? await issuer.mint({ sub: 'local-operator', roles: [Role.operator] }, { expiresInS: 12 * 3600 }) : undefined;
  const secret = issuer?.addClient('ordo-local-operator', { sub: 'ordo-local-operator', roles: [Role.operator] });
  const auth = token ? ` -H "Authorization: Bearer $ORDO_TOKEN"` : '';
  const lines = [
    '',
    'Ordo is ready.',
    `  TMF622 API   ${ordo.publicUrl}${TMF622_BASE_PATH}`,
    `  Catalog      ${ordo.publicUrl}${TMF620_BASE_PATH}/productOffering  (what may be ordered)`,
    `  Inventory    ${ordo.publicUrl}${TMF639_BASE_PATH}/resource  (numbers and SIM cards)`,
    `  Payments     ${ordo.publicUrl}${TMF676_BASE_PATH}/payment${ordo.paymentProvider.simulator ? `  (provider: simulator at ${ordo.paymentProvider.simulator.baseUrl})` : ''}`,
    `  Health       ${ordo.publicUrl}/health`,
    ...(config.localStack.wanted ? [`  Operate      ${config.operate.url}  (user ${config.operate.credentials.replace(':', ', password ')})`] : [`  Operate      ${config.operate.url}`]),
    `  Kafka topic  ${config.kafka.topicPrefix}.productOrder.events on ${config.kafka.brokers.join(',')}`,
    '',
    ...(token
      ? [
          `Every API wants a bearer token. Local issuer ${issuer!.url} (client ordo-local-operator, secret ${secret}); an operator token for 12 hours:`,
          `  export ORDO_TOKEN=${token}`,
        ]
      : config.auth.enabled
        ? [`Every API wants a bearer token from ${ordo.authIssuer} (audience ${config.auth.audience}).`]
        : ['Authentication is OFF (ORDO_AUTH=off).']),
    'Place a sample order:',
    `  curl -s -X POST ${url}${auth} -H 'content-type: application/json' -d '${sample}'`,
    'Then follow it:',
    `  curl -s${auth} ${url}/<id from the answer>`,
    '',
    'Ctrl-C stops Ordo (the local stack keeps running; `npm run stack:down` stops it).',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StackError) {
    process.stderr.write(`\n${err.message}\n`);
  } else {
    logger.error('ordo failed to start', { error: (err as Error).message, stack: (err as Error).stack });
  }
  process.exit(1);
});
