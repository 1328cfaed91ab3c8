import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type CryptoKey, type JWTPayload } from 'jose';
import { listenAs, type ListenOptions } from '../simulator-support.js';
import { AuthorizationCodes } from './authorization-codes.js';
import { corsFor } from './cors.js';
import { signInRoutes, SCOPES } from './local-sign-in.js';
import { OAuthError } from './oauth-error.js';
import { SignInDirectory } from './sign-in-directory.js';
import { LOCALES } from './sign-in-page.js';

/** What a token says about its holder: roles (realm roles), an optional party, and anything else. */
export interface TokenClaims {
  sub: string;
  roles?: string[];
  party?: string;
  scope?: string;
  [claim: string]: unknown;
}

/** A client allowed to get tokens with client credentials, and what its tokens carry. */
export interface LocalClient {
  secret: string;
  claims: TokenClaims;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const ALG = 'RS256';
/** Lifetime of access and id tokens (s), unless `mint` is told otherwise. */
const TOKEN_LIFETIME_S = 3600;

/** RFC 6749 §5.1 and OIDC Core §3.1.3.3. */
interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  id_token?: string;
  scope: string;
}

export interface LocalIssuerOptions extends ListenOptions {
  /** The `aud` of access tokens. */
  audience: string;
  /**
   * Keep the port and the signing key there (readable by the owner only), so that a token minted
   * before a restart is still good after it, for as long as it says.
   */
  stateFile?: string;
  /** How long an authorization code may wait for its exchange (ms); default 60 000. */
  codeTtlMs?: number;
}

/** What a persisted issuer keeps between runs: where it listened, and its signing key. */
interface IssuerState {
  port: number;
  kid: string;
  privateJwk: JWK;
  /** Client secrets, so that a client keeps its secret across restarts too. */
  secrets: Record<string, string>;
}

/**
 * A small, real OpenID Connect issuer for the local stack and tests: discovery document, JWKS, a
 * token endpoint for client credentials and for the authorization code flow with PKCE (public
 * clients: browser apps, whose users sign in on the issuer's own page, see local-sign-in.ts), and
 * RS256-signed tokens in Keycloak's shape (`realm_access.roles`). Keys can be rotated (the previous
 * key stays published until dropped), so a verifier's key refresh is exercised for real. Not for
 * production: clients, users and keys live in memory.
 */
export class LocalIssuer {
  private keys: SigningKey[] = [];
  private readonly clients = new Map<string, LocalClient>();

