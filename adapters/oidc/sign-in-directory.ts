import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenClaims } from './local-issuer.js';

/** A browser app that signs users in with the authorization code flow: no secret, PKCE required. */
export interface PublicClient {
  clientId: string;
  /** Compared exactly (RFC 6749 §3.1.2.3, OIDC Core §3.1.2.1): no prefixes, no wildcards. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

/** Someone who signs in: the name the token gives as `preferred_username`, and what their tokens say. */
export interface SignedInUser {
  username: string;
  claims: TokenClaims;
}

/**
 * The public clients and the users of a local issuer, kept in memory only. Usernames are matched
 * without regard to case, as Keycloak does (it stores them in lower case).
 */
export class SignInDirectory {
  private readonly clients = new Map<string, PublicClient>();
  private readonly users = new Map<string, { digest: Buffer; claims: TokenClaims }>();
  /** Passwords are kept as HMACs under a key that dies with the process: equal length, compared in constant time. */
  private readonly pepper = randomBytes(32);
  /** What an unknown username is compared against, so that it takes as long as a wrong password. */
  private readonly noUser = randomBytes(32);

  addPublicClient(clientId: string, options: { redirectUris: string[]; postLogoutRedirectUris?: string[] }): void {
    const postLogoutRedirectUris = options.postLogoutRedirectUris ?? [];
    for (const uri of [...options.redirectUris, ...postLogoutRedirectUris]) assertRedirectUri(uri);
    if (options.redirectUris.length === 0) throw new Error(`public client ${clientId}: at least one redirect URI is needed`);
    this.clients.set(clientId, { clientId, redirectUris: [...options.redirectUris], postLogoutRedirectUris: [...postLogoutRedirectUris] });
  }

  client(clientId: string): PublicClient | undefined {
    return this.clients.get(clientId);
  }

  addUser(username: string, password: string, claims: TokenClaims): void {
    this.users.set(username.toLowerCase(), { digest: this.digest(password), claims: structuredClone(claims) });
  }

  /** The user, when the password is theirs; which of the two was wrong is not told. */
  authenticate(username: string, password: string): SignedInUser | undefined {
    const user = this.users.get(username.toLowerCase());
    const matches = timingSafeEqual(this.digest(password), user?.digest ?? this.noUser);
    return user && matches ? { username: username.toLowerCase(), claims: structuredClone(user.claims) } : undefined;
  }

  /** Whether a browser app at `origin` may read the issuer's answers (CORS): the origins of the redirect URIs. */
  isAllowedOrigin(origin: string): boolean {
    for (const client of this.clients.values()) {
      if (client.redirectUris.some((uri) => new URL(uri).origin === origin)) return true;
    }
    return false;
  }

  private digest(password: string): Buffer {
    return createHmac('sha256', this.pepper).update(password, 'utf8').digest();
  }
}

/** An absolute http(s) URI without a fragment (RFC 6749 §3.1.2). */
function assertRedirectUri(uri: string): void {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hash || uri.includes('#')) throw new Error(`not a redirect URI: ${uri} (absolute http(s), no fragment)`);
}
