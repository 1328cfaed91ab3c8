import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { SIGN_UP_BASE_PATH } from '../engine/signup/sign-up.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF629_BASE_PATH } from '../engine/customers/tmf-apis.js';
import { TMF681_BASE_PATH } from '../engine/notifications/notifications.js';
import { eventually, httpJson, issuer, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';
import { passwordGrant } from './support/identity.js';

const unique = () => randomUUID().slice(0, 8);
let lastIp = 0;
/** Each test signs up from its own client address (Ordo trusts the loopback proxy's X-Forwarded-For). */
const clientIp = () => `198.51.100.${++lastIp % 250}`;
const mobile = () => `+4179${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
const person = (overrides: Record<string, unknown> = {}) => ({ givenName: 'Grace', familyName: 'Hopper', email: `grace.${unique()}@example.com`, phone: mobile(), ...overrides });

function signUpClient(ordo: Ordo, ip = clientIp()) {
  const call = (method: string, path: string, body?: unknown) => httpJson(method, `${ordo.baseUrl}${SIGN_UP_BASE_PATH}${path}`, body, { authorization: '', 'x-forwarded-for': ip });
  return {
    start: (body: unknown) => call('POST', '/signUp', body),
    read: (id: string) => call('GET', `/signUp/${id}`),
    verify: (id: string, code: string) => call('POST', `/signUp/${id}/verify`, { code }),
    resend: (id: string) => call('POST', `/signUp/${id}/resend`),
  };
}

/** The codes the gateway delivered to `address`, oldest first. */
const codesTo = (ordo: Ordo, address: string) => ordo.notificationSimulator!.messagesTo(address).map((m) => /\b(\d{6})\b/.exec(m.content)![1]!);
const nextCode = (ordo: Ordo, address: string, after = 0) => eventually(`code ${after + 1} for ${address}`, async () => codesTo(ordo, address)[after]);
const settled = (ordo: Ordo, id: string, states: string[]) => eventually(`sign-up ${id} ${states.join(' or ')}`, async () => { const s = await ordo.signUps.store.find(id); return s && states.includes(s.state) && s; }, 60_000);

describe('self-service sign-up with a one-time code (bpmn/sign-up.bpmn)', function () {
  this.timeout(180_000);
  let ordo: Ordo;

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_CUSTOMER_CHECK: 'registered', ORDO_TRUST_PROXY: 'loopback', ORDO_SIGNUP_LIMIT_PER_IP: '10', ORDO_SIGNUP_LIMIT_PER_ADDRESS: '60', ORDO_OTP_RESEND_COOLDOWN_MS: '1500' }), { mintUserTokens: (claims) => issuer.mint(claims) });
    await ordo.deployed;
  });
  after(() => retireTestOrdo(ordo, 60_000));

  it('B2C: sign-up → code by e-mail → verified → a customer with a billing account and a user who orders with their token and sees only their own orders', async () => {
    const client = signUpClient(ordo);
    const who = person({ channel: 'email' });
    const started = await client.start(who);
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    expect(started.body).to.include({ state: 'requested', channel: 'email' });
    expect(started.body.sentTo).to.match(/^g\*\*\*@example\.com$/);
    const code = await nextCode(ordo, who.email);
    const waiting = await client.read(started.body.id);
    expect(waiting.body).to.include({ state: 'codeSent', attemptsLeft: 5 });
    // While the code is good, Ordo holds only its keyed hash.
    const pendingSignUp = await ordo.signUps.store.find(started.body.id);
    expect(pendingSignUp!._ordo.otp!.hash).to.match(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(pendingSignUp)).not.to.contain(code);
    const wrong = await client.verify(started.body.id, code === '000000' ? '111111' : '000000');
    expect(wrong.status).to.equal(422);
    expect(wrong.body).to.include({ code: 'INVALID_CODE', '@type': 'Error' });
    expect((await client.read(started.body.id)).body.attemptsLeft).to.equal(4);
    const verified = await client.verify(started.body.id, code);
    expect(verified.status, JSON.stringify(verified.body)).to.equal(200);
    expect(verified.body.state).to.equal('verified');

    const done = await settled(ordo, started.body.id, ['completed', 'rejected']);
    expect(done.state).to.equal('completed');
    expect(done.email, 'the sign-up forgets the person once the party has them').to.equal(undefined);
    const { individualId, customerId, billingAccountId, userId } = done.result!;
    const customer = (await httpJson('GET', `${ordo.baseUrl}${TMF629_BASE_PATH}/customer/${customerId}`)).body;
    expect(customer).to.include({ name: 'Grace Hopper', status: 'approved' });
    expect(customer.engagedParty).to.include({ id: individualId });
    // The code is never stored: not in the sign-up, not in the TMF681 record of the message.
    const stored = JSON.stringify(await ordo.signUps.store.find(started.body.id));
    expect(stored).not.to.contain(code);
    const records = (await httpJson('GET', `${ordo.baseUrl}${TMF681_BASE_PATH}/communicationMessage?receiver.email=${encodeURIComponent(who.email)}`)).body;
    expect(records).to.have.length(1);
    expect(records[0]).to.include({ messageType: 'email', '@type': 'CommunicationMessage' });
    expect(records[0].content).not.to.contain(code);

    const user = ordo.identitySimulator!.user(userId!)!;
    expect(user).to.include({ username: individualId, email: who.email, emailVerified: true });
    expect(user.attributes?.['ordo_party']).to.deep.equal([individualId]);
    await ordo.identitySimulator!.completeRequiredActions(userId!, 'a long passphrase for grace');
    const token = await passwordGrant(ordo, individualId, 'a long passphrase for grace');

    const mine = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder({ relatedParty: [{ id: customerId, role: 'Customer', '@referredType': 'Customer' }] }), { authorization: `Bearer ${token}` });
    expect(mine.status, JSON.stringify(mine.body)).to.equal(201);
    // The back office orders for the customer too (an operator token): the customer sees it once it is validated.
    const forThem = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder({ relatedParty: [{ id: individualId, role: 'Customer', '@referredType': 'Individual' }] }));
    const someoneElses = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, sampleOrder({ relatedParty: [{ id: 'cust-42', role: 'Customer', '@referredType': 'Individual' }] }));
    for (const id of [mine.body.id, forThem.body.id]) {
      const order = await eventually('the customer\'s order finished', async () => { const o = await ordo.orders.findStored(id); return o && ['completed', 'failed', 'rejected'].includes(o.state) && o; });
      expect(order.state, JSON.stringify(order['note'])).to.equal('completed');
    }
    const seen = await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, undefined, { authorization: `Bearer ${token}` });
    expect(seen.body.map((o: { id: string }) => o.id).sort()).to.deep.equal([mine.body.id, forThem.body.id].sort());
    expect((await httpJson('GET', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder/${someoneElses.body.id}`, undefined, { authorization: `Bearer ${token}` })).status).to.equal(404);
    expect(billingAccountId).to.be.a('string');

    // The same e-mail again: answered as any sign-up (no enumeration); its owner is told, and no code can verify it.
    const again = await signUpClient(ordo).start({ ...person({ channel: 'email' }), email: who.email.toUpperCase() });
    expect(again.status).to.equal(201);
    expect(Object.keys(again.body).sort()).to.deep.equal(Object.keys(started.body).sort());
    const note = await eventually('the note to the owner', async () => ordo.notificationSimulator!.messagesTo(who.email).find((m) => m.content.includes('already has an account')));
    expect(note.content).not.to.match(/\d{6}/);
    expect((await signUpClient(ordo).read(again.body.id)).body.state).to.equal('codeSent');
  });

  it('wrong codes: no hint which part is wrong, and the fifth locks the sign-up for good', async () => {
    const client = signUpClient(ordo);
    const who = person();
    const { body } = await client.start(who);
    const code = await nextCode(ordo, who.phone);
    const wrong = code === '123456' ? '654321' : '123456';
    const unknownSignUp = await client.verify('no-such-sign-up', wrong);
    for (let n = 1; n <= 5; n++) {
      const answer = await client.verify(body.id, wrong);
      expect(answer.status).to.equal(422);
      expect(answer.body).to.deep.equal(unknownSignUp.body);
    }
    expect((await client.verify(body.id, code)).status, 'the right code after the lock-out').to.equal(422);
    const locked = await settled(ordo, body.id, ['locked']);
    await eventually('the locked sign-up forgets the person', async () => (await ordo.signUps.store.find(body.id))?.email === undefined);
    expect(locked.reason).to.equal('too many wrong codes');
    expect(await ordo.customers.records.stores.individual.collection.countDocuments({ 'contactMedium.characteristic.emailAddress': who.email })).to.equal(0);
  });

  it('a new code: not before the cooldown (429 with Retry-After); then the old code stops working and the new one works', async () => {
    const client = signUpClient(ordo);
    const who = person();
    const { body } = await client.start(who);
    const first = await nextCode(ordo, who.phone);
    const tooSoon = await client.resend(body.id);
    expect(tooSoon.status).to.equal(429);
    expect(Number(tooSoon.headers.get('retry-after'))).to.be.within(1, 2);
    await new Promise((r) => setTimeout(r, 1600));
    const resent = await client.resend(body.id);
    expect(resent.status, JSON.stringify(resent.body)).to.equal(202);
    const second = await nextCode(ordo, who.phone, 1);
    await eventually('the new code stored', async () => (await ordo.signUps.store.find(body.id))?._ordo.otp?.generation === 2);
    if (first !== second) expect((await client.verify(body.id, first)).status).to.equal(422);
    expect((await client.verify(body.id, second)).status).to.equal(200);
    const done = await settled(ordo, body.id, ['completed', 'rejected']);
    expect(done.state).to.equal('completed');
    // The code proved the phone, not the e-mail: the identity provider gets no e-mail and sends no password link anywhere.
    const user = ordo.identitySimulator!.user(done.result!.userId!)!;
    expect(user.email).to.equal(undefined);
    expect(user.attributes?.['phone_number']).to.deep.equal([who.phone]);
    expect(ordo.identitySimulator!.actionEmails(done.result!.userId!)).to.deep.equal([]);
    // ... and its e-mail claims nothing: someone else may sign up with it.
    const individual = await ordo.customers.records.stores.individual.findStored(done.result!.individualId);
    expect(individual!._ordo.identityKeys).to.deep.equal([`phone:${who.phone}`]);
  });

  it('50 concurrent sign-ups with one e-mail, all verified at once: exactly one party; the others are rejected', async () => {
    const address = `race.${unique()}@example.com`;
    const people = Array.from({ length: 50 }, () => person({ email: address, channel: 'email' }));
    const clients = people.map(() => signUpClient(ordo));
    const started = await Promise.all(people.map((p, i) => clients[i]!.start(p)));
    expect(started.map((s) => s.status)).to.deep.equal(people.map(() => 201));
    // All codes go to the one address: each sign-up's is the message sent with its idempotency key.
    const codeOf = (id: string) => eventually(`the code of ${id}`, async () => {
      const sent = ordo.notificationSimulator!.requests().find((r) => r.idempotencyKey === `signUp:${id}:code:1`);
      return sent && /\b(\d{6})\b/.exec((sent.body as { content: string }).content)![1];
    });
    const codes = await Promise.all(started.map((s) => codeOf(s.body.id)));
    const verified = await Promise.all(started.map((s, i) => clients[i]!.verify(s.body.id, codes[i]!)));
    expect(verified.map((v) => v.status)).to.deep.equal(people.map(() => 200));
    const ends = await Promise.all(started.map((s) => settled(ordo, s.body.id, ['completed', 'rejected'])));
    expect(ends.filter((e) => e.state === 'completed')).to.have.length(1);
    expect(ends.filter((e) => e.state === 'rejected')).to.have.length(49);
    expect(await ordo.customers.records.stores.individual.collection.countDocuments({ 'contactMedium.characteristic.emailAddress': address, '_ordo.deletedAt': { $exists: false } })).to.equal(1);
    expect(await ordo.customers.records.stores.customer.collection.countDocuments({ 'engagedParty.id': ends.find((e) => e.state === 'completed')!.result!.individualId })).to.equal(1);
  });

  it('a user the identity provider refuses ends the sign-up rejected with the reason (no endless retries)', async () => {
    const client = signUpClient(ordo);
    const who = person();
    const { body } = await client.start(who);
    const code = await nextCode(ordo, who.phone);
    ordo.identitySimulator!.failNext(10, 400);
    try {
      expect((await client.verify(body.id, code)).status).to.equal(200);
      const rejected = await settled(ordo, body.id, ['rejected', 'completed']);
      expect(rejected.state).to.equal('rejected');
      expect(rejected.reason).to.contain('identity provider refused');
      expect(rejected.email).to.equal(undefined);
    } finally {
      ordo.identitySimulator!.failNext(0);
    }
  });

  it('refuses bad sign-ups with TMF error bodies, and limits requests per client address (429)', async () => {
    const client = signUpClient(ordo);
    const cases: [unknown, number, string][] = [
      [person({ phone: '0791234567' }), 422, 'INVALID_CONTACT'],
      [person({ email: 'grace@' }), 422, 'INVALID_CONTACT'],
      [person({ givenName: 'G'.repeat(101) }), 422, 'INVALID_NAME'],
      [person({ givenName: '<script>' }), 422, 'INVALID_NAME'],
      [person({ role: 'admin' }), 400, 'INVALID_BODY'],
      [person({ channel: 'pigeon' }), 400, 'INVALID_BODY'],
    ];
    const before = await ordo.signUps.store.collection.countDocuments();
    for (const [body, status, code] of cases) {
      const answer = await client.start(body);
      expect(answer.status, JSON.stringify(body)).to.equal(status);
      expect(answer.body).to.include({ code });
    }
    expect(await ordo.signUps.store.collection.countDocuments()).to.equal(before);
    // Six requests counted above; the limit is ten an hour.
    for (let n = 7; n <= 10; n++) expect((await client.verify('x', '000000')).status).to.equal(422);
    const limited = await client.start(person());
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    expect((await signUpClient(ordo).start(person())).status, 'another client address is not limited').to.equal(201);
  });
});

