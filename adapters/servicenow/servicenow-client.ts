import axios, { type AxiosInstance, type Method } from 'axios';
import { IncidentDeskRejectedError } from '../../engine/fallout/incident-desk.js';
import { answerOf, isRetryableStatus, RetryableFailure, retryPolicy, withRetries, type RetryOptions, type RetryPolicy } from '../http-retry.js';
import {
  CORRELATION_DISPLAY,
  FALLOUT_CATEGORY,
  INCIDENT_PATH,
  INCIDENT_STATE,
  OAUTH_TOKEN_PATH,
  basicAuthHeader,
  isOpen,
  type CreateIncidentRequest,
  type Incident,
  type IncidentPatch,
  type NewIncident,
  type OAuthToken,
} from './servicenow-api.js';

export type ServiceNowAuth = { kind: 'basic'; user: string; password: string } | { kind: 'oauth'; clientId: string; clientSecret: string };

export interface ServiceNowClientOptions extends RetryOptions {
  /** e.g. https://acme.service-now.com */
  instanceUrl: string;
  auth: ServiceNowAuth;
  /** Per attempt (ms). */
  timeoutMs: number;
}

/** One HTTP answer, from the Table API or, when getting a token failed, from the token endpoint. */
interface Answer {
  what: string;
  status: number;
  data: unknown;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * Client of ServiceNow's incident table. `openIncident` is idempotent on correlation_id, so a repeated job never opens
 * a second incident for the same fallout.
 */
export class ServiceNowClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;
  private token: CachedToken | undefined;
  private tokenRequest: Promise<CachedToken | Answer> | undefined;

  constructor(private readonly options: ServiceNowClientOptions) {
    this.http = axios.create({
      baseURL: options.instanceUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      headers: { Accept: 'application/json' },
      validateStatus: () => true,
      maxRedirects: 0,
    });
    this.retry = retryPolicy(options);
  }

  /**
   * Opens an incident for `input.correlation_id`, or answers the one already open for it. ServiceNow does not refuse
   * a second incident with the same correlation_id, so every attempt (a job handed out again after a worker died
   * between creating and recording) looks it up first; a create that gets no answer (it may have been stored all
   * the same) is looked up too before it is sent again.
   */
  async openIncident(input: NewIncident, signal?: AbortSignal): Promise<Incident> {
    const existing = await this.findIncident(input.correlation_id, signal);
    if (existing && isOpen(existing)) return existing;
    const body: CreateIncidentRequest = { ...input, category: FALLOUT_CATEGORY, correlation_display: CORRELATION_DISPLAY };
    return this.call<Incident>('POST', INCIDENT_PATH, { body, signal, afterNoAnswer: () => this.findIncident(input.correlation_id, signal, 0).then((i) => (i && isOpen(i) ? i : undefined)) });
  }

  getIncident(sysId: string, signal?: AbortSignal): Promise<Incident> {
    return this.call<Incident>('GET', incidentPath(sysId), { signal });
  }

  /** Appends a work note. A retry after a lost answer may append it twice. */
  addWorkNote(sysId: string, text: string, signal?: AbortSignal): Promise<Incident> {
    return this.patch(sysId, { work_notes: text }, signal);
  }

  closeIncident(sysId: string, closeCode: string, closeNotes: string, signal?: AbortSignal): Promise<Incident> {
    return this.patch(sysId, { state: INCIDENT_STATE.closed, close_code: closeCode, close_notes: closeNotes }, signal);
  }

  /** The incident for this correlation_id: the open one if any, else the newest. */
  async findIncident(correlationId: string, signal?: AbortSignal, retries = this.retry.retries): Promise<Incident | undefined> {
    const found = await this.call<Incident[]>('GET', INCIDENT_PATH, { params: { sysparm_query: `correlation_id=${correlationId}` }, signal, retries });
    const matching = found.filter((i) => i.correlation_id === correlationId);
    return matching.find(isOpen) ?? matching.sort((a, b) => a.sys_created_on.localeCompare(b.sys_created_on)).at(-1);
  }

  private patch(sysId: string, body: IncidentPatch, signal: AbortSignal | undefined): Promise<Incident> {
    return this.call<Incident>('PATCH', incidentPath(sysId), { body, signal });
  }