  private secrets: Record<string, string> = {};
  private persist: (() => Promise<void>) | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly audience: string,
    private readonly directory: SignInDirectory,
    private readonly codes: AuthorizationCodes,
  ) {}

  static async start(options: LocalIssuerOptions): Promise<LocalIssuer> {
    let issuer: LocalIssuer | undefined;
    const directory = new SignInDirectory();
    const codes = new AuthorizationCodes(options.codeTtlMs);
    // Browser apps read these from their own origin: the origins of registered redirect URIs, and no other.
    const readCors = corsFor(['GET'], (origin) => directory.isAllowedOrigin(origin));
    const tokenCors = corsFor(['POST'], (origin) => directory.isAllowedOrigin(origin));
    const app = express();
    app.disable('x-powered-by');
    app.use(['/.well-known/openid-configuration', '/jwks'], readCors);
    app.get('/.well-known/openid-configuration', (_req, res) => void res.json(discovery(issuer!.url)));
    app.get('/jwks', (_req, res) => res.json({ keys: issuer!.keys.map((k) => k.publicJwk) }));
    app.options('/token', tokenCors);
    app.post('/token', tokenCors, express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
      res.set('Cache-Control', 'no-store');
      if (req.body?.grant_type === 'authorization_code') {
        try {
          return void res.json(await issuer!.exchangeCode(credentialsOf(req).clientId, req.body as Record<string, unknown>));
        } catch (err) {
          if (err instanceof OAuthError) return void res.status(err.status).json(err);
          throw err;
        }
      }
      const { clientId, secret } = credentialsOf(req);
      const client = clientId ? issuer!.clients.get(clientId) : undefined;
      if (req.body?.grant_type !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' });
      if (!client || !secret || !sameSecret(client.secret, secret)) return void res.status(401).json({ error: 'invalid_client' });
      res.json({ access_token: await issuer!.mint(client.claims), token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S });
    });
    app.use(signInRoutes({ directory, codes, issuer: () => issuer!.url, audienceOfIdToken: (idToken) => issuer!.audienceOfIdToken(idToken) }));
    const saved = options.stateFile ? readState(options.stateFile) : undefined;
    const { server, baseUrl } = await listenAs(app, { ...options, ...(saved && options.port === undefined ? { port: saved.port } : {}) }).catch((err: NodeJS.ErrnoException) => {
      // The saved port is taken: a new address (tokens from before name the old issuer and are refused).
      if (err.code === 'EADDRINUSE' && saved) return listenAs(app, { ...options, port: 0 });
      throw err;
    });
    issuer = new LocalIssuer(server, baseUrl, options.audience, directory, codes);
    if (saved) {
      await issuer.useKey(saved.kid, saved.privateJwk).catch(async (err: Error) => {
        process.emitWarning(`local issuer key in ${options.stateFile} is unusable (${err.message}); starting with a new key`);
        await issuer!.rotate();
      });
    } else await issuer.rotate();
    if (options.stateFile) {
      const stateFile = options.stateFile;
      const port = (server.address() as { port: number }).port;
      issuer.secrets = saved?.secrets ?? {};
      issuer.persist = () => issuer!.save(stateFile, port);
      await issuer.persist();
    }
    return issuer;
  }

  private async useKey(kid: string, privateJwk: JWK): Promise<void> {
    const privateKey = (await importJWK(privateJwk, ALG, { extractable: true })) as CryptoKey;
    const { d, p, q, dp, dq, qi, ...publicJwk } = privateJwk;
    this.keys.unshift({ kid, privateKey, publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' } });
  }

  private async save(stateFile: string, port: number): Promise<void> {
    const key = this.keys[0]!;
    const state: IssuerState = { port, kid: key.kid, privateJwk: await exportJWK(key.privateKey), secrets: this.secrets };
    mkdirSync(path.dirname(stateFile), { recursive: true });
    // Written whole or not at all, and readable by the owner only (also when the file was there before).
    const next = `${stateFile}.${process.pid}.tmp`;
    writeFileSync(next, JSON.stringify(state), { mode: 0o600 });
    chmodSync(next, 0o600);
    renameSync(next, stateFile);
  }

  /** Registers a client for the token endpoint; answers its secret (a persisted issuer's client keeps the one it had). */
  async addClient(clientId: string, claims: TokenClaims, secret = this.secrets[clientId] ?? randomBytes(18).toString('base64url')): Promise<string> {
    this.clients.set(clientId, { secret, claims });
    if (this.persist && this.secrets[clientId] !== secret) {
      this.secrets[clientId] = secret;
      await this.persist();
    }
    return secret;
  }

  /**
   * Registers a browser app that signs users in with the authorization code flow and PKCE (S256):
   * no secret; redirect URIs are matched exactly, and their origins may call the issuer (CORS).
   */
  addPublicClient(clientId: string, options: { redirectUris: string[]; postLogoutRedirectUris?: string[] }): void {
    this.directory.addPublicClient(clientId, options);
  }

  /** Someone who may sign in on the issuer's page; their tokens carry `claims` and `preferred_username`. Kept in memory only. */
  addUser(username: string, password: string, claims: TokenClaims): void {
    this.directory.addUser(username, password, claims);
  }

  /**
   * A signed access token. `expiresInS` may be negative (an expired token); `audience`, `issuer`
   * and `notBeforeS` can be set wrong on purpose.
   */
  async mint(claims: TokenClaims, options: { expiresInS?: number; audience?: string; issuer?: string; notBeforeS?: number } = {}): Promise<string> {
    const { roles, ...rest } = claims;
    return this.sign({ ...rest, ...(roles ? { realm_access: { roles } } : {}), jti: randomUUID() }, { ...options, audience: options.audience ?? this.audience });
  }

  private async sign(payload: JWTPayload, options: { audience: string; expiresInS?: number; issuer?: string; notBeforeS?: number }): Promise<string> {
    const key = this.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? this.url)
      .setAudience(options.audience)
      .setIssuedAt(now)
      .setNotBefore(now + (options.notBeforeS ?? 0))
      .setExpirationTime(now + (options.expiresInS ?? TOKEN_LIFETIME_S))
      .sign(key.privateKey);
  }

  /**
   * RFC 6749 §4.1.3 with RFC 7636 §4.5: a code, redeemed by the public client it was issued to, for
   * an access token (the issuer's audience, the user's claims) and, with scope openid, an id_token.
   */
  private async exchangeCode(clientId: string | undefined, body: Record<string, unknown>): Promise<TokenResponse> {
    const client = clientId ? this.directory.client(clientId) : undefined;
    if (!client) throw new OAuthError('invalid_client', 'client_id names no public client');
    const { code, redirect_uri: redirectUri, code_verifier: codeVerifier } = body;
    if (typeof code !== 'string' || typeof redirectUri !== 'string' || typeof codeVerifier !== 'string') throw new OAuthError('invalid_request', 'code, redirect_uri and code_verifier are required');
    const grant = this.codes.redeem(code, { clientId: client.clientId, redirectUri, codeVerifier });
    const { claims, username } = grant.user;
    // Ordo reads scope values as roles: a scope the user's claims carry is kept beside the granted ones.
    const scope = [...new Set(`${grant.scope} ${claims.scope ?? ''}`.split(' ').filter(Boolean))].join(' ');
    const idToken = grant.scope.split(' ').includes('openid')
      ? await this.sign({ sub: claims.sub, preferred_username: username, azp: client.clientId, auth_time: grant.authTime, ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}) }, { audience: client.clientId })
      : undefined;
    return {
      access_token: await this.mint({ ...claims, preferred_username: username, azp: client.clientId, ...(scope ? { scope } : {}) }),
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_S,
      ...(idToken ? { id_token: idToken } : {}),
      scope: grant.scope,
    };
  }

  /** The client an id_token signed by a key this issuer publishes was issued to, expired or not (for logout's `id_token_hint`). */
  private async audienceOfIdToken(idToken: string): Promise<string | undefined> {
    try {
      const { payload } = await compactVerify(idToken, createLocalJWKSet({ keys: this.keys.map((k) => k.publicJwk) }), { algorithms: [ALG] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
      return claims.iss === this.url && typeof claims.aud === 'string' ? claims.aud : undefined;
    } catch {
      return undefined;
    }
  }

  /** A new signing key; the previous one stays published (tokens it signed stay valid) until `dropOldKeys`. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = randomUUID();
    this.keys.unshift({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' } });
    return kid;
  }

  /** Stops publishing every key but the current one. */
  dropOldKeys(): void {
    this.keys = this.keys.slice(0, 1);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** OpenID Connect Discovery 1.0 §3, with RFC 8414's and RFC 9207's additions. */
function discovery(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/logout`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ALG],
    scopes_supported: SCOPES,
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'azp', 'preferred_username'],
    ui_locales_supported: LOCALES,
    authorization_response_iss_parameter_supported: true,
  };
}

/** The saved state, or undefined (a new key and port) when there is none or it cannot be read. */
function readState(stateFile: string): IssuerState | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as IssuerState;
    if (typeof state.port === 'number' && typeof state.kid === 'string' && state.privateJwk && typeof state.secrets === 'object') return state;
  } catch {
    /* reported below */
  }
  process.emitWarning(`local issuer state ${stateFile} cannot be read; starting with a new key (tokens from before are refused)`);
  return undefined;
}

function credentialsOf(req: express.Request): { clientId?: string; secret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (basic) {
    const [id, ...secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret.join(':')) };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  return { ...(typeof body['client_id'] === 'string' ? { clientId: body['client_id'] } : {}), ...(typeof body['client_secret'] === 'string' ? { secret: body['client_secret'] } : {}) };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
