import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { answerOf, isRetryableStatus, RetryableFailure, retryPolicy, withRetries, type RetryOptions, type RetryPolicy } from '../http-retry.js';
import { CpqRejectedError, type CpqSystem, type OrderUpdate } from '../../engine/cpq/cpq-system.js';
import { platformEventOf } from './platform-event.js';
import { NOTIFICATION_PATH, TOKEN_PATH, type OrderNotification } from './salesforce-api.js';

export interface SalesforceClientOptions extends RetryOptions {
  /** Where tokens are asked for: https://login.salesforce.com, or the org's My Domain URL. */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per HTTP request (ms). */
  timeoutMs: number;
  /** A cached token is fetched anew after this long (ms) even if Salesforce still takes it; default 30 minutes. */
  tokenTtlMs?: number;
}

interface Session {
  accessToken: string;
  instanceUrl: string;
  obtainedAt: number;
}

/**
 * The CPQ port over Salesforce: sends Ordo's order updates as Platform Events, authenticated with the OAuth 2.0 client
 * credentials flow. One token is shared by all callers and fetched again when it is older than tokenTtlMs or
 * Salesforce answers INVALID_SESSION_ID.
 */
export class SalesforceClient implements CpqSystem {
  private readonly http: AxiosInstance;
  private readonly loginUrl: string;
  private readonly tokenTtlMs: number;
  private readonly retry: RetryPolicy;
  private session: Session | undefined;
  private sessionRequest: Promise<Session> | undefined;

  constructor(private readonly options: SalesforceClientOptions) {
    this.http = axios.create({ timeout: options.timeoutMs, headers: { Accept: 'application/json' }, validateStatus: () => true, maxRedirects: 0 });
    this.loginUrl = options.loginUrl.replace(/\/+$/, '');
    this.tokenTtlMs = options.tokenTtlMs ?? 30 * 60_000;
    this.retry = retryPolicy(options);
  }

  sendOrderUpdate(update: OrderUpdate, signal?: AbortSignal): Promise<{ id: string }> {
    return this.sendNotification(platformEventOf(update), signal);
  }

  /** Publishes the notification; resolves with the event's id. A refusal is a CpqRejectedError. */
  async sendNotification(notification: OrderNotification, signal?: AbortSignal): Promise<{ id: string }> {
    const what = `POST ${NOTIFICATION_PATH}`;
    let refreshed = false;
    const attempt = async (): Promise<{ id: string }> => {
      const session = await this.currentSession(signal);
      const res = await this.request({ method: 'POST', url: `${session.instanceUrl}${NOTIFICATION_PATH}`, data: notification, headers: { Authorization: `Bearer ${session.accessToken}` } }, what, signal);
      if (res.status >= 200 && res.status < 300) return { id: createdId(what, res.data) };
      const error = salesforceError(res.data);
      if (res.status === 401 && error.errorCode === 'INVALID_SESSION_ID' && !refreshed) {
        // The token expired or was revoked: one more try with a new one, not counted as a retry.
        refreshed = true;
        this.dropSession(session);
        return attempt();
      }
      if (!isRetryableStatus(res.status)) throw new CpqRejectedError(res.status, error.errorCode, `${what}: HTTP ${res.status} ${error.errorCode}${error.message ? `: ${error.message}` : ''}`);
      throw new RetryableFailure(`${what}: HTTP ${res.status}`);
    };
    return withRetries(`Salesforce notification ${notification.Notification_Id__c}`, this.retry, attempt, signal);
  }

  /** Forgets the cached token: the next call fetches a new one. */
  invalidateToken(): void {
    this.session = undefined;
  }

  private currentSession(signal: AbortSignal | undefined): Promise<Session> {
    const session = this.session;
    if (session && Date.now() - session.obtainedAt < this.tokenTtlMs) return Promise.resolve(session);
    // Not bound to one caller's signal: others may be waiting for the same token.
    this.sessionRequest ??= this.fetchSession().finally(() => {
      this.sessionRequest = undefined;
    });
    return abortable(this.sessionRequest, signal);
  }

  /** Drops `session` unless another caller has already replaced it. */
  private dropSession(session: Session): void {
    if (this.session === session) this.session = undefined;
  }

  private async fetchSession(): Promise<Session> {
    const what = `POST ${TOKEN_PATH}`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret });
    const res = await this.request({ method: 'POST', url: `${this.loginUrl}${TOKEN_PATH}`, data: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, what, undefined);
    if (res.status === 200) {
      const body = (res.data ?? {}) as { access_token?: unknown; instance_url?: unknown };
      if (typeof body.access_token !== 'string' || !body.access_token || typeof body.instance_url !== 'string' || !body.instance_url) throw new Error(`${what}: the answer has no access_token and instance_url`);
      this.session = { accessToken: body.access_token, instanceUrl: body.instance_url.replace(/\/+$/, ''), obtainedAt: Date.now() };
      return this.session;
    }
    if (isRetryableStatus(res.status)) throw new RetryableFailure(`${what}: HTTP ${res.status}`);
    const body = (res.data ?? {}) as { error?: unknown; error_description?: unknown };
    const code = typeof body.error === 'string' ? body.error : 'unknown_error';
    const detail = `${what}: HTTP ${res.status} ${code}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`;
    const message = code.startsWith('invalid_client') ? `Salesforce refused the client id or secret (${detail})` : detail;
    throw new CpqRejectedError(res.status, code, message);
  }

  /** One HTTP request; a network failure or timeout becomes a RetryableFailure, unless the caller aborted. */
  private request(config: AxiosRequestConfig, what: string, signal: AbortSignal | undefined): Promise<AxiosResponse<unknown>> {
    // Not the axios error as the cause: it carries the request, with the client secret or the bearer token.
    return answerOf(this.http.request<unknown>({ ...config, ...(signal ? { signal } : {}) }), { timeoutMs: this.options.timeoutMs, signal, what });
  }
}

function createdId(what: string, data: unknown): string {
  const id = (data as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !id) throw new Error(`${what}: Salesforce's answer has no id`);
  return id;
}

/** The first error of Salesforce's `[{ message, errorCode }]` body. */
function salesforceError(data: unknown): { errorCode: string; message?: string } {
  const first = (Array.isArray(data) ? data[0] : data) as { errorCode?: unknown; message?: unknown } | null | undefined;
  return {
    errorCode: typeof first?.errorCode === 'string' ? first.errorCode : 'UNKNOWN_ERROR',
    ...(typeof first?.message === 'string' ? { message: first.message } : {}),
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
