import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OAuthError } from './oauth-error.js';
import type { SignedInUser } from './sign-in-directory.js';

/** What a code was issued for: the token request must name the same client, redirect URI and PKCE verifier. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  /** S256 challenge (RFC 7636 §4.2): base64url(SHA-256(verifier)). */
  codeChallenge: string;
  nonce?: string;
  /** The granted scopes, space-separated. */
  scope: string;
  user: SignedInUser;
  /** When the user signed in (s since the epoch): the id_token's `auth_time`. */
  authTime: number;
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Authorization codes, in memory: 32 random bytes (base64url), single use, short-lived. A code that
 * is presented is spent, whether the exchange succeeds or not, and is remembered until it would
 * have expired so that a second use is told apart from a made-up code.
 */
export class AuthorizationCodes {
  private readonly codes = new Map<string, CodeGrant & { expiresAt: number; spent: boolean }>();

  /** `ttlMs`: how long a code may wait for its exchange (OAuth 2.0 Security BCP: short; default 60 s). */
  constructor(private readonly ttlMs = 60_000) {}

  issue(grant: CodeGrant): string {
    this.sweep();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...grant, expiresAt: Date.now() + this.ttlMs, spent: false });
    return code;
  }

  /** The grant behind `code`, when the token request matches it (RFC 6749 §4.1.3, RFC 7636 §4.6); else invalid_grant. */
  redeem(code: string, request: { clientId: string; redirectUri: string; codeVerifier: string }): CodeGrant {
    if (!VERIFIER.test(request.codeVerifier)) throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters');
    const entry = this.codes.get(code);
    if (!entry) throw new OAuthError('invalid_grant', 'unknown authorization code');
    if (entry.spent) throw new OAuthError('invalid_grant', 'authorization code already used');
    entry.spent = true;
    if (Date.now() >= entry.expiresAt) throw new OAuthError('invalid_grant', 'authorization code expired');
    if (entry.clientId !== request.clientId) throw new OAuthError('invalid_grant', 'authorization code was issued to another client');
    if (entry.redirectUri !== request.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request');
    if (!sameText(s256(request.codeVerifier), entry.codeChallenge)) throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
    const { expiresAt, spent, ...grant } = entry;
    return grant;
  }

  /** Forgets codes whose lifetime is over (spent or not). */
  private sweep(): void {
    const now = Date.now();
    for (const [code, entry] of this.codes) if (now >= entry.expiresAt) this.codes.delete(code);
  }
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
