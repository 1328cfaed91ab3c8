import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF632_BASE_PATH, TMF629_BASE_PATH, TMF666_BASE_PATH } from '../engine/customers/tmf-apis.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { PARTY_USER_PATH } from '../engine/customers/customers.js';
import { freezeOrder, unfreezeOrder } from '../engine/orders/freeze-order.js';
import { Role } from '../engine/security/principal.js';
import { passwordGrant } from './support/identity.js';
import { TestListener } from './support/listener.js';
import { collectEvents, eventually, httpJson, issuer, retireTestOrdo, sampleOrder, testConfig, tokenFor } from './support/harness.js';

const unique = () => randomUUID().slice(0, 8);
const email = (who = 'ada') => `${who}.${unique()}@Example.COM`;
/** A valid Swiss mobile number, different per call. */
const phone = () => `+41 79 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0').replace(/(\d{3})(\d{2})(\d{2})/, '$1 $2 $3')}`;
const individual = (overrides: Record<string, unknown> = {}) => ({
  givenName: 'Ada',
  familyName: 'Lovelace',
  contactMedium: [
    { mediumType: 'email', characteristic: { emailAddress: email() } },
    { mediumType: 'mobile', characteristic: { phoneNumber: phone() } },
  ],
  ...overrides,
});
const customerRole = [Role.orderRead, Role.orderWrite, Role.customerRead];

