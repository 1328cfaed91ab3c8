import express from 'express';
import type { AuthorizationCodes } from './authorization-codes.js';
import { OAuthError } from './oauth-error.js';
import type { PublicClient, SignInDirectory } from './sign-in-directory.js';
import { chooseLocale, messagePage, signInPage, STYLESHEET, STYLESHEET_PATH, type Locale, type MessageKey } from './sign-in-page.js';

/** The scopes the issuer grants; others asked for are left out of the grant (RFC 6749 §3.3). */
export const SCOPES = ['openid', 'profile'];

/** What the sign-in routes need of their issuer. */
export interface SignInDeps {
  directory: SignInDirectory;
  codes: AuthorizationCodes;
  /** The issuer identifier, sent back with every authorization response as `iss` (RFC 9207). */
  issuer: () => string;
  /** The client an id_token this issuer signed names as audience (expired or not); undefined when it is not ours. */
  audienceOfIdToken: (idToken: string) => Promise<string | undefined>;
}

/** A checked authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1). */
interface AuthorizationRequest {
  client: PublicClient;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  state?: string;
  nonce?: string;
  /** The parameters as received, for the form's hidden fields. */
  fields: Record<string, string>;
}

/** The parameters an authorization request may carry; any other is ignored and not carried on. */
const AUTHORIZE_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'ui_locales', 'prompt', 'response_mode', 'request', 'request_uri'] as const;
type Params = Partial<Record<(typeof AUTHORIZE_PARAMS)[number], string>>;

