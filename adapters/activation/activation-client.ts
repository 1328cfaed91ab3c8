import { IdempotentJsonApi, type IdempotentApiOptions } from '../idempotent-json-api.js';
import { ActivationRejectedError, type ActivationGateway } from '../../engine/activation/activation-gateway.js';
import { linePath, subscriberPath, type ActivateLineRequest, type ActivateSubscriberRequest, type LineRecord, type SubscriberRecord } from './activation-api.js';

export type ActivationClientOptions = IdempotentApiOptions;

type Identified = 'msisdn' | 'lineId';

/**
 * Client of the network activation gateway. Every retry of a call sends the same idempotency key, so an activation
 * whose answer was lost is not made twice. The port's requests and records are the gateway's wire shapes.
 */
export class ActivationClient implements ActivationGateway {
  private readonly api: IdempotentJsonApi;

  constructor(options: ActivationClientOptions) {
    this.api = new IdempotentJsonApi(options, (status, code, message) => new ActivationRejectedError(status, code, message));
  }

  activateSubscriber(msisdn: string, request: ActivateSubscriberRequest, idempotencyKey: string, signal?: AbortSignal): Promise<SubscriberRecord> {
    return this.call<SubscriberRecord>('PUT', subscriberPath(msisdn), 'msisdn', { body: request, idempotencyKey, signal });
  }

  /** Undefined when the network does not know the number. */
  getSubscriber(msisdn: string, signal?: AbortSignal): Promise<SubscriberRecord | undefined> {
    return absentOn404(this.call<SubscriberRecord>('GET', subscriberPath(msisdn), 'msisdn', { signal }));
  }

  deactivateSubscriber(msisdn: string, idempotencyKey: string, signal?: AbortSignal): Promise<SubscriberRecord> {
    return this.call<SubscriberRecord>('DELETE', subscriberPath(msisdn), 'msisdn', { idempotencyKey, signal });
  }

  activateLine(lineId: string, request: ActivateLineRequest, idempotencyKey: string, signal?: AbortSignal): Promise<LineRecord> {
    return this.call<LineRecord>('PUT', linePath(lineId), 'lineId', { body: request, idempotencyKey, signal });
  }

  /** Undefined when the network does not know the line. */
  getLine(lineId: string, signal?: AbortSignal): Promise<LineRecord | undefined> {
    return absentOn404(this.call<LineRecord>('GET', linePath(lineId), 'lineId', { signal }));
  }

  deactivateLine(lineId: string, idempotencyKey: string, signal?: AbortSignal): Promise<LineRecord> {
    return this.call<LineRecord>('DELETE', linePath(lineId), 'lineId', { idempotencyKey, signal });
  }

  private async call<T>(method: 'GET' | 'PUT' | 'DELETE', path: string, id: Identified, options: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal | undefined }): Promise<T> {
    return answer<T>(`${method} ${path}`, await this.api.call(method, path, options), id);
  }
}

async function absentOn404<T>(pending: Promise<T>): Promise<T | undefined> {
  try {
    return await pending;
  } catch (err) {
    // Only the gateway's own not_found: a 404 from a wrong base URL must not read as "not provisioned".
    if (err instanceof ActivationRejectedError && err.status === 404 && err.code === 'not_found') return undefined;
    throw err;
  }
}

function answer<T>(what: string, data: unknown, id: Identified): T {
  if (data === null || typeof data !== 'object' || typeof (data as Record<string, unknown>)[id] !== 'string') throw new Error(`${what}: the gateway's answer is not a record with a ${id}`);
  return data as T;
}
