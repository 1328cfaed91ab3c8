import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import winston from 'winston';
import { logger, setLogLevel } from '../engine/observability/logger.js';
import { LocalIssuer } from '../adapters/oidc/local-issuer.js';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF637_BASE_PATH } from '../engine/product-inventory/tmf637.js';
import { serviceOrderKind } from '../engine/technical-orders/order-kinds.js';
import { PAYMENT_WEBHOOK_PATH } from '../engine/payments/webhook-routes.js';
import { permissions } from '../engine/security/permissions.js';
import { Role } from '../engine/security/principal.js';
import { eventually, httpJson, issuer, retireTestOrdo, sampleOrder, testConfig, tokenFor } from './support/harness.js';

const orderRoles = [Role.orderRead, Role.orderWrite, Role.orderCancel, Role.inventoryRead];
const allRoles = Object.values(Role).filter((r) => r !== Role.operator);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('Security: bearer tokens, roles and party-scoped access on every API', () => {
  let ordo: Ordo;
  let orders: string;
  before(async () => {
    ordo = await startOrdo(testConfig());
    await ordo.deployed;
    orders = `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
  });

  describe('tokens', () => {
    const list = (headers: Record<string, string>) => httpJson('GET', orders, undefined, headers);
    const refused = async (headers: Record<string, string>, why: RegExp) => {
      const res = await list(headers);
      expect(res.status, JSON.stringify(res.body)).to.equal(401);
      expect(res.body).to.include({ code: 'UNAUTHORIZED', status: '401', '@type': 'Error' });
      expect(res.body.message).to.match(why);
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer realm="ordo"/);
      return res;
    };

    it('no token, a malformed header, expired, not yet valid, wrong audience, wrong issuer: 401 with WWW-Authenticate', async () => {
      const none = await refused({ authorization: '' }, /bearer token is required/);
      expect(none.headers.get('www-authenticate')).to.equal('Bearer realm="ordo"');
      await refused({ authorization: 'Basic dXNlcjpwYXNz' }, /must be "Bearer/);
      const reader = { sub: 'reader', roles: [Role.operator] };
      const expired = await refused(bearer(await tokenFor(reader, { expiresInS: -120 })), /expired/);
      expect(expired.headers.get('www-authenticate')).to.match(/error="invalid_token"/);
      await refused(bearer(await tokenFor(reader, { notBeforeS: 600 })), /nbf/);
      await refused(bearer(await tokenFor(reader, { audience: 'someone-else' })), /aud/);
      await refused(bearer(await tokenFor(reader, { issuer: 'https://evil.example/realms/x' })), /iss/);
      // Within the allowed clock skew (30 s) an expired token still passes.
      expect((await list(bearer(await tokenFor(reader, { expiresInS: -5 })))).status).to.equal(200);
    });

    it('a tampered payload, alg "none", and a key the issuer never published: 401', async () => {
      const good = await tokenFor({ sub: 'partner', roles: orderRoles, party: 'partner-a' });
      const [header, payload, signature] = good.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: [Role.operator] } })).toString('base64url');
      await refused(bearer(`${header}.${forged}.${signature}`), /signature/);
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await refused(bearer(`${none}.${forged}.`), /invalid|algorithm/);
      const impostor = await LocalIssuer.start({ audience: 'ordo' });
      try {
        await refused(bearer(await impostor.mint({ sub: 'x', roles: [Role.operator] }, { issuer: issuer.url })), /unknown key|signature/);
      } finally {
        await impostor.close();
      }
    });

    it("the local issuer keeps its address, key and client secrets in the stack folder: a token minted before a restart is good after it", async () => {
      const stackDir = mkdtempSync(path.join(os.tmpdir(), 'ordo-issuer-'));
      const env = { ORDO_AUTH_ISSUER: '', ORDO_STACK_DIR: stackDir };
      const first = await startOrdo(testConfig(env), { workers: false });
      let token: string;
      let secret: string;
      let issuerUrl: string;
      try {
        token = await first.localIssuer!.mint({ sub: 'local-operator', roles: [Role.operator] }, { expiresInS: 3600 });
        secret = await first.localIssuer!.addClient('ordo-local-operator', { sub: 'ordo-local-operator', roles: [Role.operator] });
        issuerUrl = first.localIssuer!.url;
      } finally {
        await retireTestOrdo(first, 0);
      }
      expect(statSync(path.join(stackDir, 'local-issuer.json')).mode & 0o777).to.equal(0o600);
      const second = await startOrdo(testConfig(env), { workers: false });
      try {
        expect(second.localIssuer!.url).to.equal(issuerUrl);
        expect(await second.localIssuer!.addClient('ordo-local-operator', { sub: 'ordo-local-operator', roles: [Role.operator] })).to.equal(secret);
        const res = await httpJson('GET', `${second.baseUrl}${TMF622_BASE_PATH}/productOrder?limit=1`, undefined, bearer(token));
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
      } finally {
        await retireTestOrdo(second, 0);
        rmSync(stackDir, { recursive: true, force: true });
      }
    });

    it('the issuer rotates its key: tokens signed with the new key are accepted (Ordo fetches the keys again, at most once a second)', async () => {
      const before = await tokenFor({ sub: 'ops', roles: [Role.operator] });
      expect((await list(bearer(before))).status).to.equal(200);
      await issuer.rotate();
      const after = await tokenFor({ sub: 'ops', roles: [Role.operator] });
      expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).not.to.equal(JSON.parse(Buffer.from(before.split('.')[0]!, 'base64url').toString()).kid);
      await eventually('a token signed with the new key to be accepted', async () => (await list(bearer(after))).status === 200, 5000, 200);
    });

    it('a valid token without the role: 403; with no party and no operator role on party data: 403', async () => {
      const noRole = await httpJson('GET', orders, undefined, bearer(await tokenFor({ sub: 'x', roles: [Role.catalogRead], party: 'p' })));
      expect(noRole.status).to.equal(403);
      expect(noRole.body).to.include({ code: 'FORBIDDEN' });
      expect(noRole.body.message).to.match(/needs the role order:read/);
      const unbound = await httpJson('GET', orders, undefined, bearer(await tokenFor({ sub: 'x', roles: orderRoles })));
      expect(unbound.status).to.equal(403);
      expect(unbound.body.message).to.match(/names no party/);
    });
  });

  describe('party scoping', () => {
    it("partner A's orders and what they become: partner B can neither list, read, patch, delete nor cancel them, nor tell they exist; operators see all", async () => {
      const a = bearer(await tokenFor({ sub: 'shop-a', roles: orderRoles, party: 'partner-a' }));
      const b = bearer(await tokenFor({ sub: 'shop-b', roles: orderRoles, party: 'partner-b' }));
      const placed = await httpJson('POST', orders, sampleOrder(), a);
      expect(placed.status).to.equal(201);
      const id = placed.body.id as string;
      await eventually('A\'s order to complete', async () => (await httpJson('GET', `${orders}/${id}`, undefined, a)).body.state === 'completed', 90_000);

      const ghost = 'a0a0a0a0-0000-4000-8000-000000000000';
      const asB = {
        list: await httpJson('GET', `${orders}?externalId=${placed.body.externalId}`, undefined, b),
        read: await httpJson('GET', `${orders}/${id}`, undefined, b),
        patch: await httpJson('PATCH', `${orders}/${id}`, { description: 'mine now' }, { ...b, 'content-type': 'application/merge-patch+json' }),
        remove: await httpJson('DELETE', `${orders}/${id}`, undefined, b),
        cancel: await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder`, { productOrder: { id } }, b),
      };
      const asIfNone = {
        read: await httpJson('GET', `${orders}/${ghost}`, undefined, b),
        patch: await httpJson('PATCH', `${orders}/${ghost}`, { description: 'x' }, { ...b, 'content-type': 'application/merge-patch+json' }),
        remove: await httpJson('DELETE', `${orders}/${ghost}`, undefined, b),
        cancel: await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder`, { productOrder: { id: ghost } }, b),
      };
      expect(asB.list.body).to.deep.equal([]);
      expect(asB.list.headers.get('x-total-count')).to.equal('0');
      for (const k of ['read', 'patch', 'remove', 'cancel'] as const) {
        expect([asB[k].status, asB[k].body.code], k).to.deep.equal([asIfNone[k].status, asIfNone[k].body.code]);
        expect(asB[k].body.message.replace(id, ghost), k).to.equal(asIfNone[k].body.message);
      }
      expect(asB.read.status).to.equal(404);
      expect((await ordo.orders.findStored(id))!.description).to.equal(placed.body.description);

      // What the order became is A's too: service orders and the product.
      const so = `${ordo.baseUrl}${serviceOrderKind.basePath}/serviceOrder?orderRelationship.id=${id}`;
      expect((await httpJson('GET', so, undefined, a)).body).to.have.length(2);
      expect((await httpJson('GET', so, undefined, b)).body).to.deep.equal([]);
      const products = `${ordo.baseUrl}${TMF637_BASE_PATH}/product?productOrderItem.productOrderId=${id}`;
      expect((await httpJson('GET', products, undefined, a)).body).to.have.length(1);
      expect((await httpJson('GET', products, undefined, b)).body).to.deep.equal([]);
      // A sees its own; the operator sees A's too.
      expect((await httpJson('GET', `${orders}?externalId=${placed.body.externalId}`, undefined, a)).body.map((o: { id: string }) => o.id)).to.deep.equal([id]);
      expect((await httpJson('GET', `${orders}/${id}`)).status).to.equal(200);
      // A rep's token: no party, every party's orders, its own roles only.
      const rep = bearer(await tokenFor({ sub: 'rep', roles: [Role.orderRead, Role.allParties] }));
      expect((await httpJson('GET', `${orders}?externalId=${placed.body.externalId}`, undefined, rep)).body.map((o: { id: string }) => o.id)).to.deep.equal([id]);
      expect((await httpJson('GET', `${orders}/${id}`, undefined, rep)).status).to.equal(200);
      const repPatch = await httpJson('PATCH', `${orders}/${id}`, { description: 'x' }, { ...rep, 'content-type': 'application/merge-patch+json' });
      expect([repPatch.status, repPatch.body.message]).to.deep.equal([403, `PATCH ${TMF622_BASE_PATH}/productOrder/${id} needs the role order:write`]);
      expect((await httpJson('GET', `${ordo.baseUrl}/ordo/admin/v1/hubListener`, undefined, rep)).status).to.equal(403);

      // Every state-changing call is audited: who, what, when, which order; never the token.
      const audit = await eventually('the audit entry of the POST', async () => ordo.db.db.collection('auditLog').findOne({ method: 'POST', resourceId: id }));
      expect(audit).to.include({ subject: 'shop-a', party: 'partner-a', path: `${TMF622_BASE_PATH}/productOrder`, status: 201 });
      expect(audit!['at']).to.be.instanceOf(Date);
      expect(audit!['traceId'], 'the trace of the request').to.match(/^[0-9a-f]{32}$/);
      const denied = await ordo.db.db.collection('auditLog').findOne({ method: 'PATCH', subject: 'shop-b', resourceId: id });
      expect(denied).to.include({ status: 404, party: 'partner-b' });
      expect(JSON.stringify(await ordo.db.db.collection('auditLog').find().toArray())).not.to.match(/eyJ/);
    });
  });

  describe('the role matrix, generated from the permission table', () => {
    for (const row of permissions) {
      if (typeof row.access !== 'object') continue;
      const { role, scope } = row.access;
      const method = row.methods[0]!;
      it(`${method} ${row.sample} needs ${role}${scope === 'party' ? ' and a party' : scope === 'operator' ? ', not a party-bound token' : scope === 'all-parties' ? ` and ${Role.allParties}, not a party-bound token` : ''}`, async () => {
        const party = scope === 'party' ? { party: 'matrix' } : {};
        const body = method === 'POST' || method === 'PATCH' || method === 'PUT' ? {} : undefined;
        const call = async (claims: Record<string, unknown>) =>
          (await httpJson(method, `${ordo.baseUrl}${row.sample}`, body, bearer(await tokenFor({ sub: 'matrix', ...claims })))).status;
        expect(await call({ roles: allRoles.filter((r) => r !== role), ...party }), 'every role but this one').to.equal(403);
        const needed = scope === 'all-parties' ? [role, Role.allParties] : [role];
        expect(await call({ roles: needed, ...party }), 'only this role').to.be.oneOf([200, 201, 204, 400, 404, 405, 409, 415, 422]);
        if (scope === 'operator' || scope === 'all-parties') expect(await call({ roles: needed, party: 'matrix' }), 'a party-bound token').to.equal(403);
        if (scope === 'all-parties') expect(await call({ roles: [role] }), `without ${Role.allParties}`).to.equal(403);
        expect(await call({ roles: [Role.operator] }), 'the operator').to.be.oneOf([200, 201, 204, 400, 404, 405, 409, 415, 422]);
      });
    }
  });

  it('webhooks keep their own schemes: a forged payment signature is refused even with an operator token', async () => {
    const res = await httpJson('POST', `${ordo.baseUrl}${PAYMENT_WEBHOOK_PATH}`, { id: 'evt_1', type: 'payment.succeeded', data: { id: 'pay_1' } }, { ...bearer(await tokenFor({ sub: 'ops', roles: [Role.operator] })), 'payment-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` });
    expect(res.status).to.equal(401);
    const audit = await eventually('the audit entry of the webhook call', async () => ordo.db.db.collection('auditLog').findOne({ path: PAYMENT_WEBHOOK_PATH }));
    expect(audit).to.include({ method: 'POST', status: 401, subject: 'webhook (own scheme)' });
  });

  it('hub callbacks only to allowed addresses: link-local, metadata and unnamed internal hosts are refused', async () => {
    const hub = `${ordo.baseUrl}${TMF622_BASE_PATH}/hub`;
    for (const callback of ['http://169.254.169.254/latest/meta-data/', 'http://metadata.google.internal/computeMetadata/v1/', 'http://10.0.0.5:8080/listener', 'http://[::ffff:169.254.169.254]/x']) {
      const res = await httpJson('POST', hub, { callback });
      expect(res.status, callback).to.equal(422);
      expect(res.body).to.include({ code: 'CALLBACK_NOT_ALLOWED' });
    }
    expect((await httpJson('POST', hub, { callback: 'http://127.0.0.1:9/listener' })).status).to.equal(201);
    expect(await ordo.hub.listeners.countDocuments({ callback: /169\.254|metadata|10\.0\.0\.5/ })).to.equal(0);
  });

  it('answers carry security headers and never a stack trace', async () => {
    const res = await fetch(`${orders}/x`, { method: 'GET' });
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('content-security-policy')).to.match(/default-src 'none'/);
    expect(res.headers.get('strict-transport-security')).to.be.a('string');
    expect(res.headers.get('x-powered-by')).to.equal(null);
    const broken = await httpJson('POST', orders, '{"externalId": ', { 'content-type': 'application/json' });
    expect(broken.status).to.equal(400);
    expect(JSON.stringify(broken.body)).not.to.match(/at .*\.js:\d+/);
  });

  it('ORDO_AUTH=off lets requests in without a token (and says so at start-up)', async () => {
    const said: string[] = [];
    const capture = new winston.transports.Stream({ stream: new Writable({ write: (chunk, _enc, done) => (said.push(String(chunk)), done()) }) });
    const level = logger.level;
    logger.add(capture);
    let open: Ordo | undefined;
    try {
      open = await startOrdo(testConfig({ ORDO_AUTH: 'off', ORDO_LOG_LEVEL: 'warn' }));
    } finally {
      logger.remove(capture);
      setLogLevel(level);
    }
    expect(said.map((l) => JSON.parse(l)).filter((l) => l.level === 'warn' && /ORDO_AUTH=off/.test(l.message))).to.have.length(1);
    try {
      expect(open.authIssuer).to.equal('');
      expect((await httpJson('GET', `${open.baseUrl}${TMF622_BASE_PATH}/productOrder`, undefined, { authorization: '' })).status).to.equal(200);
    } finally {
      await retireTestOrdo(open);
    }
  });
});
