/** How a message reaches a person: an SMS to an E.164 number or an e-mail. */
export type Channel = 'sms' | 'email';

export interface OutboundMessage {
  channel: Channel;
  /** E.164 number for sms, address for email. */
  to: string;
  /** E-mail subject (ignored for sms). */
  subject?: string;
  text: string;
  /** Same key, same message: a retried send is not delivered twice. */
  idempotencyKey: string;
}

export interface SentMessage {
  /** The gateway's id of the message. */
  id: string;
  /** The gateway's TMF681 state, e.g. `completed`, `inProgress`. */
  state: string;
}

/** The port through which Ordo sends SMS and e-mail (a TMF681 Communication gateway first). */
export interface NotificationChannel {
  send(message: OutboundMessage, signal?: AbortSignal): Promise<SentMessage>;
}

/** The gateway refused the message (4xx other than 429): retrying it unchanged would not help. */
export class NotificationRejectedError extends Error {
  override readonly name = 'NotificationRejectedError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
