import * as oauth from 'oauth4webapi';
import type { ConsoleSettings } from './settings.js';

/** The signed-in user, as this browser tab keeps them (sessionStorage: gone when the tab closes). */
export interface Session {
  accessToken: string;
  /** Epoch ms after which the token is not used any more. */
  expiresAt: number;
  user: string;
  roles: string[];
}

const SESSION_KEY = 'ordo.console.session';
const PENDING_KEY = 'ordo.console.signIn';
/** Tokens are dropped this long before they expire, so no request goes out with one about to. */
const EXPIRY_MARGIN_MS = 30_000;

interface PendingSignIn {
  codeVerifier: string;
  state: string;
  nonce: string;
  /** Where the user was (the hash route) when the sign-in started. */
  returnTo: string;
}

/** The page's own address without query or hash: the redirect URI registered for the console. */
export const redirectUri = (): string => `${location.origin}${location.pathname}`;

const insecure = (settings: ConsoleSettings) => (new URL(settings.issuer).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

async function authorizationServer(settings: ConsoleSettings): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(settings.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure(settings) });
  return oauth.processDiscoveryResponse(issuer, response);
}

export const dropSession = (): void => sessionStorage.removeItem(SESSION_KEY);

export function currentSession(): Session | undefined {
  const stored = sessionStorage.getItem(SESSION_KEY);
  if (!stored) return undefined;
  const session = JSON.parse(stored) as Session;
  if (session.expiresAt - EXPIRY_MARGIN_MS < Date.now()) {
    sessionStorage.removeItem(SESSION_KEY);
    return undefined;
  }
  return session;
}

/** Sends the browser to the issuer's sign-in page (authorization code with PKCE). */
export async function startSignIn(settings: ConsoleSettings, uiLocale: string): Promise<never> {
  const as = await authorizationServer(settings);
  if (!as.authorization_endpoint) throw new Error(`${settings.issuer} has no authorization endpoint`);
  const pending: PendingSignIn = { codeVerifier: oauth.generateRandomCodeVerifier(), state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), returnTo: location.hash };
  const url = new URL(as.authorization_endpoint);
  const params: Record<string, string> = {
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: settings.scope,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ui_locales: uiLocale,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  // Written just before leaving: a second sign-in started meanwhile cannot leave with another state.
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(url.href);
  return new Promise<never>(() => undefined);
}

/** True when the page was opened by the issuer's redirect (it carries the answer to a sign-in). */
export const isSignInCallback = (): boolean => sessionStorage.getItem(PENDING_KEY) !== null && (new URLSearchParams(location.search).has('code') || new URLSearchParams(location.search).has('error'));

/** Finishes a sign-in: checks the answer, exchanges the code for tokens, keeps the session. */
export async function finishSignIn(settings: ConsoleSettings): Promise<Session> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY)!) as PendingSignIn;
  sessionStorage.removeItem(PENDING_KEY);
  const callback = new URL(location.href);
  // The code is used once; the address bar should not keep it.
  history.replaceState(null, '', `${redirectUri()}${pending.returnTo}`);
  const as = await authorizationServer(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const params = oauth.validateAuthResponse(as, client, callback, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.codeVerifier, insecure(settings));
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  const claims = oauth.getValidatedIdTokenClaims(result);
  const session: Session = {
    accessToken: result.access_token,
    expiresAt: Date.now() + (result.expires_in ?? 300) * 1000,
    user: String(claims?.['preferred_username'] ?? claims?.sub ?? ''),
    roles: rolesOf(result.access_token, settings.roleClient),
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/** Ends the session here and at the issuer. */
export async function signOut(settings: ConsoleSettings): Promise<void> {
  sessionStorage.removeItem(SESSION_KEY);
  const as = await authorizationServer(settings).catch(() => undefined);
  if (!as?.end_session_endpoint) return location.reload();
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  // No id_token_hint: the token would sit in the issuer's logs and the browser's history.
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  location.assign(url.href);
}

/**
 * The roles an access token carries, read as Ordo reads them (realm roles, the client's roles,
 * `roles`, `scope`): only to show the actions the user may take; Ordo checks every call itself.
 */
export function rolesOf(accessToken: string, roleClient: string): string[] {
  try {
    const payload = JSON.parse(atob(accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((r): r is string => typeof r === 'string') : []);
    const realm = list((payload['realm_access'] as { roles?: unknown } | undefined)?.roles);
    const client = list((payload['resource_access'] as Record<string, { roles?: unknown }> | undefined)?.[roleClient]?.roles);
    const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
    return [...new Set([...realm, ...client, ...list(payload['roles']), ...scopes])];
  } catch {
    return [];
  }
}