/** A request whose client or redirect URI cannot be trusted: told on a page, never redirected (RFC 6749 §4.1.2.1). */
class NotRedirectable extends Error {
  constructor(
    readonly key: MessageKey,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * The browser side of the authorization code flow: `GET /authorize` shows the sign-in page,
 * `POST /authorize` checks the password and sends the browser back with a code, `GET|POST /logout`
 * is the end-session endpoint. The issuer keeps no session, so every authorization asks for the
 * password and logging out has nothing to forget.
 */
export function signInRoutes(deps: SignInDeps): express.Router {
  const router = express.Router();
  router.get(STYLESHEET_PATH, (_req, res) => void res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(STYLESHEET));
  router.get('/authorize', (req, res) => {
    const request = checkedRequest(req, res, req.query, deps);
    if (request) showSignIn(res, localeOf(req, request.fields), request, { status: 200 });
  });
  router.post('/authorize', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const request = checkedRequest(req, res, req.body, deps);
    if (!request) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body['username'] === 'string' ? body['username'] : '';
    const user = deps.directory.authenticate(username, typeof body['password'] === 'string' ? body['password'] : '');
    if (!user) return showSignIn(res, localeOf(req, request.fields), request, { status: 401, username });
    const code = deps.codes.issue({
      clientId: request.client.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      user,
      authTime: Math.floor(Date.now() / 1000),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    });
    redirectTo(res, request.redirectUri, { code, state: request.state, iss: deps.issuer() });
  });
  const logout = async (req: express.Request, res: express.Response) => {
    const params = singleValues(req.method === 'POST' ? req.body : req.query, ['post_logout_redirect_uri', 'client_id', 'id_token_hint', 'state', 'ui_locales']);
    const locale = chooseLocale(params.ui_locales, req.get('accept-language'));
    if (params.post_logout_redirect_uri === undefined) return showMessage(res, 200, locale, 'signedOutTitle', 'signedOut');
    const hinted = params.id_token_hint ? await deps.audienceOfIdToken(params.id_token_hint) : undefined;
    const client = deps.directory.client(params.client_id ?? hinted ?? '');
    if (!client || (params.client_id && params.id_token_hint && hinted !== params.client_id)) return showMessage(res, 400, locale, 'errorTitle', 'unknownClient');
    if (!client.postLogoutRedirectUris.includes(params.post_logout_redirect_uri)) return showMessage(res, 400, locale, 'errorTitle', 'unregisteredRedirect');
    redirectTo(res, params.post_logout_redirect_uri, { state: params.state });
  };
  router.get('/logout', logout);
  router.post('/logout', express.urlencoded({ extended: false, limit: '16kb' }), logout);
  return router;
}

/**
 * The request, checked; or undefined when the answer was already given: an error page for an
 * unknown client or a redirect URI it did not register, an error sent back to the client otherwise.
 */
function checkedRequest(req: express.Request, res: express.Response, source: unknown, deps: SignInDeps): AuthorizationRequest | undefined {
  const { params, repeated } = parametersOf(source);
  try {
    const { client, redirectUri } = returnAddressOf(params, repeated, deps.directory);
    try {
      return authorizationRequestOf(params, repeated, client, redirectUri);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      const state = repeated.includes('state') ? undefined : params.state;
      redirectTo(res, redirectUri, { error: err.code, error_description: err.description, state, iss: deps.issuer() });
    }
  } catch (err) {
    if (!(err instanceof NotRedirectable)) throw err;
    showMessage(res, 400, localeOf(req, params), 'errorTitle', err.key, err.message);
  }
  return undefined;
}

function returnAddressOf(params: Params, repeated: string[], directory: SignInDirectory): { client: PublicClient; redirectUri: string } {
  if (repeated.includes('client_id') || !params.client_id) throw new NotRedirectable('badRequest', 'client_id is required, once');
  const client = directory.client(params.client_id);
  if (!client) throw new NotRedirectable('unknownClient', `unknown client_id ${params.client_id}`);
  if (repeated.includes('redirect_uri') || !params.redirect_uri) throw new NotRedirectable('badRequest', 'redirect_uri is required, once');
  if (!client.redirectUris.includes(params.redirect_uri)) throw new NotRedirectable('unregisteredRedirect', `redirect_uri ${params.redirect_uri} is not registered for ${client.clientId}`);
  return { client, redirectUri: params.redirect_uri };
}

function authorizationRequestOf(params: Params, repeated: string[], client: PublicClient, redirectUri: string): AuthorizationRequest {
  if (repeated.length > 0) throw new OAuthError('invalid_request', `parameters given more than once: ${repeated.join(', ')}`);
  if (params.request !== undefined) throw new OAuthError('request_not_supported', 'request objects are not supported');
  if (params.request_uri !== undefined) throw new OAuthError('request_uri_not_supported', 'request_uri is not supported');
  if (!params.response_type) throw new OAuthError('invalid_request', 'response_type is required');
  if (params.response_type !== 'code') throw new OAuthError('unsupported_response_type', 'only response_type=code is supported');
  if (params.response_mode !== undefined && params.response_mode !== 'query') throw new OAuthError('invalid_request', 'only response_mode=query is supported');
  if (!params.code_challenge) throw new OAuthError('invalid_request', 'code_challenge is required (PKCE)');
  if (params.code_challenge_method !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  if (!/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge)) throw new OAuthError('invalid_request', 'code_challenge must be a base64url SHA-256 digest (43 characters)');
  if (params.prompt?.split(' ').includes('none')) throw new OAuthError('login_required', 'the issuer keeps no session: the user must sign in');
  const requested = params.scope === undefined ? ['openid'] : params.scope.split(' ');
  const fields = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return {
    client,
    redirectUri,
    codeChallenge: params.code_challenge,
    scope: SCOPES.filter((s) => requested.includes(s)).join(' '),
    fields,
    ...(params.state !== undefined ? { state: params.state } : {}),
    ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
  };
}

/** The known parameters with one value each, and the names of those given more than once (RFC 6749 §3.1). */
function parametersOf(source: unknown): { params: Params; repeated: string[] } {
  const all = (source ?? {}) as Record<string, unknown>;
  const repeated = AUTHORIZE_PARAMS.filter((name) => all[name] !== undefined && typeof all[name] !== 'string');
  return { params: singleValues(all, AUTHORIZE_PARAMS), repeated };
}

function singleValues<K extends string>(source: unknown, names: readonly K[]): Partial<Record<K, string>> {
  const all = (source ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.flatMap((name) => (typeof all[name] === 'string' ? [[name, all[name]]] : []))) as Partial<Record<K, string>>;
}

function localeOf(req: express.Request, params: Params): Locale {
  return chooseLocale(params.ui_locales, req.get('accept-language'));
}

function showSignIn(res: express.Response, locale: Locale, request: AuthorizationRequest, options: { status: number; username?: string }): void {
  // The form posts here, and the answer redirects to the client: browsers check that redirect against form-action too.
  pageHeaders(res, `'self' ${new URL(request.redirectUri).origin}`);
  res.status(options.status).type('html').send(signInPage(locale, { fields: request.fields, failed: options.status === 401, ...(options.username !== undefined ? { username: options.username } : {}) }));
}

function showMessage(res: express.Response, status: number, locale: Locale, title: MessageKey, message: MessageKey, detail?: string): void {
  pageHeaders(res, "'none'");
  res.status(status).type('html').send(messagePage(locale, { title, message, ...(detail !== undefined ? { detail } : {}) }));
}

/** No script, no inline style, no framing, no referrer (the URL carries the request), nothing cached. */
function pageHeaders(res: express.Response, formAction: string): void {
  res.set({
    'Content-Security-Policy': `default-src 'none'; style-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}

/** 302 to `uri` with `params` added to its query (what it has already is kept). */
function redirectTo(res: express.Response, uri: string, params: Record<string, string | undefined>): void {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, url.href);
}
