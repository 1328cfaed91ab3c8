import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import express from 'express';
import { decodeJwt } from 'jose';
import type { TokenClaims } from '../oidc/local-issuer.js';
import { listenAs, FaultySimulator, HttpError, type ListenOptions } from '../simulator-support.js';
import {
  REQUIRED_ACTIONS,
  tokenPath,
  userPath,
  usersPath,
  type AdminErrorBody,
  type OAuthErrorBody,
  type RequiredAction,
  type TokenResponse,
  type UserRepresentation,
} from './keycloak-api.js';

export interface KeycloakSimulatorOptions extends ListenOptions {
  /** Default 'ordo'. */
  realm?: string;
  /** The confidential client allowed to use the admin API. */
  adminClientId: string;
  adminClientSecret: string;
  /** The user attribute put in end users' tokens as the `party` claim; default 'ordo_party'. */
  partyAttribute?: string;
  /** Signs end users' tokens; without it the password grant answers 501. */
  mint?: (claims: TokenClaims) => Promise<string>;
  /** Realm roles in end users' tokens. */
  userRoles?: string[];
  /** Lifetime of admin tokens (s); default 300, Keycloak's default access token lifespan. */
  adminTokenLifespanS?: number;
}

/** One execute-actions-email request, as Keycloak would have e-mailed it. */
export interface ActionEmail {
  actions: RequiredAction[];
  /** The query parameters Keycloak takes, when given. */
  lifespan?: number;
  redirectUri?: string;
  clientId?: string;
  requestedAt: string;
}

interface PasswordHash {
  salt: Buffer;
  hash: Buffer;
}

const hashPassword = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;
const HASH_LENGTH = 32;
/** Compared against when the username is unknown, so that a wrong name takes as long as a wrong password. */
const NO_USER: PasswordHash = { salt: randomBytes(16), hash: randomBytes(HASH_LENGTH) };

const copy = <T>(value: T): T => structuredClone(value);
const lower = (value: string | undefined) => value?.toLowerCase();

/**
 * Keycloak over real HTTP as far as Ordo meets it (see keycloak-api.ts): the token endpoint (admin client credentials,
 * and the password grant for end users), and the users of one realm through the Admin REST API, kept in memory.
 */
