import { randomBytes } from 'node:crypto';
import type { Logger } from '../../engine/observability/logger.js';
import type { NotificationChannel } from '../../engine/notifications/notification-channel.js';
import { NotificationSimulator } from './simulator.js';
import { Tmf681NotificationChannel } from './tmf681-channel.js';

export interface NotificationsConfig {
  /** The TMF681 gateway's base URL (the API's base path is added); empty: none. */
  url: string;
  apiKey: string;
  /** Per attempt (ms). */
  timeoutMs: number;
  /** No gateway configured, local stack: Ordo runs the simulator itself. */
  simulate: boolean;
  sender: { sms: string; email: string };
}

export interface Notifications {
  /** Undefined when none is configured and there is no local stack: nothing is sent. */
  channel: NotificationChannel | undefined;
  /** The simulator Ordo runs for the local stack, if it does. */
  simulator?: NotificationSimulator;
}

/** The configured TMF681 Communication gateway, or with the local stack a simulator Ordo runs itself. */
export async function connectNotifications(config: NotificationsConfig, log: Logger): Promise<Notifications> {
  const { timeoutMs, sender } = config;
  if (config.url) return { channel: new Tmf681NotificationChannel({ baseUrl: config.url, apiKey: config.apiKey, timeoutMs, sender }) };
  if (!config.simulate) {
    log.warn('no TMF681 communication gateway configured (ORDO_NOTIFY_URL): SMS and e-mail will not be sent');
    return { channel: undefined };
  }
  const apiKey = randomBytes(16).toString('hex');
  const simulator = await NotificationSimulator.start({ apiKey });
  log.info('TMF681 communication simulator running (local stack)', { baseUrl: simulator.baseUrl });
  return { channel: new Tmf681NotificationChannel({ baseUrl: simulator.baseUrl, apiKey, timeoutMs, sender }), simulator };
}
