import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse, type Method } from 'axios';
import { answerOf, isRetryableStatus, RetryableFailure, retryPolicy, withRetries, type RetryOptions, type RetryPolicy } from '../http-retry.js';
import { IdentityRejectedError, type IdentityProvider, type IdentityUser } from '../../engine/customers/identity-provider.js';
import { executeActionsEmailPath, PHONE_ATTRIBUTE, tokenPath, userPath, usersPath, type RequiredAction, type UserRepresentation } from './keycloak-api.js';

export interface KeycloakIdentityProviderOptions extends RetryOptions {
  /** e.g. http://localhost:8081 (paths are added to it). */
  baseUrl: string;
  realm: string;
  /** A confidential client with a service account holding the realm-management `manage-users` role. */
  clientId: string;
  clientSecret: string;
  /** Per HTTP request (ms). */
  timeoutMs: number;
  /** The user attribute a protocol mapper puts in the token's party claim; default 'ordo_party'. */
  partyAttribute?: string;
}

interface AdminToken {
  value: string;
  /** Epoch ms after which a new token is fetched. */
  renewAt: number;
}

/** Renew a token this long before Keycloak says it expires (ms), or at half its life when that is shorter. */
const RENEW_BEFORE_MS = 30_000;

/**
 * Keycloak as Ordo's identity provider, through the Admin REST API with a client-credentials admin token. The token
 * is shared by all callers, renewed shortly before it expires, and fetched anew once when Keycloak answers 401.
 */
export class KeycloakIdentityProvider implements IdentityProvider {
  private readonly http: AxiosInstance;
  private readonly partyAttribute: string;
  private readonly retry: RetryPolicy;
  private token: AdminToken | undefined;
  private tokenRequest: Promise<AdminToken> | undefined;

  constructor(private readonly options: KeycloakIdentityProviderOptions) {
    this.http = axios.create({ baseURL: options.baseUrl.replace(/\/+$/, ''), timeout: options.timeoutMs, headers: { Accept: 'application/json' }, validateStatus: () => true, maxRedirects: 0 });
    this.partyAttribute = options.partyAttribute ?? 'ordo_party';
    this.retry = retryPolicy(options);
  }

  async ensureUser(user: IdentityUser, signal?: AbortSignal): Promise<{ userId: string }> {
    const created = await this.admin('POST', usersPath(this.options.realm), { body: representationOf(user), tolerate: 409, signal });
    if (created.status !== 409) return { userId: idFromLocation(created) };
    // Taken: by this user when a retried step created it before, else by another user with the same e-mail.
    const query = new URLSearchParams({ username: user.username, exact: 'true' });
    const found = await this.admin('GET', `${usersPath(this.options.realm)}?${query}`, { signal });
    const same = (Array.isArray(found.data) ? (found.data as UserRepresentation[]) : []).find((u) => u.username?.toLowerCase() === user.username.toLowerCase());
    if (typeof same?.id !== 'string') throw rejected(`POST ${usersPath(this.options.realm)}`, created);
    return { userId: same.id };
  }

  async linkParty(userId: string, party: string, signal?: AbortSignal): Promise<void> {
    const path = userPath(this.options.realm, userId);
    const user = (await this.admin('GET', path, { signal })).data as UserRepresentation;
    // Keycloak's PUT replaces the attributes as a whole: the others are sent back unchanged.
    await this.admin('PUT', path, { body: { ...user, attributes: { ...user.attributes, [this.partyAttribute]: [party] } }, signal });
  }

  async requestPasswordSetup(userId: string, signal?: AbortSignal): Promise<void> {
    const actions: RequiredAction[] = ['UPDATE_PASSWORD'];
    await this.admin('PUT', executeActionsEmailPath(this.options.realm, userId), { body: actions, signal });
  }

  async deleteUser(userId: string, signal?: AbortSignal): Promise<void> {
    const path = userPath(this.options.realm, userId);
    const res = await this.admin('DELETE', path, { tolerate: 404, signal });
    // Only Keycloak's own answer for an unknown user: a 404 from a wrong URL must not read as "already deleted".
    if (res.status === 404 && detailOf(res.data) !== 'User not found') throw rejected(`DELETE ${path}`, res);
  }

