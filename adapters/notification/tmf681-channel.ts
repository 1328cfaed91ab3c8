import axios, { type AxiosInstance } from 'axios';
import { answerOf, isRetryableStatus, RetryableFailure, retryPolicy, withRetries, type RetryPolicy } from '../http-retry.js';
import type { IdempotentApiOptions } from '../idempotent-json-api.js';
import { NotificationRejectedError, type NotificationChannel, type OutboundMessage, type SentMessage } from '../../engine/notifications/notification-channel.js';
import { E164_NUMBER, IDEMPOTENCY_HEADER, MESSAGES_PATH, type CommunicationMessage, type CommunicationMessageCreate, type Sender, type TmfErrorBody } from './tmf681-api.js';

export interface Tmf681ChannelOptions extends IdempotentApiOptions {
  sender: {
    /** SMS sender: an alphanumeric id such as `Ordo`, or an E.164 number. */
    sms: string;
    /** E-mail from address. */
    email: string;
  };
}

/**
 * Sends SMS and e-mail through a TMF681 Communication Management gateway. Every retry of a send carries the same
 * idempotency key, so a message whose answer was lost is not delivered twice.
 *
 * IdempotentJsonApi reads an `{ error, message }` body; TMF's is `{ code, reason, message, status }`, hence a call of
 * its own under the same retry policy: a network failure, a timeout, a 5xx or a 429 is retried after a doubling pause.
 */
export class Tmf681NotificationChannel implements NotificationChannel {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: Tmf681ChannelOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json;charset=utf-8', Authorization: `Bearer ${options.apiKey}` },
      validateStatus: () => true,
      maxRedirects: 0,
    });
    this.retry = retryPolicy(options);
  }

  async send(message: OutboundMessage, signal?: AbortSignal): Promise<SentMessage> {
    const what = `POST ${MESSAGES_PATH}`;
    return sentMessage(what, await this.post(what, this.communicationMessage(message), message.idempotencyKey, signal));
  }

  private communicationMessage(message: OutboundMessage): CommunicationMessageCreate {
    const { sender } = this.options;
    if (message.channel === 'sms') {
      return { '@type': 'CommunicationMessage', messageType: 'SMS', content: message.text, receiver: [{ phoneNumber: message.to }], sender: smsSender(sender.sms) };
    }
    return {
      '@type': 'CommunicationMessage',
      messageType: 'email',
      ...(message.subject !== undefined ? { subject: message.subject } : {}),
      content: message.text,
      receiver: [{ email: message.to }],
      sender: { email: sender.email },
    };
  }

  /** The 2xx body, a NotificationRejectedError for a refusal, or an Error naming the call once retries are spent. */
  private post(what: string, body: CommunicationMessageCreate, idempotencyKey: string, signal: AbortSignal | undefined): Promise<unknown> {
    return withRetries(
      what,
      this.retry,
      async () => {
        // No `cause`: an axios error holds the request, that is the message text (maybe a one-time password) and the key.
        const res = await answerOf(this.http.post<unknown>(MESSAGES_PATH, body, { headers: { [IDEMPOTENCY_HEADER]: idempotencyKey }, ...(signal ? { signal } : {}) }), { timeoutMs: this.options.timeoutMs, signal });
        if (res.status >= 200 && res.status < 300) return res.data;
        const last = `HTTP ${res.status} ${describeError(res.data)}`;
        if (!isRetryableStatus(res.status)) throw new NotificationRejectedError(res.status, `${what}: ${last}`);
        throw new RetryableFailure(last);
      },
      signal,
    );
  }
}

/** An alphanumeric sender id goes in `name`, a number in `phoneNumber`. */
function smsSender(sms: string): Sender {
  return E164_NUMBER.test(sms) ? { phoneNumber: sms } : { name: sms };
}

function describeError(data: unknown): string {
  const body = (data !== null && typeof data === 'object' ? data : {}) as Partial<TmfErrorBody>;
  if (typeof body.code !== 'string') return 'without a TMF error body';
  return `${body.code}: ${body.reason ?? ''}${typeof body.message === 'string' ? ` (${body.message})` : ''}`;
}

function sentMessage(what: string, data: unknown): SentMessage {
  const message = (data !== null && typeof data === 'object' ? data : {}) as Partial<CommunicationMessage>;
  if (typeof message.id !== 'string' || message.id === '') throw new Error(`${what}: the gateway's answer is not a CommunicationMessage with an id`);
  // TMF681: a message not sent yet is `initial`.
  return { id: message.id, state: typeof message.state === 'string' ? message.state : 'initial' };
}
