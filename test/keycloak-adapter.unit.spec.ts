import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { IdentityRejectedError, type IdentityUser } from '../engine/customers/identity-provider.js';
import { tokenPath, usersPath } from '../adapters/keycloak/keycloak-api.js';
import { KeycloakIdentityProvider, type KeycloakIdentityProviderOptions } from '../adapters/keycloak/keycloak-identity-provider.js';
import { KeycloakSimulator, type KeycloakSimulatorOptions } from '../adapters/keycloak/simulator.js';
import { LocalIssuer } from '../adapters/oidc/local-issuer.js';
import { rejection } from './support/rejection.js';

const realm = 'ordo';
const adminClientId = 'ordo-admin';
const adminClientSecret = 'kc-admin-secret';
const alice: IdentityUser = { username: 'P-1001', email: 'Alice@Example.com', phone: '+41791234567', givenName: 'Alice', familyName: 'Muster', emailVerified: true };

describe('adapters/keycloak: Keycloak identity provider and simulator', function () {
  this.timeout(15_000);
  let issuer: LocalIssuer;
  let simulator: KeycloakSimulator;
  let keycloak: KeycloakIdentityProvider;
  const providerWith = (options: Partial<KeycloakIdentityProviderOptions> = {}) =>
    new KeycloakIdentityProvider({ baseUrl: simulator.baseUrl, realm, clientId: adminClientId, clientSecret: adminClientSecret, timeoutMs: 2000, retryDelayMs: 10, ...options });
  const restart = async (options: Partial<KeycloakSimulatorOptions> = {}) => {
    await simulator.close();
    simulator = await KeycloakSimulator.start({ realm, adminClientId, adminClientSecret, ...options });
    keycloak = providerWith();
  };
  const tokenRequests = () => simulator.requestCount('POST', tokenPath(realm));
  const passwordGrant = (username: string, password: string) =>
    fetch(`${simulator.baseUrl}${tokenPath(realm)}`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'ordo-web', username, password }) });

  before(async () => {
    issuer = await LocalIssuer.start({ audience: 'ordo' });
  });

  after(() => issuer.close());

  beforeEach(async () => {
    simulator = await KeycloakSimulator.start({ realm, adminClientId, adminClientSecret, mint: (claims) => issuer.mint(claims), userRoles: ['customer'] });
    keycloak = providerWith();
  });

  afterEach(() => simulator.close());

  describe('admin token', () => {
    it('is fetched once for many calls, and fetched anew once after Keycloak forgets it', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      await keycloak.linkParty(userId, 'P-1001');
      expect(tokenRequests()).to.equal(1);
      simulator.revokeAdminTokens();
      await keycloak.requestPasswordSetup(userId);
      expect(tokenRequests()).to.equal(2);
      expect(simulator.requestCount('PUT', `${usersPath(realm)}/${userId}/execute-actions-email`)).to.equal(2);
      expect(simulator.actionEmails(userId)).to.have.length(1);
    });

    it('is renewed before it expires', async () => {
      await restart({ adminTokenLifespanS: 1 });
      await keycloak.ensureUser(alice);
      await new Promise((resolve) => setTimeout(resolve, 600));
      await keycloak.ensureUser(alice);
      expect(tokenRequests()).to.equal(2);
      expect(simulator.requestCount(undefined, '/admin')).to.equal(3);
    });

    it('refuses a wrong admin secret with IdentityRejectedError 401, naming the call and not the secret', async () => {
      const err = await rejection(providerWith({ clientSecret: 'wrong-secret' }).ensureUser(alice));
      expect(err).to.be.instanceOf(IdentityRejectedError).and.include({ status: 401 });
      expect(err.message).to.include(`POST ${tokenPath(realm)}`).and.include('invalid_client').and.not.include('wrong-secret');
      expect(tokenRequests()).to.equal(1);
      expect(simulator.users()).to.have.length(0);
    });
  });

  describe('users', () => {
    it('creates the user enabled with its details, and finds the same one when created again', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      expect(simulator.user(userId)).to.deep.include({ username: 'p-1001', email: 'alice@example.com', emailVerified: true, enabled: true, firstName: 'Alice', lastName: 'Muster', attributes: { phone_number: ['+41791234567'] } });
      expect(await keycloak.ensureUser(alice)).to.deep.equal({ userId });
      expect(await keycloak.ensureUser({ ...alice, username: 'p-1001' })).to.deep.equal({ userId });
      expect(simulator.users()).to.have.length(1);
    });

    it('refuses another user with the same e-mail as IdentityRejectedError 409', async () => {
      await keycloak.ensureUser(alice);
      const err = await rejection(keycloak.ensureUser({ ...alice, username: 'P-1002', email: 'ALICE@example.com' }));
      expect(err).to.be.instanceOf(IdentityRejectedError).and.include({ status: 409 });
      expect(err.message).to.include(`POST ${usersPath(realm)}`).and.include('User exists with same email');
      expect(simulator.users().map((u) => u.username)).to.deep.equal(['p-1001']);
    });

    it('links the party, keeping the other attributes and details, and replaces it when linked again', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      await keycloak.linkParty(userId, 'P-1001');
      expect(simulator.user(userId)?.attributes).to.deep.equal({ phone_number: ['+41791234567'], ordo_party: ['P-1001'] });
      await providerWith({ partyAttribute: 'party' }).linkParty(userId, 'P-2002');
      await keycloak.linkParty(userId, 'P-3003');
      expect(simulator.user(userId)).to.deep.include({ email: 'alice@example.com', firstName: 'Alice', enabled: true, attributes: { phone_number: ['+41791234567'], party: ['P-2002'], ordo_party: ['P-3003'] } });
    });

    it('asks Keycloak to e-mail an UPDATE_PASSWORD link', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      expect(simulator.actionEmails(userId)).to.deep.equal([]);
      await keycloak.requestPasswordSetup(userId);
      expect(simulator.actionEmails(userId).map((e) => e.actions)).to.deep.equal([['UPDATE_PASSWORD']]);
      const noEmail = await keycloak.ensureUser({ username: 'P-1003', emailVerified: false });
      expect(await rejection(keycloak.requestPasswordSetup(noEmail.userId))).to.be.instanceOf(IdentityRejectedError).and.include({ status: 400 });
    });

    it('deletes the user, and again without error', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      await keycloak.deleteUser(userId);
      expect(simulator.user(userId)).to.equal(undefined);
      await keycloak.deleteUser(userId);
      expect(simulator.requestCount('DELETE')).to.equal(2);
      expect(await rejection(keycloak.linkParty(userId, 'P-1001'))).to.be.instanceOf(IdentityRejectedError).and.include({ status: 404 });
    });
  });

  describe('failures and retries', () => {
    it('retries 503 answers and creates the user once', async () => {
      await keycloak.ensureUser({ username: 'P-0001', emailVerified: false });
      simulator.failNext(2);
      const { userId } = await keycloak.ensureUser(alice);
      expect(simulator.requestCount('POST', usersPath(realm))).to.equal(4);
      expect(simulator.userByUsername('P-1001')?.id).to.equal(userId);
      expect(simulator.users()).to.have.length(2);
    });

    it('gives up after the retries with a plain error naming the call and the attempts', async () => {
      simulator.failNext(3);
      const err = await rejection(keycloak.ensureUser(alice));
      expect(err).not.to.be.instanceOf(IdentityRejectedError);
      expect(err.message).to.include('3 attempt').and.include('HTTP 503');
      expect(simulator.users()).to.have.length(0);
    });

    it('gives up on a Keycloak it cannot reach, the secret nowhere in the error', async () => {
      const gone = await KeycloakSimulator.start({ realm, adminClientId, adminClientSecret });
      await gone.close();
      const err = await rejection(providerWith({ baseUrl: gone.baseUrl }).ensureUser(alice));
      expect(err.message).to.include(`POST ${usersPath(realm)} failed after 3 attempt(s)`).and.include('ECONNREFUSED');
      expect(JSON.stringify({ ...err, message: err.message, cause: err.cause })).not.to.include(adminClientSecret);
    });

    it('does not retry a 400', async () => {
      const err = await rejection(keycloak.ensureUser({ ...alice, username: ' ' }));
      expect(err).to.be.instanceOf(IdentityRejectedError).and.include({ status: 400 });
      expect(err.message).to.include('User name is missing');
      expect(simulator.requestCount('POST', usersPath(realm))).to.equal(1);
    });

    it('stops waiting to retry when the caller aborts', async () => {
      simulator.down();
      const started = Date.now();
      const err = await rejection(providerWith({ retryDelayMs: 5000 }).ensureUser(alice, AbortSignal.timeout(100)));
      expect(err.name).to.be.oneOf(['AbortError', 'TimeoutError']);
      expect(Date.now() - started).to.be.below(2000);
    });
  });

  describe('end users', () => {
    it('signs a user in with the password set from the e-mail link, the party in the token', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      await keycloak.linkParty(userId, 'P-1001');
      await keycloak.requestPasswordSetup(userId);
      expect((await passwordGrant('P-1001', 'S3cret!pass')).status).to.equal(401);
      await simulator.completeRequiredActions(userId, 'S3cret!pass');
      const res = await passwordGrant('P-1001', 'S3cret!pass');
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
      expect(body.token_type).to.equal('Bearer');
      expect(body.expires_in).to.be.within(3500, 3600);
      expect(decodeJwt(body.access_token)).to.deep.include({ sub: userId, preferred_username: 'p-1001', email: 'alice@example.com', party: 'P-1001', realm_access: { roles: ['customer'] }, iss: issuer.url });
      expect(JSON.stringify(simulator.users())).not.to.include('S3cret!pass');
    });

    it('refuses a wrong password and an unknown user alike', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      await keycloak.requestPasswordSetup(userId);
      await simulator.completeRequiredActions(userId, 'right');
      const answers = await Promise.all([passwordGrant('P-1001', 'wrong'), passwordGrant('P-9999', 'right')]);
      expect(answers.map((r) => r.status)).to.deep.equal([401, 401]);
      const [wrongPassword, unknownUser] = await Promise.all(answers.map((r) => r.json()));
      expect(wrongPassword).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid user credentials' });
      expect(unknownUser).to.deep.equal(wrongPassword);
    });

    it('sets a password only after the e-mail was asked for; reset-password sets one too', async () => {
      const { userId } = await keycloak.ensureUser(alice);
      expect((await rejection(simulator.completeRequiredActions(userId, 'pw'))).message).to.include('never e-mailed');
      const adminToken = ((await (await fetch(`${simulator.baseUrl}${tokenPath(realm)}`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: adminClientId, client_secret: adminClientSecret }) })).json()) as { access_token: string }).access_token;
      const reset = await fetch(`${simulator.baseUrl}${usersPath(realm)}/${userId}/reset-password`, { method: 'PUT', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'password', value: 'pw', temporary: false }) });
      expect(reset.status).to.equal(204);
      expect((await passwordGrant('P-1001', 'pw')).status).to.equal(200);
    });

    it('answers 501 to the password grant when started without a minter', async () => {
      await restart();
      const { userId } = await keycloak.ensureUser(alice);
      await keycloak.requestPasswordSetup(userId);
      await simulator.completeRequiredActions(userId, 'pw');
      expect((await passwordGrant('P-1001', 'pw')).status).to.equal(501);
    });
  });
});
