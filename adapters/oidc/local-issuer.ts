import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type CryptoKey } from 'jose';
import { listenAs, type ListenOptions } from '../simulator-support.js';

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

/** What a persisted issuer keeps between runs: where it listened, and its signing key. */
interface IssuerState {
  port: number;
  kid: string;
  privateJwk: JWK;
  /** Client secrets, so that a client keeps its secret across restarts too. */
  secrets: Record<string, string>;
}

/**
 * A small, real OpenID Connect issuer for the local stack and tests: discovery document, JWKS and a
 * client-credentials token endpoint, RS256-signed tokens in Keycloak's shape (`realm_access.roles`).
 * Keys can be rotated (the previous key stays published until dropped), so a verifier's key
 * refresh is exercised for real. Not for production: clients and keys live in memory.
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
  ) {}

  /**
   * `stateFile`: keep the port and the signing key there (readable by the owner only), so that a
   * token minted before a restart is still good after it, for as long as it says.
   */
  static async start(options: { audience: string; stateFile?: string } & ListenOptions): Promise<LocalIssuer> {
    let issuer: LocalIssuer | undefined;
    const app = express();
    app.disable('x-powered-by');
    app.get('/.well-known/openid-configuration', (_req, res) => {
      res.json({ issuer: issuer!.url, jwks_uri: `${issuer!.url}/jwks`, token_endpoint: `${issuer!.url}/token`, grant_types_supported: ['client_credentials'], id_token_signing_alg_values_supported: [ALG], token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'] });
    });
    app.get('/jwks', (_req, res) => res.json({ keys: issuer!.keys.map((k) => k.publicJwk) }));
    app.post('/token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
      const { clientId, secret } = credentialsOf(req);
      const client = clientId ? issuer!.clients.get(clientId) : undefined;
      if (req.body?.grant_type !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' });
      if (!client || !secret || !sameSecret(client.secret, secret)) return void res.status(401).json({ error: 'invalid_client' });
      res.json({ access_token: await issuer!.mint(client.claims), token_type: 'Bearer', expires_in: 3600 });
    });
    const saved = options.stateFile ? readState(options.stateFile) : undefined;
    const { server, baseUrl } = await listenAs(app, { ...options, ...(saved && options.port === undefined ? { port: saved.port } : {}) }).catch((err: NodeJS.ErrnoException) => {
      // The saved port is taken: a new address (tokens from before name the old issuer and are refused).
      if (err.code === 'EADDRINUSE' && saved) return listenAs(app, { ...options, port: 0 });
      throw err;
    });
    issuer = new LocalIssuer(server, baseUrl, options.audience);
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
   * A signed access token. `expiresInS` may be negative (an expired token); `audience`, `issuer`
   * and `notBeforeS` can be set wrong on purpose.
   */
  async mint(claims: TokenClaims, options: { expiresInS?: number; audience?: string; issuer?: string; notBeforeS?: number } = {}): Promise<string> {
    const key = this.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    const { roles, ...rest } = claims;
    return new SignJWT({ ...rest, ...(roles ? { realm_access: { roles } } : {}) })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? this.url)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(now)
      .setNotBefore(now + (options.notBeforeS ?? 0))
      .setExpirationTime(now + (options.expiresInS ?? 3600))
      .setJti(randomUUID())
      .sign(key.privateKey);
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
