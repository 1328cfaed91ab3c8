import type { Config } from '../../engine/config/config.js';
import type { CpqSystem } from '../../engine/cpq/cpq-system.js';
import { SalesforceClient } from './salesforce-client.js';

/**
 * The configured Salesforce org, or none (no ORDO_SALESFORCE_LOGIN_URL). The local stack runs no
 * Salesforce simulator: orders from Salesforce come only from an org (or a test's simulator) that
 * knows Ordo's inbound token.
 */
export function connectSalesforce(config: Config['salesforce']): CpqSystem | undefined {
  if (!config.loginUrl) return undefined;
  return new SalesforceClient({ loginUrl: config.loginUrl, clientId: config.clientId, clientSecret: config.clientSecret, timeoutMs: config.timeoutMs });
}
