/**
 * The part of TMF681 Communication Management v4 (schemas/tmf/TMF681-Communication-v4.0.0.swagger.json) that Ordo
 * uses, shared by the channel and the simulator.
 *
 * - `POST {BASE_PATH}/communicationMessage` (createCommunicationMessage): CommunicationMessageCreate → 201
 *   CommunicationMessage. v4 has no `/communicationMessage/send` task: creating the message sends it.
 *   Not TMF, as payment APIs do: an `Idempotency-Key` header; the same key and body again → 200 with the message
 *   first created, nothing sent again; the same key with another body → 409.
 * - `GET {BASE_PATH}/communicationMessage/{id}` → 200 CommunicationMessage, or 404.
 * - `GET {BASE_PATH}/communicationMessage[?receiver.phoneNumber=…|receiver.email=…]` → 200 CommunicationMessage[].
 *
 * Requests carry `Authorization: Bearer <apiKey>` (401); errors answer TmfErrorBody.
 */

export const BASE_PATH = '/tmf-api/communicationManagement/v4';
export const MESSAGES_PATH = `${BASE_PATH}/communicationMessage`;
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** An SMS receiver's number: E.164, `+` and 7 to 15 digits. */
export const E164_NUMBER = /^\+[1-9]\d{6,14}$/;

/** TMF681 leaves messageType free text ("such as SMS, Email…"); these two are the ones Ordo sends. */
export type MessageType = 'SMS' | 'email';

/** CommunicationMessageStateType. */
export type CommunicationMessageState = 'initial' | 'inProgress' | 'completed' | 'cancelled' | 'failed';

/** One receiver: a phoneNumber for SMS, an email for e-mail. */
export interface Receiver {
  phoneNumber?: string;
  email?: string;
  name?: string;
}

/** For SMS an alphanumeric sender id (`name`) or a number; for e-mail the from address. */
export interface Sender {
  phoneNumber?: string;
  email?: string;
  name?: string;
}

/** CommunicationMessage_Create: content, receiver, sender and messageType are required. */
export interface CommunicationMessageCreate {
  messageType: MessageType;
  content: string;
  /** Necessary for e-mail, says TMF681. */
  subject?: string;
  receiver: Receiver[];
  sender: Sender;
  '@type'?: string;
}

export interface CommunicationMessage extends CommunicationMessageCreate {
  id: string;
  href: string;
  state: CommunicationMessageState;
  /** ISO 8601. */
  sendTime?: string;
}

/** TMF630's Error: `code` and `reason` required; `status` is the HTTP status as a string. */
export interface TmfErrorBody {
  code: string;
  reason: string;
  message?: string;
  status?: string;
  '@type'?: string;
}

export const messagePath = (id: string) => `${MESSAGES_PATH}/${encodeURIComponent(id)}`;