  /** A 2xx answer (or the `tolerate`d status), an IdentityRejectedError for another 4xx, or an Error once retries are spent. */
  private async admin(method: Method, path: string, options: { body?: unknown; tolerate?: number; signal?: AbortSignal | undefined }): Promise<AxiosResponse<unknown>> {
    const { body, tolerate, signal } = options;
    const what = `${method} ${path.split('?')[0]}`;
    let renewed = false;
    const attempt = async (): Promise<AxiosResponse<unknown>> => {
      const token = await this.adminToken(signal);
      const res = await this.request({ method, url: path, data: body, headers: { Authorization: `Bearer ${token.value}` } }, signal);
      if (res.status === 401 && !renewed) {
        // Expired early or revoked: once more with a new token, not counted as a retry.
        renewed = true;
        this.dropToken(token);
        return attempt();
      }
      if ((res.status >= 200 && res.status < 300) || res.status === tolerate) return res;
      if (!isRetryableStatus(res.status)) throw rejected(what, res);
      throw new RetryableFailure(`HTTP ${res.status}`);
    };
    return withRetries(what, this.retry, attempt, signal);
  }

  private adminToken(signal: AbortSignal | undefined): Promise<AdminToken> {
    if (this.token && Date.now() < this.token.renewAt) return Promise.resolve(this.token);
    // Not bound to one caller's signal: others may be waiting for the same token.
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return abortable(this.tokenRequest, signal);
  }

  /** Drops `token` unless another caller has already replaced it. */
  private dropToken(token: AdminToken): void {
    if (this.token === token) this.token = undefined;
  }

  private async fetchToken(): Promise<AdminToken> {
    const path = tokenPath(this.options.realm);
    const what = `POST ${path}`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret });
    const res = await this.request({ method: 'POST', url: path, data: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, undefined);
    if (isRetryableStatus(res.status)) throw new RetryableFailure(`admin token: HTTP ${res.status}`);
    if (res.status !== 200) throw rejected(what, res);
    const { access_token: value, expires_in: expiresInS } = (res.data ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (typeof value !== 'string' || !value || typeof expiresInS !== 'number') throw new Error(`${what}: the answer has no access_token and expires_in`);
    const lifeMs = expiresInS * 1000;
    this.token = { value, renewAt: Date.now() + lifeMs - Math.min(RENEW_BEFORE_MS, lifeMs / 2) };
    return this.token;
  }

  /**
   * One HTTP request; a network failure or timeout becomes a RetryableFailure, unless the caller aborted. Axios's own
   * errors are not passed on: they carry the request, with the client secret or the admin token in it.
   */
  private request(config: AxiosRequestConfig, signal: AbortSignal | undefined): Promise<AxiosResponse<unknown>> {
    return answerOf(this.http.request<unknown>({ ...config, ...(signal ? { signal } : {}) }), { timeoutMs: this.options.timeoutMs, signal });
  }
}

function representationOf(user: IdentityUser): UserRepresentation {
  return {
    username: user.username,
    enabled: true,
    emailVerified: user.emailVerified,
    ...(user.email !== undefined ? { email: user.email } : {}),
    ...(user.givenName !== undefined ? { firstName: user.givenName } : {}),
    ...(user.familyName !== undefined ? { lastName: user.familyName } : {}),
    ...(user.phone !== undefined ? { attributes: { [PHONE_ATTRIBUTE]: [user.phone] } } : {}),
  };
}

/** The new user's id: the last segment of the 201's Location. */
function idFromLocation(res: AxiosResponse<unknown>): string {
  const location = res.headers['location'];
  const id = typeof location === 'string' ? decodeURIComponent(location.replace(/\/+$/, '').split('/').pop() ?? '') : '';
  if (!id) throw new Error(`Keycloak created the user but answered ${res.status} without a Location naming it`);
  return id;
}

function rejected(what: string, res: AxiosResponse<unknown>): IdentityRejectedError {
  const hint = res.status === 403 ? '(does the admin client have the manage-users role?)' : '';
  return new IdentityRejectedError(res.status, [`${what}: HTTP ${res.status}`, detailOf(res.data), hint].filter(Boolean).join(' '));
}

/** What Keycloak said, in either of its error shapes. */
function detailOf(data: unknown): string {
  const body = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  return [body['error'], body['error_description'], body['errorMessage']].filter((s): s is string => typeof s === 'string' && s !== '').join(': ');
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