describe('customers and accounts: TMF632 parties, TMF629 customers, TMF666 accounts', function () {
  this.timeout(120_000);
  let ordo: Ordo;
  let base: string;
  const url = (path: string) => `${base}${path}`;
  const post = async (path: string, body: unknown) => httpJson('POST', url(path), body);

  before(async () => {
    ordo = await startOrdo(testConfig({ ORDO_CUSTOMER_CHECK: 'registered' }), { mintUserTokens: (claims) => issuer.mint(claims) });
    base = ordo.baseUrl;
    await ordo.deployed;
  });
  after(() => retireTestOrdo(ordo, 60_000));

  /** An individual, its customer and one billing account (B2C), over the APIs. */
  async function b2cCustomer(person = individual()) {
    const party = await post(`${TMF632_BASE_PATH}/individual`, person);
    expect(party.status, JSON.stringify(party.body)).to.equal(201);
    const customer = await post(`${TMF629_BASE_PATH}/customer`, { name: 'Ada Lovelace', engagedParty: { id: party.body.id, '@referredType': 'Individual' } });
    expect(customer.status, JSON.stringify(customer.body)).to.equal(201);
    const account = await post(`${TMF666_BASE_PATH}/billingAccount`, { name: 'Ada Lovelace', relatedParty: [{ id: customer.body.id, name: 'Ada Lovelace', role: 'owner', '@referredType': 'Customer' }] });
    expect(account.status, JSON.stringify(account.body)).to.equal(201);
    return { party: party.body, customer: customer.body, account: account.body };
  }

  describe('individuals and organizations (TMF632)', () => {
    it('stores an individual with its e-mail lower-cased and its phone in E.164, lists it by them, and publishes IndividualCreateEvent on Kafka and to hub listeners', async () => {
      const events = await collectEvents(ordo.config, 'individual');
      const listener = new TestListener();
      const hub = await post(`${TMF632_BASE_PATH}/hub`, { callback: await listener.start(), query: 'eventType=IndividualCreateEvent' });
      expect(hub.status, JSON.stringify(hub.body)).to.equal(201);
      try {
        const address = email();
        const created = await post(`${TMF632_BASE_PATH}/individual`, individual({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: `  ${address} ` } }, { mediumType: 'mobile', characteristic: { phoneNumber: '+41 (79) 555-12-34' } }] }));
        expect(created.status).to.equal(201);
        expect(created.headers.get('location')).to.equal(created.body.href);
        expect(created.body).to.include({ '@type': 'Individual', status: 'validated', givenName: 'Ada' });
        expect(created.body.contactMedium[0].characteristic.emailAddress).to.equal(address.toLowerCase());
        expect(created.body.contactMedium[1].characteristic.phoneNumber).to.equal('+41795551234');
        const read = await httpJson('GET', url(`${TMF632_BASE_PATH}/individual/${created.body.id}?fields=givenName`));
        expect(read.body).to.deep.equal({ id: created.body.id, href: created.body.href, givenName: 'Ada' });
        const listed = await httpJson('GET', url(`${TMF632_BASE_PATH}/individual?contactMedium.characteristic.emailAddress=${encodeURIComponent(address.toLowerCase())}`));
        expect(listed.body.map((p: { id: string }) => p.id)).to.deep.equal([created.body.id]);
        const event = await eventually('IndividualCreateEvent', async () => events.events.find((e) => e.key === created.body.id));
        expect(event.body.eventType).to.equal('IndividualCreateEvent');
        const heard = await eventually('IndividualCreateEvent at the hub listener', async () => listener.received.find((e) => e.event['individual']?.['id'] === created.body.id));
        expect(heard.eventType).to.equal('IndividualCreateEvent');
      } finally {
        await events.stop();
        await listener.stop();
      }
    });

    it('refuses a second party with the same e-mail (any case), phone or national id with 409 naming the first, and stores nothing', async () => {
      const first = await post(`${TMF632_BASE_PATH}/individual`, individual({ individualIdentification: [{ identificationType: 'passport', identificationId: 'X12-345.67', issuingAuthority: 'CH' }] }));
      expect(first.status).to.equal(201);
      const { emailAddress } = first.body.contactMedium[0].characteristic;
      const { phoneNumber } = first.body.contactMedium[1].characteristic;
      const before = await ordo.customers.records.stores.individual.collection.countDocuments();
      for (const second of [
        individual({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: emailAddress.toUpperCase() } }] }),
        individual({ contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber } }] }),
        individual({ contactMedium: [], individualIdentification: [{ identificationType: 'PASSPORT', identificationId: 'x1234567', issuingAuthority: 'ch' }] }),
      ]) {
        const refused = await post(`${TMF632_BASE_PATH}/individual`, second);
        expect(refused.status).to.equal(409);
        expect(refused.body).to.include({ code: 'DUPLICATE_PARTY', '@type': 'Error' });
        expect(refused.body.message).to.contain(first.body.id);
      }
      expect(await ordo.customers.records.stores.individual.collection.countDocuments()).to.equal(before);
    });

    it('50 concurrent creations with one e-mail give exactly one party', async () => {
      const address = email('race');
      const answers = await Promise.all(Array.from({ length: 50 }, () => post(`${TMF632_BASE_PATH}/individual`, individual({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: address } }] }))));
      expect(answers.filter((a) => a.status === 201)).to.have.length(1);
      expect(answers.filter((a) => a.status === 409)).to.have.length(49);
      expect(await ordo.customers.records.stores.individual.collection.countDocuments({ 'contactMedium.characteristic.emailAddress': address.toLowerCase() })).to.equal(1);
    });

    it('a PATCH to another phone frees the old one for someone else, and takes a phone nobody else has', async () => {
      const a = await post(`${TMF632_BASE_PATH}/individual`, individual());
      const b = await post(`${TMF632_BASE_PATH}/individual`, individual());
      const oldPhone = a.body.contactMedium[1].characteristic.phoneNumber;
      const bPhone = b.body.contactMedium[1].characteristic.phoneNumber;
      const taken = await httpJson('PATCH', url(`${TMF632_BASE_PATH}/individual/${a.body.id}`), { contactMedium: [a.body.contactMedium[0], { mediumType: 'mobile', characteristic: { phoneNumber: bPhone } }] }, { 'content-type': 'application/merge-patch+json' });
      expect(taken.status).to.equal(409);
      const newPhone = phone();
      const patched = await httpJson('PATCH', url(`${TMF632_BASE_PATH}/individual/${a.body.id}`), { contactMedium: [a.body.contactMedium[0], { mediumType: 'mobile', characteristic: { phoneNumber: newPhone } }] }, { 'content-type': 'application/merge-patch+json' });
      expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
      const reused = await post(`${TMF632_BASE_PATH}/individual`, individual({ contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: oldPhone } }] }));
      expect(reused.status).to.equal(201);
    });

    it('concurrent PATCHes of different identifiers: every identifier a record has stays claimed by it', async () => {
      const created = (await post(`${TMF632_BASE_PATH}/individual`, individual())).body;
      for (let round = 0; round < 8; round++) {
        const current = (await httpJson('GET', url(`${TMF632_BASE_PATH}/individual/${created.id}`))).body;
        const patch = (body: unknown) => httpJson('PATCH', url(`${TMF632_BASE_PATH}/individual/${created.id}`), body, { 'content-type': 'application/merge-patch+json' });
        await Promise.all([
          patch({ contactMedium: [current.contactMedium[0], { mediumType: 'mobile', characteristic: { phoneNumber: phone() } }] }),
          patch({ individualIdentification: [{ identificationType: 'passport', identificationId: `P${unique()}`, issuingAuthority: 'CH' }] }),
        ]);
        const stored = await ordo.customers.records.stores.individual.findStored(created.id);
        const claimed = (await ordo.customers.records.identities.collection.find({ partyId: created.id }).toArray()).map((c) => c._id).sort();
        expect(claimed, `round ${round}`).to.deep.equal([...stored!._ordo.identityKeys!].sort());
        expect(claimed.filter((k) => k.startsWith('phone:')), `round ${round}`).to.deep.equal([`phone:${stored!['contactMedium'][1].characteristic.phoneNumber}`]);
      }
    });

    it('refuses malformed phones and e-mails, over-long or hostile fields with TMF error bodies, storing nothing', async () => {
      const before = await ordo.customers.records.stores.individual.collection.countDocuments();
      const cases: [unknown, number, string][] = [
        [individual({ contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '079 123 45 67' } }] }), 422, 'INVALID_CONTACT'],
        [individual({ contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '+41 12' } }] }), 422, 'INVALID_CONTACT'],
        [individual({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@@example.com' } }] }), 422, 'INVALID_CONTACT'],
        [individual({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@example' } }] }), 422, 'INVALID_CONTACT'],
        [individual({ givenName: 'A'.repeat(201) }), 422, 'FIELD_TOO_LONG'],
        [individual({ familyName: 'Love\u0000lace' }), 422, 'INVALID_NAME'],
        [individual({ title: 'x'.repeat(5000) }), 422, 'FIELD_TOO_LONG'],
        [individual({ $where: 'sleep(1000)' }), 400, 'INVALID_BODY'],
        [individual({ id: 'mine' }), 400, 'INVALID_BODY'],
        [{ familyName: 'Lovelace' }, 400, 'INVALID_BODY'],
        [individual({ birthDate: 'yesterday' }), 400, 'INVALID_BODY'],
        ['[]', 400, 'INVALID_BODY'],
      ];
      for (const [body, status, code] of cases) {
        const answer = await post(`${TMF632_BASE_PATH}/individual`, body);
        expect(answer.status, JSON.stringify(body).slice(0, 80)).to.equal(status);
        expect(answer.body).to.include({ code, '@type': 'Error' });
      }
      expect(await ordo.customers.records.stores.individual.collection.countDocuments()).to.equal(before);
      expect(await ordo.customers.records.identities.collection.countDocuments({ _id: /^phone:\+4112/ })).to.equal(0);
    });
  });

  describe('customers and orders', () => {
    it('an order for an unknown customer, or a suspended one, is rejected with the reason; an active one with its only billing account completes', async () => {
      const { party, customer, account } = await b2cCustomer();
      const unknown = await post(`${TMF622_BASE_PATH}/productOrder`, sampleOrder({ relatedParty: [{ id: 'nobody', role: 'Customer', '@referredType': 'Individual' }] }));
      const fine = await post(`${TMF622_BASE_PATH}/productOrder`, sampleOrder({ relatedParty: [{ id: party.id, role: 'Customer', '@referredType': 'Individual' }] }));
      const rejected = await eventually('the unknown customer\'s order rejected', async () => (await ordo.orders.findStored(unknown.body.id))?.state === 'rejected' && (await ordo.orders.findStored(unknown.body.id)));
      expect(JSON.stringify(rejected['note'] ?? rejected['_ordo'])).to.contain('CUSTOMER_UNKNOWN');
      expect((await eventually('the order completed', async () => { const o = await ordo.orders.findStored(fine.body.id); return o && ['completed', 'failed', 'rejected'].includes(o.state) && o; })).state).to.equal('completed');

      const suspended = await httpJson('PATCH', url(`${TMF629_BASE_PATH}/customer/${customer.id}`), { status: 'suspended' }, { 'content-type': 'application/merge-patch+json' });
      expect(suspended.status, JSON.stringify(suspended.body)).to.equal(200);
      const refused = await post(`${TMF622_BASE_PATH}/productOrder`, sampleOrder({ relatedParty: [{ id: customer.id, role: 'Customer', '@referredType': 'Customer' }], billingAccount: { id: account.id } }));
      const order = await eventually('the suspended customer\'s order rejected', async () => (await ordo.orders.findStored(refused.body.id))?.state === 'rejected' && (await ordo.orders.findStored(refused.body.id)));
      expect(JSON.stringify(order)).to.contain('CUSTOMER_NOT_ACTIVE');
    });

    it('B2B: an organization with two contacts who are users, and two billing accounts; each user orders for it and sees all its orders, a B2C token none', async () => {
      const org = await post(`${TMF632_BASE_PATH}/organization`, { tradingName: 'Acme AG', name: 'Acme AG', organizationIdentification: [{ identificationType: 'UID', identificationId: `CHE-${unique()}`, issuingAuthority: 'CH' }] });
      expect(org.status, JSON.stringify(org.body)).to.equal(201);
      const contacts = await Promise.all(['grace', 'alan'].map((who) => post(`${TMF632_BASE_PATH}/individual`, individual({ givenName: who, contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: email(who) } }], relatedParty: [{ id: org.body.id, role: 'user', '@referredType': 'Organization' }] }))));
      expect(contacts.map((c) => c.status), JSON.stringify(contacts.map((c) => c.body))).to.deep.equal([201, 201]);
      const customer = await post(`${TMF629_BASE_PATH}/customer`, { name: 'Acme AG', engagedParty: { id: org.body.id, '@referredType': 'Organization' } });
      expect(customer.status).to.equal(201);
      const accounts = await Promise.all(['Acme HQ', 'Acme Branch'].map((name) => post(`${TMF666_BASE_PATH}/billingAccount`, { name, accountType: 'B2B', relatedParty: [{ id: customer.body.id, name: 'Acme AG', role: 'owner', '@referredType': 'Customer' }] })));
      expect(accounts.map((a) => a.status)).to.deep.equal([201, 201]);
      const listed = await httpJson('GET', url(`${TMF666_BASE_PATH}/billingAccount?relatedParty.id=${customer.body.id}`));
      expect(listed.body).to.have.length(2);

      // Each contact becomes a user at the identity provider, acting for the organization.
      const tokens: string[] = [];
      for (const contact of contacts) {
        const enrolled = await post(PARTY_USER_PATH, { individualId: contact.body.id });
        expect(enrolled.status, JSON.stringify(enrolled.body)).to.equal(201);
        expect(enrolled.body.party).to.equal(org.body.id);
        const user = ordo.identitySimulator!.user(enrolled.body.id)!;
        expect(user.attributes?.['ordo_party']).to.deep.equal([org.body.id]);
        expect(ordo.identitySimulator!.actionEmails(enrolled.body.id).flatMap((e) => e.actions)).to.include('UPDATE_PASSWORD');
        await ordo.identitySimulator!.completeRequiredActions(enrolled.body.id, 'correct horse battery staple');
        tokens.push(await passwordGrant(ordo, contact.body.id, 'correct horse battery staple'));
      }

      const orderFor = (token: string, billingAccount?: string) =>
        httpJson('POST', url(`${TMF622_BASE_PATH}/productOrder`), sampleOrder({ relatedParty: [{ id: customer.body.id, role: 'Customer', '@referredType': 'Customer' }], ...(billingAccount ? { billingAccount: { id: billingAccount } } : {}) }), { authorization: `Bearer ${token}` });
      const placed = [await orderFor(tokens[0]!, accounts[1]!.body.id), await orderFor(tokens[1]!, accounts[0]!.body.id)];
      expect(placed.map((p) => p.status)).to.deep.equal([201, 201]);
      for (const p of placed) expect((await eventually('the B2B order completed', async () => { const o = await ordo.orders.findStored(p.body.id); return o && ['completed', 'failed', 'rejected'].includes(o.state) && o; })).state).to.equal('completed');
      // Two billing accounts: an order naming none waits for one.
      const unbilled = await orderFor(tokens[0]!);
      await eventually('the order without billing account pending', async () => { const o = await ordo.orders.findStored(unbilled.body.id); return o?.state === 'pending' && JSON.stringify(o).includes('billingAccount'); });
      for (const token of tokens) {
        const seen = await httpJson('GET', url(`${TMF622_BASE_PATH}/productOrder`), undefined, { authorization: `Bearer ${token}` });
        expect(seen.body.map((o: { id: string }) => o.id).sort()).to.deep.equal([...placed.map((p) => p.body.id), unbilled.body.id].sort());
      }
      const stranger = await tokenFor({ sub: 'someone', roles: customerRole, party: (await b2cCustomer()).party.id });
      expect((await httpJson('GET', url(`${TMF622_BASE_PATH}/productOrder`), undefined, { authorization: `Bearer ${stranger}` })).body).to.deep.equal([]);
      expect((await httpJson('GET', url(`${TMF629_BASE_PATH}/customer/${customer.body.id}`), undefined, { authorization: `Bearer ${stranger}` })).status).to.equal(404);
      expect((await httpJson('GET', url(`${TMF629_BASE_PATH}/customer/${customer.body.id}`), undefined, { authorization: `Bearer ${tokens[0]}` })).status).to.equal(200);
      // A party-bound token reads, but does not write, customer records.
      expect((await httpJson('POST', url(`${TMF632_BASE_PATH}/individual`), individual(), { authorization: `Bearer ${tokens[0]}` })).status).to.equal(403);
      // A contact who leaves: their user goes with them and can no longer sign in for the organization.
      expect((await httpJson('DELETE', url(`${TMF632_BASE_PATH}/individual/${contacts[1]!.body.id}`))).status).to.equal(204);
      expect(ordo.identitySimulator!.userByUsername(contacts[1]!.body.id)).to.equal(undefined);
      const signIn = await fetch(`${ordo.identitySimulator!.baseUrl}/realms/${ordo.identitySimulator!.realm}/protocol/openid-connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'password', client_id: 'ordo-self-service', username: contacts[1]!.body.id, password: 'correct horse battery staple' }) });
      expect(signIn.status).to.equal(401);
    });

    it('an order placed with one party\'s token for another party\'s customer is rejected', async () => {
      const mine = await b2cCustomer();
      const theirs = await b2cCustomer();
      const token = await tokenFor({ sub: 'ada', roles: customerRole, party: mine.party.id });
      const placed = await httpJson('POST', url(`${TMF622_BASE_PATH}/productOrder`), sampleOrder({ relatedParty: [{ id: theirs.customer.id, role: 'Customer', '@referredType': 'Customer' }] }), { authorization: `Bearer ${token}` });
      expect(placed.status).to.equal(201);
      const order = await eventually('the order rejected', async () => (await ordo.orders.findStored(placed.body.id))?.state === 'rejected' && (await ordo.orders.findStored(placed.body.id)));
      expect(JSON.stringify(order)).to.contain('CUSTOMER_NOT_CALLER');
    });

    it('a PATCH cannot move an accepted order to another customer\'s billing account', async () => {
      const mine = await b2cCustomer();
      const theirs = await b2cCustomer();
      const placed = await post(`${TMF622_BASE_PATH}/productOrder`, sampleOrder({ relatedParty: [{ id: mine.customer.id, role: 'Customer', '@referredType': 'Customer' }], billingAccount: { id: mine.account.id } }));
      await freezeOrder(ordo.orders, placed.body.id);
      try {
        const moved = await httpJson('PATCH', url(`${TMF622_BASE_PATH}/productOrder/${placed.body.id}`), { billingAccount: { id: theirs.account.id } }, { 'content-type': 'application/merge-patch+json' });
        expect(moved.status).to.equal(422);
        expect(moved.body).to.include({ code: 'CUSTOMER_NOT_ACCEPTED' });
        expect(moved.body.message).to.contain('BILLING_ACCOUNT_NOT_CUSTOMERS');
        expect((await ordo.orders.findStored(placed.body.id))!['billingAccount']).to.deep.equal({ id: mine.account.id });
      } finally {
        await unfreezeOrder(ordo.orders, placed.body.id);
      }
    });
  });

  describe('erasure (DELETE customer)', () => {
    it('is refused while an order is in flight; afterwards the personal data is gone from every collection, the order, payment and account are kept under a pseudonym, and an audit entry says so', async () => {
      const familyName = `Erasable${unique()}`;
      const person = individual({ familyName, contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: email('erasable') } }, { mediumType: 'mobile', characteristic: { phoneNumber: phone() } }, { mediumType: 'email', characteristic: { emailAddress: email('second') } }] });
      const party = (await post(`${TMF632_BASE_PATH}/individual`, person)).body;
      const fullName = `Ada ${familyName}`;
      const customer = (await post(`${TMF629_BASE_PATH}/customer`, { name: fullName, engagedParty: { id: party.id, '@referredType': 'Individual' } })).body;
      const account = (await post(`${TMF666_BASE_PATH}/billingAccount`, { name: fullName, relatedParty: [{ id: customer.id, name: fullName, role: 'owner', '@referredType': 'Customer' }] })).body;
      const [addressA, phoneA, addressB] = party.contactMedium.map((m: { characteristic: { emailAddress?: string; phoneNumber?: string } }) => m.characteristic.emailAddress ?? m.characteristic.phoneNumber);
      const enrolled = await post(PARTY_USER_PATH, { individualId: party.id });
      expect(enrolled.status).to.equal(201);
      const events = await collectEvents(ordo.config, 'customer');
      try {
        // Frozen before its items: the order stays in flight until unfrozen.
        const placed = await post(`${TMF622_BASE_PATH}/productOrder`, sampleOrder({
          relatedParty: [{ id: party.id, role: 'Customer', '@referredType': 'Individual', name: fullName }],
          billingAccount: { id: account.id, name: fullName },
          notificationContact: addressA,
          payment: [{ id: 'tok_visa', '@referredType': 'BankCard' }],
          productOrderItem: [{ id: '1', action: 'add', quantity: 1, productOffering: { id: 'mobile-basic' }, itemTotalPrice: [{ priceType: 'oneTime', price: { taxIncludedAmount: { unit: 'EUR', value: 19.9 } } }] }],
        }));
        expect(placed.status).to.equal(201);
        await freezeOrder(ordo.orders, placed.body.id);
        const refused = await httpJson('DELETE', url(`${TMF629_BASE_PATH}/customer/${customer.id}`));
        expect(refused.status).to.equal(409);
        expect(refused.body).to.include({ code: 'ORDER_IN_FLIGHT' });
        expect(refused.body.message).to.contain(placed.body.id);
        expect((await httpJson('GET', url(`${TMF632_BASE_PATH}/individual/${party.id}`))).body.givenName).to.equal('Ada');

        await unfreezeOrder(ordo.orders, placed.body.id);
        await eventually('the order completed', async () => (await ordo.orders.findStored(placed.body.id))?.state === 'completed');
        const erased = await httpJson('DELETE', url(`${TMF629_BASE_PATH}/customer/${customer.id}`));
        expect(erased.status, JSON.stringify(erased.body)).to.equal(204);

        expect((await httpJson('GET', url(`${TMF632_BASE_PATH}/individual/${party.id}`))).status).to.equal(404);
        expect((await httpJson('GET', url(`${TMF629_BASE_PATH}/customer/${customer.id}`))).status).to.equal(404);
        const stored = await ordo.customers.records.stores.individual.findStored(party.id);
        expect(stored === null || (stored['givenName'] === undefined && stored['contactMedium'] === undefined)).to.equal(true);
        const entry = await ordo.db.db.collection('customerErasure').findOne({ _id: customer.id as never });
        expect(entry).to.include({ customerId: customer.id, requestedBy: 'test-operator' });
        expect(entry!['finishedAt']).to.be.instanceOf(Date);
        const pseudonym = entry!['pseudonym'] as string;
        const order = (await httpJson('GET', url(`${TMF622_BASE_PATH}/productOrder/${placed.body.id}`))).body;
        expect(order.state).to.equal('completed');
        expect(order.relatedParty[0]).to.include({ id: party.id, name: pseudonym });
        expect(order.billingAccount).to.include({ id: account.id, name: pseudonym });
        expect(order).not.to.have.property('notificationContact');
        const kept = (await httpJson('GET', url(`${TMF666_BASE_PATH}/billingAccount/${account.id}`))).body;
        expect(kept).to.include({ name: pseudonym, state: 'closed' });
        const payments = await ordo.payments.payments.findWhere({ '_ordo.orderId': placed.body.id });
        expect(payments).to.have.length.greaterThan(0);
        expect(payments[0]!['account']).to.include({ id: account.id, name: pseudonym });
        // Nowhere in Ordo's database (the audit entry excepted: it names ids only) is the person left.
        const leftovers = async () => {
          const found: string[] = [];
          for (const info of await ordo.db.db.listCollections().toArray()) {
            for (const doc of await ordo.db.db.collection(info.name).find({}).toArray()) {
              const text = JSON.stringify(doc);
              for (const personal of [familyName, addressA, phoneA, addressB]) if (text.includes(personal)) found.push(`${info.name} ${String(doc._id)}: ${text.slice(0, 300)}`);
            }
          }
          return found;
        };
        // At once: not even events still waiting to be sent may carry the person.
        expect(await leftovers()).to.deep.equal([]);
        expect(ordo.identitySimulator!.user(enrolled.body.id)).to.equal(undefined);
        const audit = await ordo.db.db.collection('auditLog').findOne({ method: 'DELETE', path: `${TMF629_BASE_PATH}/customer/${customer.id}`, status: 204 });
        expect(audit).to.include({ subject: 'test-operator' });
        await eventually('CustomerDeleteEvent', async () => events.events.find((e) => e.key === customer.id && e.body.eventType === 'CustomerDeleteEvent'));
        // Its e-mail is free again.
        const again = await post(`${TMF632_BASE_PATH}/individual`, individual({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: addressA } }] }));
        expect(again.status).to.equal(201);
      } finally {
        await events.stop();
      }
    });

    it('an identity provider that is down stops the erasure with 503; the next DELETE resumes it and finishes', async () => {
      const { party, customer } = await b2cCustomer();
      const enrolled = await post(PARTY_USER_PATH, { individualId: party.id });
      expect(enrolled.status).to.equal(201);
      ordo.identitySimulator!.down();
      try {
        const stopped = await httpJson('DELETE', url(`${TMF629_BASE_PATH}/customer/${customer.id}`));
        expect(stopped.status).to.equal(503);
        expect(stopped.body).to.include({ code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
        // Part-way: being erased, so it takes no changes meanwhile.
        const patched = await httpJson('PATCH', url(`${TMF632_BASE_PATH}/individual/${party.id}`), { givenName: 'Changed' }, { 'content-type': 'application/merge-patch+json' });
        expect(patched.status).to.equal(409);
        expect(patched.body).to.include({ code: 'ERASURE_IN_PROGRESS' });
      } finally {
        ordo.identitySimulator!.up();
      }
      expect((await httpJson('DELETE', url(`${TMF629_BASE_PATH}/customer/${customer.id}`))).status).to.equal(204);
      expect(ordo.identitySimulator!.user(enrolled.body.id)).to.equal(undefined);
      expect((await ordo.db.db.collection('customerErasure').findOne({ _id: customer.id as never }))!['finishedAt']).to.be.instanceOf(Date);
      expect((await httpJson('GET', url(`${TMF632_BASE_PATH}/individual/${party.id}`))).status).to.equal(404);
    });
  });
});
