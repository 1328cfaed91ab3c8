import { randomBytes } from 'node:crypto';
import type { Config } from '../../engine/config/config.js';
import type { IdentityProvider } from '../../engine/customers/identity-provider.js';
import type { Logger } from '../../engine/observability/logger.js';
import type { TokenClaims } from '../oidc/local-issuer.js';
import { KeycloakIdentityProvider } from './keycloak-identity-provider.js';
import { KeycloakSimulator } from './simulator.js';

export interface IdentityConnection {
  /** Undefined when none is configured and there is no local stack: sign-up stops before the user is created. */
  provider: IdentityProvider | undefined;
  /** The simulator Ordo runs for the local stack, if it does. */
  simulator?: KeycloakSimulator;
}

/**
 * The configured Keycloak, or with the local stack a Keycloak simulator Ordo runs itself. The
 * simulator's users sign in with a password grant and get tokens from the local issuer, carrying
 * their party in the claim Ordo reads (what a Keycloak user-attribute mapper does).
 */
export async function connectIdentityProvider(config: Config['identity'], mint: ((claims: TokenClaims) => Promise<string>) | undefined, partyClaim: string, log: Logger): Promise<IdentityConnection> {
  const options = { realm: config.realm, partyAttribute: config.partyAttribute, timeoutMs: config.timeoutMs };
  if (config.url) return { provider: new KeycloakIdentityProvider({ ...options, baseUrl: config.url, clientId: config.clientId, clientSecret: config.clientSecret }) };
  if (!config.simulate) {
    log.warn('no identity provider configured (ORDO_IDP_URL): sign-ups stop before their user is created');
    return { provider: undefined };
  }
  const adminClientSecret = randomBytes(18).toString('base64url');
  const simulator = await KeycloakSimulator.start({
    realm: config.realm,
    adminClientId: config.clientId,
    adminClientSecret,
    partyAttribute: config.partyAttribute,
    userRoles: config.userRoles,
    ...(mint ? { mint: ({ party, ...claims }: TokenClaims) => mint({ ...claims, ...(party ? { [partyClaim]: party } : {}) }) } : {}),
  });
  log.info('Keycloak simulator running (local stack)', { baseUrl: simulator.baseUrl, realm: config.realm });
  return { provider: new KeycloakIdentityProvider({ ...options, baseUrl: simulator.baseUrl, clientId: config.clientId, clientSecret: adminClientSecret }), simulator };
}
