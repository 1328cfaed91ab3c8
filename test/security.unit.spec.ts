import { expect } from 'chai';
import { callbackRefusal } from '../engine/security/callback-policy.js';
import { principalOf, Role } from '../engine/security/principal.js';
import { permissionFor, permissions } from '../engine/security/permissions.js';
import { ConfigError, loadConfig } from '../engine/config/config.js';
import { startOrdo } from '../engine/ordo.js';

describe('security: roles, permissions and hub callback addresses', () => {
  it('reads roles the way IAMs write them: Keycloak realm and client roles, a roles array, OAuth scopes', () => {
    const p = principalOf(
      { sub: 'svc-shop', azp: 'webshop', realm_access: { roles: ['order:read'] }, resource_access: { ordo: { roles: ['order:write'] }, other: { roles: ['catalog:admin'] } }, roles: ['hub:manage'], scope: 'openid order:cancel', party: 'shop-1' },
      { clientId: 'ordo', partyClaim: 'party' },
    );
    expect([...p.roles].sort()).to.deep.equal(['hub:manage', 'openid', 'order:cancel', 'order:read', 'order:write']);
    expect(p).to.include({ subject: 'svc-shop', clientId: 'webshop', party: 'shop-1', operator: false });
    expect(principalOf({ sub: 'ops', realm_access: { roles: [Role.operator] } }, { clientId: 'ordo', partyClaim: 'party' }).operator).to.equal(true);
    expect(principalOf({ sub: 'x', channel: 'c-9' }, { clientId: 'ordo', partyClaim: 'channel' }).party).to.equal('c-9');
  });

  it('the permission table covers each API and refuses what it does not name', () => {
    expect(permissionFor('GET', '/tmf-api/productOrderingManagement/v4/productOrder/abc')?.access).to.deep.equal({ role: Role.orderRead, scope: 'party' });
    expect(permissionFor('GET', '/tmf-api/productOrderingManagement/v5/productOrder')?.access).to.deep.equal({ role: Role.orderRead, scope: 'party' });
    expect(permissionFor('POST', '/tmf-api/productOrderingManagement/v4/cancelProductOrder')?.access).to.deep.equal({ role: Role.orderCancel, scope: 'party' });
    expect(permissionFor('POST', '/tmf-api/serviceOrdering/v4/hub')?.access).to.deep.equal({ role: Role.hubManage, scope: 'operator' });
    expect(permissionFor('GET', '/health')?.access).to.equal('public');
    expect(permissionFor('POST', '/webhooks/payment')?.access).to.equal('own');
    expect(permissionFor('PUT', '/tmf-api/productOrderingManagement/v4/productOrder/abc')).to.equal(undefined);
    for (const p of permissions) expect(permissionFor(p.methods[0]!, p.sample), p.sample).to.equal(p);
  });

  it('hub callbacks: allowed hosts only; internal addresses only when named; link-local and metadata never', async () => {
    const dns: Record<string, string[]> = {
      'hooks.partner.example': ['93.184.216.34'],
      'rebind.partner.example': ['169.254.169.254'],
      'mapped.partner.example': ['::ffff:169.254.169.254'],
      'intranet.partner.example': ['10.1.2.3'],
      'listener.local': ['127.0.0.1'],
    };
    const resolve = async (host: string) => {
      const found = dns[host];
      if (!found) throw new Error('ENOTFOUND');
      return found;
    };
    const refusal = (url: string, hosts: string[]) => callbackRefusal(url, hosts, resolve);
    expect(await refusal('https://hooks.partner.example/tmf', ['*'])).to.equal(undefined);
    expect(await refusal('https://hooks.partner.example/tmf', ['*.partner.example'])).to.equal(undefined);
    expect(await refusal('https://hooks.partner.example/tmf', ['other.example'])).to.match(/not among the allowed/);
    expect(await refusal('http://169.254.169.254/latest/meta-data', ['*'])).to.match(/link-local/);
    expect(await refusal('http://rebind.partner.example/x', ['*'])).to.match(/link-local/);
    expect(await refusal('http://mapped.partner.example/x', ['*'])).to.match(/link-local/);
    expect(await refusal('http://metadata.google.internal/x', ['*'])).to.match(/metadata/);
    expect(await refusal('http://intranet.partner.example/x', ['*'])).to.match(/internal address/);
    expect(await refusal('http://intranet.partner.example/x', ['intranet.partner.example'])).to.equal(undefined);
    expect(await refusal('http://127.0.0.1:9/x', ['*'])).to.match(/internal address/);
    expect(await refusal('http://127.0.0.1:9/x', ['127.0.0.1'])).to.equal(undefined);
    expect(await refusal('http://[::1]:9/x', ['*'])).to.match(/internal address/);
    expect(await refusal('http://user:pw@hooks.partner.example/x', ['*'])).to.match(/credentials/);
    expect(await refusal('http://nowhere.partner.example/x', ['*'])).to.match(/does not resolve/);
  });

  it('serving the APIs with external servers needs an issuer (or an explicit ORDO_AUTH=off)', async () => {
    const err = await startOrdo(loadConfig({ ORDO_MONGO_URL: 'mongodb://db.example:27017' })).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as Error).message).to.match(/ORDO_AUTH=on needs ORDO_AUTH_ISSUER/);
  });
});
