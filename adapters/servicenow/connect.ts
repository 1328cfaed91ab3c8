import type { Config } from '../../engine/config/config.js';
import type { IncidentDesk } from '../../engine/fallout/incident-desk.js';
import { ServiceNowClient } from './servicenow-client.js';
import { ServiceNowIncidentDesk } from './servicenow-desk.js';

/**
 * The configured ServiceNow instance, or none: then a step that needs a person stays an incident in Cockpit. Ordo runs
 * no ServiceNow simulator for the local stack (tests start `ServiceNowSimulator` and configure its URL).
 */
export function connectServiceNow(config: Config['servicenow']): IncidentDesk | undefined {
  if (!config.url || !config.auth) return undefined;
  const client = new ServiceNowClient({ instanceUrl: config.url, auth: config.auth, timeoutMs: config.timeoutMs });
  return new ServiceNowIncidentDesk(client, { user: config.webhookUser, password: config.webhookPassword });
}
