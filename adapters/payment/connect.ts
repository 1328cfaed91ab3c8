import { randomBytes } from 'node:crypto';
import type { Config } from '../../engine/config/config.js';
import type { Logger } from '../../engine/observability/logger.js';
import type { PaymentProvider, PaymentWebhook } from '../../engine/payments/payment-provider.js';
import { PaymentProviderClient } from './payment-provider-client.js';
import { ProviderWebhook } from './provider-webhook.js';
import { PaymentProviderSimulator } from './simulator.js';

export interface PaymentProviderConnection {
  /** Undefined when Ordo takes no payments (no provider configured and no local stack). */
  client: PaymentProvider | undefined;
  /** Reads the provider's callbacks. */
  webhook: PaymentWebhook;
  /** The simulator Ordo runs for the local stack, if it does. */
  simulator?: PaymentProviderSimulator;
}

/** The configured provider, or with the local stack a simulator Ordo runs itself (made-up secrets). */
export async function connectPaymentProvider(config: Config['payment'], log: Logger): Promise<PaymentProviderConnection> {
  const webhook = (secret: string) => new ProviderWebhook({ secret, toleranceMs: config.webhookToleranceMs });
  if (config.providerUrl) {
    return { client: new PaymentProviderClient({ baseUrl: config.providerUrl, apiKey: config.apiKey, timeoutMs: config.timeoutMs }), webhook: webhook(config.webhookSecret) };
  }
  if (!config.simulate) {
    log.warn('no payment provider configured (ORDO_PAYMENT_PROVIDER_URL): orders that name a payment method are refused');
    return { client: undefined, webhook: webhook('') };
  }
  const apiKey = randomBytes(16).toString('hex');
  const webhookSecret = randomBytes(32).toString('hex');
  const simulator = await PaymentProviderSimulator.start({ apiKey, webhookSecret, callbackDelayMs: 2000 });
  log.info('payment provider simulator running (local stack)', { baseUrl: simulator.baseUrl });
  return { client: new PaymentProviderClient({ baseUrl: simulator.baseUrl, apiKey, timeoutMs: config.timeoutMs }), webhook: webhook(webhookSecret), simulator };
}
