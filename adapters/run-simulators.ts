import { LocalIssuer } from './oidc/local-issuer.js';
import { PaymentProviderSimulator } from './payment/simulator.js';
import { ActivationSimulator } from './activation/simulator.js';
import { NotificationSimulator } from './notification/simulator.js';
import { KeycloakSimulator } from './keycloak/simulator.js';
import { Role } from '../engine/security/principal.js';

/**
 * The simulators several Ordo processes share, as one process: an OIDC token issuer, the payment
 * provider, the network activation gateway, the SMS and e-mail gateway (TMF681) and Keycloak (whose
 * users' tokens the issuer signs) (compose/docker-compose.yml's `simulators`, the
 * two-node drill). For trials and drills, never production: point Ordo at the real systems there.
 *
 *   node dist/adapters/run-simulators.js
 *
 * Settings (environment): SIM_HOST (127.0.0.1), SIM_PUBLIC_HOST (SIM_HOST; the name others reach
 * this process by), SIM_ISSUER_PORT (9000), SIM_PAYMENT_PORT (9100), SIM_ACTIVATION_PORT (9200),
 * SIM_NOTIFY_PORT (9300), SIM_IDP_PORT (9400), SIM_AUDIENCE (ordo), SIM_CLIENT_ID and
 * SIM_CLIENT_SECRET (a client of the issuer with the operator role), SIM_PAYMENT_API_KEY,
 * SIM_PAYMENT_WEBHOOK_SECRET, SIM_ACTIVATION_API_KEY, SIM_NOTIFY_API_KEY, SIM_IDP_CLIENT_SECRET
 * (required; Keycloak's admin client is ordo-admin, its realm ordo).
 */
function settings(env: NodeJS.ProcessEnv) {
  const required = ['SIM_CLIENT_ID', 'SIM_CLIENT_SECRET', 'SIM_PAYMENT_API_KEY', 'SIM_PAYMENT_WEBHOOK_SECRET', 'SIM_ACTIVATION_API_KEY', 'SIM_NOTIFY_API_KEY', 'SIM_IDP_CLIENT_SECRET'];
  const missing = required.filter((name) => !env[name]);
  if (missing.length) throw new Error(`set ${missing.join(', ')}`);
  const port = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number`);
    return value;
  };
  const host = env['SIM_HOST'] ?? '127.0.0.1';
  const publicHost = env['SIM_PUBLIC_HOST'] ?? host;
  return {
    host,
    at: (portName: string, fallback: number) => ({ host, port: port(portName, fallback), publicUrl: `http://${publicHost}:${port(portName, fallback)}` }),
    audience: env['SIM_AUDIENCE'] ?? 'ordo',
    client: { id: env['SIM_CLIENT_ID']!, secret: env['SIM_CLIENT_SECRET']! },
    payment: { apiKey: env['SIM_PAYMENT_API_KEY']!, webhookSecret: env['SIM_PAYMENT_WEBHOOK_SECRET']! },
    activationApiKey: env['SIM_ACTIVATION_API_KEY']!,
    notifyApiKey: env['SIM_NOTIFY_API_KEY']!,
    idpClientSecret: env['SIM_IDP_CLIENT_SECRET']!,
  };
}

async function main(): Promise<void> {
  const s = settings(process.env);
  const issuer = await LocalIssuer.start({ audience: s.audience, ...s.at('SIM_ISSUER_PORT', 9000) });
  await issuer.addClient(s.client.id, { sub: s.client.id, roles: [Role.operator] }, s.client.secret);
  const payment = await PaymentProviderSimulator.start({ ...s.at('SIM_PAYMENT_PORT', 9100), apiKey: s.payment.apiKey, webhookSecret: s.payment.webhookSecret });
  const activation = await ActivationSimulator.start({ ...s.at('SIM_ACTIVATION_PORT', 9200), apiKey: s.activationApiKey });
  const notify = await NotificationSimulator.start({ ...s.at('SIM_NOTIFY_PORT', 9300), apiKey: s.notifyApiKey });
  const selfService = [Role.orderRead, Role.orderWrite, Role.orderCancel, Role.catalogRead, Role.customerRead];
  const idp = await KeycloakSimulator.start({ ...s.at('SIM_IDP_PORT', 9400), adminClientId: 'ordo-admin', adminClientSecret: s.idpClientSecret, userRoles: selfService, mint: (claims) => issuer.mint(claims) });
  process.stdout.write(`${JSON.stringify({ ready: true, issuer: issuer.url, payment: payment.baseUrl, activation: activation.baseUrl, notify: notify.baseUrl, idp: idp.baseUrl })}\n`);
  const stop = async () => {
    await Promise.allSettled([issuer.close(), payment.close(), activation.close(), notify.close(), idp.close()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: Error) => {
  process.stderr.write(`simulators: ${err.message}\n`);
  process.exit(1);
});