describe('sign-up codes that run out, and codes per address', function () {
  this.timeout(120_000);
  let ordo: Ordo;

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_TRUST_PROXY: 'loopback', ORDO_OTP_TTL_MS: '3000', ORDO_SIGNUP_LIMIT_PER_ADDRESS: '3' }), { mintUserTokens: (claims) => issuer.mint(claims) });
    await ordo.deployed;
  });
  after(() => retireTestOrdo(ordo, 30_000));

  it('a code not entered in time expires the sign-up (the model\'s timer); the code no longer works and the person is forgotten', async () => {
    const client = signUpClient(ordo);
    const who = person({ channel: 'email' });
    const { body } = await client.start(who);
    const code = await nextCode(ordo, who.email);
    const expired = await settled(ordo, body.id, ['expired']);
    expect(expired.phone).to.equal(undefined);
    expect((await client.verify(body.id, code)).status).to.equal(422);
  });

  it('at most three codes an hour go to one address, whoever asks', async () => {
    const address = `busy.${unique()}@example.com`;
    for (let n = 1; n <= 3; n++) expect((await signUpClient(ordo).start(person({ email: address, channel: 'email' }))).status).to.equal(201);
    const fourth = await signUpClient(ordo).start(person({ email: address, channel: 'email' }));
    expect(fourth.status).to.equal(429);
    expect(fourth.body).to.include({ code: 'TOO_MANY_REQUESTS' });
  });
});