export class KeycloakSimulator extends FaultySimulator {
  readonly realm: string;
  private readonly usersById = new Map<string, UserRepresentation>();
  private readonly passwords = new Map<string, PasswordHash>();
  private readonly emails = new Map<string, ActionEmail[]>();
  /** Admin access token → expiry (epoch ms). */
  private readonly adminTokens = new Map<string, number>();
  private readonly requests: { method: string; path: string }[] = [];
  private readonly partyAttribute: string;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly options: KeycloakSimulatorOptions,
  ) {
    super();
    this.realm = options.realm ?? 'ordo';
    this.partyAttribute = options.partyAttribute ?? 'ordo_party';
  }

  static async start(options: KeycloakSimulatorOptions): Promise<KeycloakSimulator> {
    const realm = options.realm ?? 'ordo';
    const users = usersPath(realm);
    const app = express();
    app.disable('x-powered-by');
    let simulator: KeycloakSimulator | undefined;
    app.use((req, res, next) => simulator!.gate(req, res, next));
    app.post(tokenPath(realm), express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => simulator!.token(req, res));
    app.use('/admin', (req, res, next) => simulator!.authorize(req, res, next), express.json({ limit: '64kb' }));
    app.post(users, (req, res) => simulator!.createUser(req, res));
    app.get(users, (req, res) => simulator!.findUsers(req, res));
    app.get(`${users}/:id`, (req, res) => void res.json(copy(simulator!.found(req))));
    app.put(`${users}/:id`, (req, res) => simulator!.updateUser(req, res));
    app.delete(`${users}/:id`, (req, res) => simulator!.deleteUser(req, res));
    app.put(`${users}/:id/execute-actions-email`, (req, res) => simulator!.executeActionsEmail(req, res));
    app.put(`${users}/:id/reset-password`, (req, res) => simulator!.resetPassword(req, res));
    app.use((_req: express.Request, res: express.Response) => void res.status(404).json({ error: 'HTTP 404 Not Found' } satisfies AdminErrorBody));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const status = (err as { status?: unknown }).status;
      // An HttpError's code is the field Keycloak puts its message in: `error` or `errorMessage`.
      if (err instanceof HttpError) res.status(err.status).json({ [err.code]: err.message } satisfies AdminErrorBody);
      else if (typeof status === 'number' && status >= 400 && status < 500) res.status(400).json({ error: 'unable to read the request body' } satisfies AdminErrorBody);
      else res.status(500).json({ error: 'unknown_error' } satisfies AdminErrorBody);
    });
    const { server, baseUrl } = await listenAs(app, options);
    simulator = new KeycloakSimulator(server, baseUrl, options);
    return simulator;
  }

  /** The realm's users, in the order created. */
  users(): UserRepresentation[] {
    return [...this.usersById.values()].map(copy);
  }

  user(id: string): UserRepresentation | undefined {
    const user = this.usersById.get(id);
    return user && copy(user);
  }

  userByUsername(username: string): UserRepresentation | undefined {
    const user = this.byField('username', username);
    return user && copy(user);
  }

  /** The execute-actions-email requests received for the user, oldest first. */
  actionEmails(userId: string): ActionEmail[] {
    return (this.emails.get(userId) ?? []).map(copy);
  }

  /**
   * What the user does after following the link of an execute-actions e-mail asking for UPDATE_PASSWORD: sets
   * `password` (only its scrypt hash is kept) and the action is done. Throws when no such e-mail was asked for.
   */
  async completeRequiredActions(userId: string, password: string): Promise<void> {
    const user = this.usersById.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    if (!this.actionEmails(userId).some((email) => email.actions.includes('UPDATE_PASSWORD'))) throw new Error(`user ${userId} was never e-mailed an UPDATE_PASSWORD link`);
    await this.setPassword(userId, password);
    user.requiredActions = (user.requiredActions ?? []).filter((action) => action !== 'UPDATE_PASSWORD');
  }

  /** Every admin token issued so far is refused from now on, as after a Keycloak restart. */
  revokeAdminTokens(): void {
    this.adminTokens.clear();
  }

  /** Requests received (failed ones included): all, or with one HTTP method, or under one path. */
  requestCount(method?: string, pathPrefix?: string): number {
    return this.requests.filter((r) => (!method || r.method === method.toUpperCase()) && (!pathPrefix || r.path.startsWith(pathPrefix))).length;
  }

  /** Forgets every injected fault (down, failNext); users and tokens stay. */
  reset(): void {
    this.faults.reset();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private gate(req: express.Request, res: express.Response, next: express.NextFunction): void {
    this.requests.push({ method: req.method.toUpperCase(), path: req.path });
    const fault = this.faults.next();
    if (!fault) return next();
    res.status(fault.status).json({ error: 'simulated_failure', error_description: fault.down ? 'Keycloak is down' : `the simulator was told to answer ${fault.status}` } satisfies OAuthErrorBody);
  }

  private authorize(req: express.Request, res: express.Response, next: express.NextFunction): void {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : this.adminTokens.get(token);
    if (expiresAt === undefined || Date.now() >= expiresAt) return void res.status(401).json({ error: 'HTTP 401 Unauthorized' } satisfies AdminErrorBody);
    next();
  }

  private async token(req: express.Request, res: express.Response): Promise<void> {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const answer = form['grant_type'] === 'client_credentials' ? this.adminToken(req) : form['grant_type'] === 'password' ? await this.passwordGrant(form) : oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
    res.status(answer.status).json(answer.body);
  }

  private adminToken(req: express.Request): { status: number; body: TokenResponse | OAuthErrorBody } {
    const { clientId, secret } = clientCredentials(req);
    if (clientId !== this.options.adminClientId || !sameSecret(this.options.adminClientSecret, secret)) return oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    const lifespanS = this.options.adminTokenLifespanS ?? 300;
    const accessToken = randomBytes(32).toString('base64url');
    this.adminTokens.set(accessToken, Date.now() + lifespanS * 1000);
    return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: lifespanS, scope: 'profile email' } };
  }

  /** An end user signing in (any client_id); the token carries the party attribute as Keycloak's protocol mapper would. */
  private async passwordGrant(form: Record<string, string | undefined>): Promise<{ status: number; body: TokenResponse | OAuthErrorBody }> {
    if (!this.options.mint) return oauthError(501, 'not_implemented', 'the simulator was started without a token minter');
    const user = this.byField('username', form['username']);
    const stored = (user && this.passwords.get(user.id!)) || NO_USER;
    const matches = timingSafeEqual(await hashPassword(form['password'] ?? '', stored.salt, HASH_LENGTH), stored.hash);
    if (!user || !matches) return oauthError(401, 'invalid_grant', 'Invalid user credentials');
    if (!user.enabled) return oauthError(400, 'invalid_grant', 'Account disabled');
    if ((user.requiredActions ?? []).length > 0) return oauthError(400, 'invalid_grant', 'Account is not fully set up');
    const party = user.attributes?.[this.partyAttribute]?.[0];
    const accessToken = await this.options.mint({
      sub: user.id!,
      preferred_username: user.username,
      ...(user.email !== undefined ? { email: user.email } : {}),
      ...(this.options.userRoles ? { roles: [...this.options.userRoles] } : {}),
      ...(party !== undefined ? { party } : {}),
    });
    return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: secondsLeft(accessToken) } };
  }

  private createUser(req: express.Request, res: express.Response): void {
    const body = objectBody(req.body);
    const username = lower(typeof body['username'] === 'string' ? body['username'].trim() : undefined);
    if (!username) throw refused(400, 'User name is missing');
    const user: UserRepresentation = { id: randomUUID(), createdTimestamp: Date.now(), username, enabled: false, emailVerified: false, requiredActions: [], attributes: {} };
    if (this.byField('username', username)) throw refused(409, 'User exists with same username');
    this.apply(user, body);
    this.usersById.set(user.id!, user);
    res.status(201).location(`${this.baseUrl}${userPath(this.realm, user.id!)}`).end();
  }

  private findUsers(req: express.Request, res: express.Response): void {
    const exact = req.query['exact'] === 'true';
    const wanted = (['username', 'email'] as const).flatMap((field) => (typeof req.query[field] === 'string' ? [[field, lower(req.query[field] as string)!] as const] : []));
    const matches = [...this.usersById.values()].filter((user) => wanted.every(([field, value]) => (exact ? lower(user[field]) === value : (lower(user[field]) ?? '').includes(value))));
    res.json(matches.map(copy));
  }

  private updateUser(req: express.Request, res: express.Response): void {
    const user = this.found(req);
    const body = objectBody(req.body);
    if (typeof body['username'] === 'string' && lower(body['username']) !== user.username) throw refused(400, 'error-user-attribute-read-only');
    // Validate on a copy first: a refused update changes nothing.
    const updated = copy(user);
    this.apply(updated, body);
    Object.assign(user, updated);
    res.status(204).end();
  }

  private deleteUser(req: express.Request, res: express.Response): void {
    const user = this.found(req);
    this.usersById.delete(user.id!);
    this.passwords.delete(user.id!);
    res.status(204).end();
  }

  private executeActionsEmail(req: express.Request, res: express.Response): void {
    const user = this.found(req);
    const actions: unknown = req.body;
    if (!Array.isArray(actions) || actions.some((a) => !(REQUIRED_ACTIONS as readonly unknown[]).includes(a))) throw refused(400, 'Provided invalid required actions');
    if (!user.email) throw refused(400, 'User email missing');
    if (!user.enabled) throw refused(400, 'User is disabled');
    const { lifespan, redirect_uri: redirectUri, client_id: clientId } = req.query;
    const email: ActionEmail = {
      actions: actions as RequiredAction[],
      ...(typeof lifespan === 'string' && Number.isInteger(Number(lifespan)) ? { lifespan: Number(lifespan) } : {}),
      ...(typeof redirectUri === 'string' ? { redirectUri } : {}),
      ...(typeof clientId === 'string' ? { clientId } : {}),
      requestedAt: new Date().toISOString(),
    };
    this.emails.set(user.id!, [...(this.emails.get(user.id!) ?? []), email]);
    res.status(204).end();
  }

  private async resetPassword(req: express.Request, res: express.Response): Promise<void> {
    const user = this.found(req);
    const { type, value, temporary } = objectBody(req.body);
    if (type !== 'password' || typeof value !== 'string' || value === '') throw refused(400, 'Invalid password: a value of type password is required');
    await this.setPassword(user.id!, value);
    const others = (user.requiredActions ?? []).filter((action) => action !== 'UPDATE_PASSWORD');
    user.requiredActions = temporary === true ? [...others, 'UPDATE_PASSWORD'] : others;
    res.status(204).end();
  }

  private async setPassword(userId: string, password: string): Promise<void> {
    const salt = randomBytes(16);
    this.passwords.set(userId, { salt, hash: await hashPassword(password, salt, HASH_LENGTH) });
  }

  /** The user named by the route, or 404 as Keycloak answers it. */
  private found(req: express.Request): UserRepresentation {
    const user = this.usersById.get(req.params['id'] as string);
    if (!user) throw new HttpError(404, 'error', 'User not found');
    return user;
  }

  private byField(field: 'username' | 'email', value: string | undefined): UserRepresentation | undefined {
    const wanted = lower(value);
    return wanted === undefined ? undefined : [...this.usersById.values()].find((user) => lower(user[field]) === wanted);
  }

  /** Sets the fields `body` gives, as Keycloak does on create and update (attributes replaced as a whole). */
  private apply(user: UserRepresentation, body: Record<string, unknown>): void {
    const { email, emailVerified, enabled, firstName, lastName, attributes, requiredActions } = body;
    if (email !== undefined) {
      if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email)) throw refused(400, 'Invalid email address');
      const holder = this.byField('email', email);
      if (holder && holder.id !== user.id) throw refused(409, 'User exists with same email');
      user.email = email.toLowerCase();
    }
    for (const [name, value] of [['emailVerified', emailVerified], ['enabled', enabled]] as const) {
      if (value === undefined) continue;
      if (typeof value !== 'boolean') throw refused(400, `${name} must be true or false`);
      user[name] = value;
    }
    for (const [name, value] of [['firstName', firstName], ['lastName', lastName]] as const) {
      if (value === undefined) continue;
      if (typeof value !== 'string') throw refused(400, `${name} must be a string`);
      user[name] = value;
    }
    if (attributes !== undefined) user.attributes = validAttributes(attributes);
    if (requiredActions !== undefined) {
      if (!Array.isArray(requiredActions) || requiredActions.some((a) => !(REQUIRED_ACTIONS as readonly unknown[]).includes(a))) throw refused(400, 'Provided invalid required actions');
      user.requiredActions = [...new Set(requiredActions as RequiredAction[])];
    }
  }
}

