import type { Db } from 'mongodb';
import type { Forgetter } from '../customers/erase-customer.js';
import type { ListSpec } from '../tmf/list-query.js';
import { TmfRecordStore, type StoredRecord } from '../tmf/tmf-record-store.js';
import { TmfSchemas } from '../tmf/schema-validator.js';
import type { NotificationChannel, OutboundMessage } from './notification-channel.js';

export const tmf681 = new TmfSchemas('tmf681', 'TMF681-Communication-v4.0.0.swagger.json');
export const TMF681_BASE_PATH = '/tmf-api/communicationManagement/v4';

export const messageListSpec: ListSpec = {
  filterable: { id: 'string', state: 'string', messageType: 'string', 'receiver.email': 'string', 'receiver.phoneNumber': 'string', sendTime: 'date' },
  sortable: ['sendTime', 'state'],
  defaultSort: '-sendTime',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href'],
};

type MessageRecord = StoredRecord & { id: string; receiver: { email?: string; phoneNumber?: string }[] };

export interface Notice extends OutboundMessage {
  /** The text as Ordo records it: without secrets such as a one-time password. */
  recordedText: string;
}

/** No gateway is configured: nothing can be sent. */
export class NoChannelError extends Error {
  override readonly name = 'NoChannelError';
}

/**
 * SMS and e-mail to customers, through the configured gateway, each recorded as a TMF681
 * CommunicationMessage (text as `recordedText`: codes never reach the database or the logs).
 * A repeated notice (same idempotency key) is sent and recorded once.
 */
export class Notifications {
  readonly records: TmfRecordStore<MessageRecord>;

  constructor(
    db: Db,
    private readonly channel: NotificationChannel | undefined,
    publicUrl: () => string,
  ) {
    this.records = new TmfRecordStore<MessageRecord>(db, TMF681_BASE_PATH, 'communicationMessage', messageListSpec, publicUrl);
  }

  ensureIndexes(): Promise<void> {
    return this.records.ensureIndexes();
  }

  async send(notice: Notice, signal?: AbortSignal): Promise<{ id: string; state: string }> {
    if (!this.channel) throw new NoChannelError('no Communication gateway is configured (ORDO_NOTIFY_URL)');
    const { recordedText, ...message } = notice;
    const sent = await this.channel.send(message, signal);
    const id = `${sent.id}`;
    await this.records.insertOnce({
      _id: id,
      id,
      href: this.records.href(id),
      messageType: notice.channel === 'sms' ? 'SMS' : 'email',
      ...(notice.channel === 'email' && notice.subject ? { subject: notice.subject } : {}),
      content: recordedText,
      receiver: [notice.channel === 'sms' ? { phoneNumber: notice.to } : { email: notice.to }],
      sender: { name: 'Ordo' },
      state: sent.state,
      sendTime: new Date().toISOString(),
      '@type': 'CommunicationMessage',
      _ordo: { revision: 0, key: notice.idempotencyKey },
    } as unknown as MessageRecord);
    return sent;
  }

  /** Erasure: messages to the person's addresses are removed. */
  forgetter(): Forgetter {
    return {
      what: 'communicationMessages',
      forget: async (subject) => {
        const result = await this.records.collection.deleteMany({ $or: [{ 'receiver.email': { $in: subject.emails } }, { 'receiver.phoneNumber': { $in: subject.phones } }] });
        return result.deletedCount;
      },
    };
  }
}

