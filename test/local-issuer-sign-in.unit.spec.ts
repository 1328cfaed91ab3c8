import { expect } from 'chai';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { LocalIssuer } from '../adapters/oidc/local-issuer.js';
import { rejection } from './support/rejection.js';

const clientId = 'ordo-console';
const consoleOrigin = 'http://127.0.0.1:8123';
const redirectUri = `${consoleOrigin}/console/callback`;
const signedOutUri = `${consoleOrigin}/console/`;
const alice = { username: 'alice', password: 'correct horse battery staple', claims: { sub: 'u-alice', roles: ['order-read', 'order-write'], party: 'P-1001' } };
/** oauth4webapi insists on https; the local issuer is plain http on loopback. */
const insecure = { [oauth.allowInsecureRequests]: true };
const client: oauth.Client = { client_id: clientId };

/** An authorization request as the console builds it: a real PKCE pair, state and nonce. */
interface Attempt {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

describe('adapters/oidc: local issuer sign-in with authorization code and PKCE', function () {
  this.timeout(15_000);
  let issuer: LocalIssuer;
  let as: oauth.AuthorizationServer;

  const startIssuer = async (codeTtlMs?: number) => {
    const started = await LocalIssuer.start({ audience: 'ordo', ...(codeTtlMs !== undefined ? { codeTtlMs } : {}) });
    started.addPublicClient(clientId, { redirectUris: [redirectUri], postLogoutRedirectUris: [signedOutUri] });
    started.addUser(alice.username, alice.password, alice.claims);
    const server = await oauth.processDiscoveryResponse(new URL(started.url), await oauth.discoveryRequest(new URL(started.url), insecure));
    return { issuer: started, as: server };
  };

  const attempt = async (server: oauth.AuthorizationServer, params: Record<string, string> = {}): Promise<Attempt> => {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(server.authorization_endpoint!);
    const query = { client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile', code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce, ...params };
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return { url, verifier, state, nonce };
  };

  /** The sign-in page's hidden fields, unescaped as a browser reads them. */
  const hiddenFields = (html: string) =>
    Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))]));

  /** Opens the page and posts its form as a browser would; the answer is not followed. */
  const submit = async (url: URL, username: string, password: string) => {
    const page = await fetch(url);
    const form = new URLSearchParams({ ...hiddenFields(await page.text()), username, password });
    return fetch(new URL('authorize', url), { method: 'POST', body: form, redirect: 'manual' });
  };

  /** Signs alice in and answers the callback URL the browser is sent to. */
  const callbackOf = async (a: Attempt) => {
    const answer = await submit(a.url, alice.username, alice.password);
    expect(answer.status).to.equal(302);
    return new URL(answer.headers.get('location')!);
  };

  const exchange = async (server: oauth.AuthorizationServer, a: Attempt, callback: URL, verifier = a.verifier) => {
    const params = oauth.validateAuthResponse(server, client, callback, a.state);
    const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, redirectUri, verifier, insecure);
    return oauth.processAuthorizationCodeResponse(server, client, response, { expectedNonce: a.nonce, requireIdToken: true });
  };

  const grantError = async (promise: Promise<unknown>) => {
    const err = await rejection(promise);
    expect(err).to.be.instanceOf(oauth.ResponseBodyError);
    return err as oauth.ResponseBodyError;
  };

  before(async () => {
    ({ issuer, as } = await startIssuer());
  });

  after(() => issuer.close());

  describe('discovery', () => {
    it('names the authorization code flow with PKCE S256, public clients and the iss response parameter', () => {
      expect(as).to.deep.include({
        issuer: issuer.url,
        authorization_endpoint: `${issuer.url}/authorize`,
        token_endpoint: `${issuer.url}/token`,
        end_session_endpoint: `${issuer.url}/logout`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        subject_types_supported: ['public'],
        authorization_response_iss_parameter_supported: true,
      });
      expect(as.grant_types_supported).to.have.members(['authorization_code', 'client_credentials']);
      expect(as.token_endpoint_auth_methods_supported).to.include('none');
      expect(as.scopes_supported).to.include('openid');
    });
  });

  describe('sign-in page', () => {
    it('is a labelled form carrying every request parameter in hidden fields, under a strict CSP with its style sheet from the issuer', async () => {
      const a = await attempt(as);
      const page = await fetch(a.url);
      const html = await page.text();
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).to.include("default-src 'none'").and.include("style-src 'self'").and.include("frame-ancestors 'none'").and.include(`form-action 'self' ${consoleOrigin}`);
      expect(csp).not.to.include('unsafe-inline');
      expect(html).to.include('<html lang="en">').and.include('<h1>Sign in to Ordo</h1>');
      expect(html).to.include('<label for="username">').and.include('id="username"').and.include('<label for="password">').and.include('id="password"');
      expect(html).not.to.match(/<script|style=|<style/i);
      expect(hiddenFields(html)).to.deep.equal(Object.fromEntries(a.url.searchParams));
      const css = await fetch(new URL('sign-in.css', a.url));
      expect(css.status).to.equal(200);
      expect(css.headers.get('content-type')).to.match(/^text\/css/);
      expect(html).to.include('href="sign-in.css"');
    });

    it('speaks German when ui_locales asks for it', async () => {
      const html = await (await fetch((await attempt(as, { ui_locales: 'de-CH en' })).url)).text();
      expect(html).to.include('<html lang="de">').and.include('<label for="password">Passwort</label>');
    });

    it('HTML-escapes hostile parameter values', async () => {
      const hostile = { state: '"><script>alert(1)</script>', nonce: "' onmouseover='alert(2)", scope: 'openid <img src=x onerror=alert(3)>' };
      const a = await attempt(as, hostile);
      const html = await (await fetch(a.url)).text();
      expect(html).not.to.include('<script').and.not.to.include('<img').and.not.to.include("' onmouseover");
      expect(html).to.include('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
      expect(hiddenFields(html)).to.deep.include(hostile);
    });
  });

  describe('the whole flow, driven by oauth4webapi', () => {
    it('signs alice in: code with state and iss, tokens with her roles, party and name, id_token with the nonce', async () => {
      const a = await attempt(as);
      const callback = await callbackOf(a);
      expect(callback.origin + callback.pathname).to.equal(redirectUri);
      expect(callback.searchParams.get('iss')).to.equal(issuer.url);
      expect(callback.searchParams.get('code')).to.match(/^[A-Za-z0-9_-]{43}$/);
      const tokens = await exchange(as, a, callback);
      expect(tokens).to.include({ token_type: 'bearer', expires_in: 3600, scope: 'openid profile' });
      expect(oauth.getValidatedIdTokenClaims(tokens)).to.include({ nonce: a.nonce, sub: alice.claims.sub, aud: clientId });

      const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
      const { payload: access } = await jwtVerify(tokens.access_token, jwks, { issuer: issuer.url, audience: 'ordo', algorithms: ['RS256'] });
      expect(access).to.deep.include({ sub: 'u-alice', party: 'P-1001', preferred_username: 'alice', realm_access: { roles: ['order-read', 'order-write'] } });
      const { payload: id } = await jwtVerify(tokens.id_token!, jwks, { issuer: issuer.url, audience: clientId, algorithms: ['RS256'] });
      expect(id).to.include({ sub: 'u-alice', nonce: a.nonce, preferred_username: 'alice' });
      expect(id['iat']).to.be.a('number');
      expect(id['exp']).to.be.a('number');
    });

    it('keeps client credentials working beside it', async () => {
      const secret = await issuer.addClient('ordo-ops', { sub: 'svc-ops', roles: ['operator'] });
      const response = await fetch(`${issuer.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ordo-ops', client_secret: secret }) });
      const body = (await response.json()) as { access_token: string; token_type: string };
      expect(response.status).to.equal(200);
      const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(as.jwks_uri!)), { issuer: issuer.url, audience: 'ordo' });
      expect(payload).to.deep.include({ sub: 'svc-ops', realm_access: { roles: ['operator'] } });
    });
  });

  describe('refusals', () => {
    it('answers a wrong password with 401 and the page again, no code, and the same words as for an unknown user', async () => {
      const a = await attempt(as);
      const wrongPassword = await submit(a.url, alice.username, 'not her password');
      const unknownUser = await submit(a.url, 'mallory', alice.password);
      for (const answer of [wrongPassword, unknownUser]) {
        expect(answer.status).to.equal(401);
        expect(answer.headers.get('location')).to.equal(null);
      }
      const [html, other] = [await wrongPassword.text(), await unknownUser.text()];
      expect(html).to.include('<p class="error" id="sign-in-error" role="alert">The username or password is incorrect.</p>');
      expect(html).to.include('aria-describedby="sign-in-error"').and.not.include('code=');
      expect(html.replace('value="alice"', '')).to.equal(other.replace('value="mallory"', ''));
      expect(html).not.to.include('not her password');
    });

    it('refuses a code with the wrong verifier: invalid_grant', async () => {
      const a = await attempt(as);
      const err = await grantError(exchange(as, a, await callbackOf(a), oauth.generateRandomCodeVerifier()));
      expect(err).to.include({ error: 'invalid_grant', status: 400 });
      expect(err.error_description).to.include('code_verifier');
    });

    it('refuses a code used a second time: invalid_grant', async () => {
      const a = await attempt(as);
      const callback = await callbackOf(a);
      await exchange(as, a, callback);
      const err = await grantError(exchange(as, a, callback));
      expect(err).to.include({ error: 'invalid_grant', status: 400 });
      expect(err.error_description).to.include('already used');
    });

    it('refuses an expired code: invalid_grant', async () => {
      const quick = await startIssuer(100);
      try {
        const a = await attempt(quick.as);
        const callback = await callbackOf(a);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const err = await grantError(exchange(quick.as, a, callback));
        expect(err).to.include({ error: 'invalid_grant', status: 400 });
        expect(err.error_description).to.include('expired');
      } finally {
        await quick.issuer.close();
      }
    });

    it('shows an unregistered redirect_uri an error page and never redirects to it', async () => {
      const a = await attempt(as, { redirect_uri: 'https://attacker.example/callback' });
      const answer = await fetch(a.url, { redirect: 'manual' });
      expect(answer.status).to.equal(400);
      expect(answer.headers.get('location')).to.equal(null);
      expect(await answer.text()).to.include('The address to return to is not registered for this application.').and.not.include('<form');
    });

    it('shows an unknown client an error page, escaped, and never redirects', async () => {
      const answer = await fetch((await attempt(as, { client_id: '<script>nobody</script>' })).url, { redirect: 'manual' });
      expect(answer.status).to.equal(400);
      expect(answer.headers.get('location')).to.equal(null);
      const html = await answer.text();
      expect(html).to.include('This application is not known to the sign-in service.').and.include('&#60;script&#62;nobody').and.not.include('<script');
    });

    it('refuses code_challenge_method plain by redirecting invalid_request with state and iss', async () => {
      const a = await attempt(as, { code_challenge_method: 'plain', code_challenge: oauth.generateRandomCodeVerifier() });
      const answer = await fetch(a.url, { redirect: 'manual' });
      expect(answer.status).to.equal(302);
      const callback = new URL(answer.headers.get('location')!);
      expect(callback.origin + callback.pathname).to.equal(redirectUri);
      expect(Object.fromEntries(callback.searchParams)).to.include({ error: 'invalid_request', state: a.state, iss: issuer.url });
      expect(() => oauth.validateAuthResponse(as, client, callback, a.state)).to.throw(oauth.AuthorizationResponseError);
    });

    it('refuses a token request from a client that is not registered: invalid_client 401', async () => {
      const response = await fetch(`${issuer.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'nobody', code: 'x', redirect_uri: redirectUri, code_verifier: oauth.generateRandomCodeVerifier() }) });
      expect(response.status).to.equal(401);
      expect(await response.json()).to.include({ error: 'invalid_client' });
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      fetch(`${issuer.url}/token`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });

    it('allows the token preflight from a registered redirect URI origin', async () => {
      const answer = await preflight(consoleOrigin);
      expect(answer.status).to.equal(204);
      expect(answer.headers.get('access-control-allow-origin')).to.equal(consoleOrigin);
      expect(answer.headers.get('access-control-allow-methods')).to.include('POST');
      expect(answer.headers.get('access-control-allow-headers')).to.include('content-type');
    });

    it('refuses the token preflight from any other origin, and never answers *', async () => {
      const answer = await preflight('https://attacker.example');
      expect(answer.status).to.equal(403);
      expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
      const discovery = await fetch(`${issuer.url}/.well-known/openid-configuration`, { headers: { Origin: 'https://attacker.example' } });
      expect(discovery.headers.get('access-control-allow-origin')).to.equal(null);
      const jwks = await fetch(`${issuer.url}/jwks`, { headers: { Origin: consoleOrigin } });
      expect(jwks.headers.get('access-control-allow-origin')).to.equal(consoleOrigin);
    });
  });

  describe('logout', () => {
    it('redirects to a registered post_logout_redirect_uri with state, else shows a signed-out page', async () => {
      const url = new URL(as.end_session_endpoint!);
      url.search = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: signedOutUri, state: 'bye' }).toString();
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).to.equal(302);
      expect(answer.headers.get('location')).to.equal(`${signedOutUri}?state=bye`);
      const plain = await fetch(as.end_session_endpoint!, { redirect: 'manual' });
      expect(plain.status).to.equal(200);
      expect(await plain.text()).to.include('You have been signed out.');
    });

    it('takes the client from an id_token_hint it signed', async () => {
      const a = await attempt(as);
      const { id_token: idToken } = await exchange(as, a, await callbackOf(a));
      const url = new URL(as.end_session_endpoint!);
      url.search = new URLSearchParams({ id_token_hint: idToken!, post_logout_redirect_uri: signedOutUri }).toString();
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).to.equal(302);
      expect(answer.headers.get('location')).to.equal(signedOutUri);
    });

    it('does not redirect to a post_logout_redirect_uri the client did not register', async () => {
      const url = new URL(as.end_session_endpoint!);
      url.search = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: 'https://attacker.example/' }).toString();
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).to.equal(400);
      expect(answer.headers.get('location')).to.equal(null);
    });
  });
});