/** Until the token's `exp`; 300 s (Keycloak's default) when it has none. */
function secondsLeft(token: string): number {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') return Math.max(0, exp - Math.floor(Date.now() / 1000));
  } catch {
    /* not a JWT */
  }
  return 300;
}

const oauthError = (status: number, error: string, description: string) => ({ status, body: { error, error_description: description } });

/** Keycloak's `{ errorMessage }` refusal. */
const refused = (status: number, message: string) => new HttpError(status, 'errorMessage', message);

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refused(400, 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

function validAttributes(attributes: unknown): Record<string, string[]> {
  const valid = typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) && Object.values(attributes).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!valid) throw refused(400, 'attributes must map names to lists of strings');
  return copy(attributes as Record<string, string[]>);
}

/** client_secret_post, or client_secret_basic. */
function clientCredentials(req: express.Request): { clientId?: string; secret: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (basic) {
    const [id = '', ...secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(id), secret: decodeURIComponent(secret.join(':')) };
  }
  const form = (req.body ?? {}) as Record<string, unknown>;
  return { ...(typeof form['client_id'] === 'string' ? { clientId: form['client_id'] } : {}), secret: typeof form['client_secret'] === 'string' ? form['client_secret'] : '' };
}

/** Compares digests, so the time taken says nothing about the secret, not even its length. */
function sameSecret(expected: string, given: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