  private async call<T>(
    method: Method,
    path: string,
    options: { body?: unknown; params?: Record<string, string>; signal?: AbortSignal | undefined; retries?: number; afterNoAnswer?: () => Promise<T | undefined> },
  ): Promise<T> {
    const { signal, afterNoAnswer } = options;
    return withRetries(
      `${method} ${path}`,
      { ...this.retry, retries: options.retries ?? this.retry.retries },
      async () => {
        let answer: Answer;
        try {
          answer = await answerOf(this.send(method, path, options), { timeoutMs: this.options.timeoutMs, signal });
        } catch (err) {
          // The request may have been carried out all the same.
          const found = err instanceof RetryableFailure && afterNoAnswer && (await afterNoAnswer().catch(() => undefined));
          if (found) return found;
          throw err;
        }
        if (answer.status >= 200 && answer.status < 300) return result<T>(answer);
        if (!isRetryableStatus(answer.status)) throw rejected(answer);
        throw new RetryableFailure(`${answer.what}: HTTP ${answer.status}`);
      },
      signal,
    );
  }

  /** One attempt; with OAuth, a 401 drops the cached token and the request goes once more with a new one. */
  private async send(method: Method, path: string, options: { body?: unknown; params?: Record<string, string>; signal?: AbortSignal | undefined }): Promise<Answer> {
    for (let renewed = false; ; renewed = true) {
      const authorization = await this.authorization();
      if (typeof authorization !== 'string') return authorization;
      const res = await this.http.request<unknown>({
        method,
        url: path,
        data: options.body,
        params: options.params,
        headers: { Authorization: authorization },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (res.status === 401 && this.options.auth.kind === 'oauth' && !renewed) {
        if (this.token && `Bearer ${this.token.value}` === authorization) this.token = undefined;
        continue;
      }
      return { what: `${method} ${path}`, status: res.status, data: res.data };
    }
  }

  /** The Authorization header, or the token endpoint's failed answer. */
  private async authorization(): Promise<string | Answer> {
    const { auth } = this.options;
    if (auth.kind === 'basic') return basicAuthHeader(auth.user, auth.password);
    let token = this.token;
    if (!token || Date.now() >= token.refreshAt) {
      // Concurrent calls share one token request; it is bounded by the timeout, not by one caller's signal.
      this.tokenRequest ??= this.requestToken(auth.clientId, auth.clientSecret).finally(() => (this.tokenRequest = undefined));
      const got = await this.tokenRequest;
      if (!('value' in got)) return got;
      token = got;
    }
    return `Bearer ${token.value}`;
  }

  private async requestToken(clientId: string, clientSecret: string): Promise<CachedToken | Answer> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    const res = await this.http.post<unknown>(OAUTH_TOKEN_PATH, form);
    if (res.status !== 200) return { what: `POST ${OAUTH_TOKEN_PATH}`, status: res.status, data: res.data };
    const body = (res.data ?? {}) as Partial<OAuthToken>;
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') throw new Error(`POST ${OAUTH_TOKEN_PATH}: the answer is not a token`);
    const lifetimeMs = body.expires_in * 1000;
    this.token = { value: body.access_token, refreshAt: Date.now() + lifetimeMs - Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 10) };
    return this.token;
  }
}

const incidentPath = (sysId: string) => `${INCIDENT_PATH}/${encodeURIComponent(sysId)}`;

function result<T>(answer: Answer): T {
  const data = answer.data as { result?: unknown } | null;
  if (data === null || typeof data !== 'object' || data.result === null || typeof data.result !== 'object') throw new Error(`${answer.what}: the answer has no result`);
  return data.result as T;
}

/** ServiceNow's `{ error: { message, detail } }`, or OAuth's `{ error, error_description }` from the token endpoint. */
function rejected(answer: Answer): IncidentDeskRejectedError {
  const body = (answer.data !== null && typeof answer.data === 'object' ? answer.data : {}) as Record<string, unknown>;
  const error = body['error'];
  const nested = (error !== null && typeof error === 'object' ? error : {}) as Record<string, unknown>;
  const message = text(nested['message']) ?? text(error) ?? `HTTP ${answer.status}`;
  const detail = text(nested['detail']) ?? text(body['error_description']) ?? message;
  return new IncidentDeskRejectedError(answer.status, detail, `${answer.what}: HTTP ${answer.status} ${message}${detail !== message ? `: ${detail}` : ''}`);
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
