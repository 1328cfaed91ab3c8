import { randomBytes } from 'node:crypto';
import type { Config } from '../../engine/config/config.js';
import type { Logger } from '../../engine/observability/logger.js';
import { ActivationClient } from './activation-client.js';
import { ActivationSimulator } from './simulator.js';

export interface ActivationGateway {
  /** Undefined when none is configured and there is no local stack: activation steps then fail. */
  client: ActivationClient | undefined;
  /** The simulator Ordo runs for the local stack, if it does. */
  simulator?: ActivationSimulator;
}

/** The configured network activation gateway, or with the local stack a simulator Ordo runs itself. */
export async function connectActivation(config: Config['activation'], log: Logger): Promise<ActivationGateway> {
  if (config.url) return { client: new ActivationClient({ baseUrl: config.url, apiKey: config.apiKey, timeoutMs: config.timeoutMs }) };
  if (!config.simulate) {
    log.warn('no network activation gateway configured (ORDO_ACTIVATION_URL): activation steps will fail');
    return { client: undefined };
  }
  const apiKey = randomBytes(16).toString('hex');
  const simulator = await ActivationSimulator.start({ apiKey });
  log.info('network activation simulator running (local stack)', { baseUrl: simulator.baseUrl });
  return { client: new ActivationClient({ baseUrl: simulator.baseUrl, apiKey, timeoutMs: config.timeoutMs }), simulator };
}
