import { expect } from 'chai';
import { clientKey } from '../engine/signup/sign-up-limits.js';
import { codeMatches, hashCode, newCode } from '../engine/signup/one-time-password.js';
import { maskAddress } from '../engine/signup/sign-up.js';
import { identityOf, normaliseEmail, normalisePhone } from '../engine/customers/identity-keys.js';
import { pseudonymised } from '../engine/tmf/pseudonymise.js';

describe('sign-up and customer identity, without servers', () => {
  it('counts requests per IPv4 address, and per /64 for IPv6 (IPv4-mapped addresses as IPv4)', () => {
    expect(clientKey('198.51.100.7')).to.equal('198.51.100.7');
    expect(clientKey('::ffff:198.51.100.7')).to.equal('198.51.100.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).to.equal(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe'));
    expect(clientKey('2001:db8:1:2::1')).not.to.equal(clientKey('2001:db8:1:3::1'));
    expect(() => clientKey(undefined)).to.throw();
    expect(() => clientKey('not-an-ip')).to.throw();
  });

  it('stores a code only as a keyed hash bound to its sign-up and generation, and matches only the right code', () => {
    const pepper = Buffer.from('a pepper of sixteen+ characters');
    const code = newCode();
    expect(code).to.match(/^\d{6}$/);
    const hash = hashCode(pepper, 's1', 1, code);
    expect(hash).not.to.contain(code);
    expect(codeMatches(pepper, 's1', 1, code, hash)).to.equal(true);
    expect(codeMatches(pepper, 's1', 2, code, hash), 'another generation').to.equal(false);
    expect(codeMatches(pepper, 's2', 1, code, hash), 'another sign-up').to.equal(false);
    expect(codeMatches(Buffer.from('another pepper entirely!'), 's1', 1, code, hash)).to.equal(false);
    expect(codeMatches(pepper, 's1', 1, code === '000000' ? '000001' : '000000', hash)).to.equal(false);
  });

  it('masks addresses it shows', () => {
    expect(maskAddress('email', 'grace@example.com')).to.equal('g***@example.com');
    expect(maskAddress('sms', '+41791234567')).to.equal('+41*******67');
  });

  it('normalises e-mail and phone to one identity key each, whatever the spelling', () => {
    expect(normaliseEmail('  Grace.Hopper@Example.COM ')).to.equal('grace.hopper@example.com');
    expect(normalisePhone('+41 (79) 123-45-67')).to.equal('+41791234567');
    for (const bad of ['0791234567', '+41 12', '+999 1234567', '+41791234567890123']) expect(() => normalisePhone(bad), bad).to.throw();
    for (const bad of ['grace', 'grace@', '@example.com', 'grace@example', 'gr ace@example.com', 'grace@@example.com', 'grace@exa..mple.com']) expect(() => normaliseEmail(bad), bad).to.throw();
    const { keys } = identityOf({ contactMedium: [{ characteristic: { emailAddress: 'A@B.CH' } }, { characteristic: { phoneNumber: '+41 79 123 45 67' } }], individualIdentification: [{ identificationType: 'passport', identificationId: 'x12-34.56', issuingAuthority: 'ch' }] }, 'individual');
    expect(keys).to.deep.equal(['email:a@b.ch', 'phone:+41791234567', 'nationalId:PASSPORT:CH:X123456']);
  });

  it('pseudonymises the names of references to the erased ids at any depth, and nothing else', () => {
    const order = { _id: 'o1', _ordo: { party: 'p1' }, relatedParty: [{ id: 'p1', name: 'Ada' }, { id: 'shop', name: 'Web shop' }], billingAccount: { id: 'ba1', name: 'Ada L.' }, productOrderItem: [{ product: { relatedParty: [{ id: 'p1', name: 'Ada' }] } }], description: 'Ada' };
    const { next, changed } = pseudonymised(order, { ids: ['p1', 'ba1'], pseudonym: 'erased-x' });
    expect(changed).to.deep.equal(['relatedParty', 'billingAccount', 'productOrderItem']);
    expect(next['relatedParty']).to.deep.equal([{ id: 'p1', name: 'erased-x' }, { id: 'shop', name: 'Web shop' }]);
    expect(next['billingAccount']).to.deep.equal({ id: 'ba1', name: 'erased-x' });
    expect(next['productOrderItem'][0].product.relatedParty[0].name).to.equal('erased-x');
    expect(next['_ordo']).to.equal(order._ordo);
  });
});
