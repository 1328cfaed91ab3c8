import { randomBytes } from 'node:crypto';
import type { Config } from '../../engine/config/config.js';
import type { ActivationGateway } from '../../engine/activation/activation-gateway.js';
import type { Logger } from '../../engine/observability/logger.js';
import { ActivationClient } from './activation-client.js';
import { ActivationSimulator } from './simulator.js';

export interface ActivationConnection {
  /** Undefined when none is configured and there is no local stack: activation steps then fail. */
  gateway: ActivationGateway | undefined;
  /** The simulator Ordo runs for the local stack, if it does. */
  simulator?: ActivationSimulator;
}

/** The configured network activation gateway, or with the local stack a simulator Ordo runs itself. */
export async function connectActivation(config: Config['activation'], log: Logger): Promise<ActivationConnection> {
  if (config.url) return { gateway: new ActivationClient({ baseUrl: config.url, apiKey: config.apiKey, timeoutMs: config.timeoutMs }) };
  if (!config.simulate) {
    log.warn('no network activation gateway configured (ORDO_ACTIVATION_URL): activation steps will fail');
    return { gateway: undefined };
  }
  const apiKey = randomBytes(16).toString('hex');
  const simulator = await ActivationSimulator.start({ apiKey });
  log.info('network activation simulator running (local stack)', { baseUrl: simulator.baseUrl });
  return { gateway: new ActivationClient({ baseUrl: simulator.baseUrl, apiKey, timeoutMs: config.timeoutMs }), simulator };
}
