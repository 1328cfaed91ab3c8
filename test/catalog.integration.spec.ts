import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import express from 'express';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { errorHandler } from '../engine/http/app.js';
import { logger } from '../engine/observability/logger.js';
import { Refusal, RefusalKind } from '../engine/outcomes.js';
import { packageRoot } from '../engine/paths.js';
import { parseListQuery } from '../engine/tmf/list-query.js';
import type { CatalogDump, ProductOffering } from '../engine/catalog/catalog-entities.js';
import { catalogListSpecs } from '../engine/catalog/catalog-list-specs.js';
import { firstFound, CatalogUnavailableError } from '../engine/catalog/catalog-source.js';
import { CatalogStore } from '../engine/catalog/catalog-store.js';
import { importCatalog } from '../engine/catalog/import-catalog.js';
import { loadProcessMapping } from '../engine/catalog/fulfilment-process.js';
import { productCatalogRoutes, TMF620_BASE_PATH } from '../engine/catalog/routes.js';
import { selectProcesses } from '../engine/catalog/select-processes.js';
import { Tmf620Client, Tmf620UnavailableError } from '../adapters/tmf620/tmf620-client.js';
import { Tmf620Simulator } from '../adapters/tmf620/simulator.js';
import { httpJson, testConfig } from './support/harness.js';
import { defaultCatalog, defaultCatalogFile } from './support/catalog.js';

const config = testConfig();
const offeringsQuery = (query: Record<string, unknown> = {}) => parseListQuery({ limit: '1000', ...query }, catalogListSpecs.productOffering);

/** A catalog of `count` offerings, every one marked with `version`, so a reader can tell which catalog it saw. */
function versionedCatalog(version: string, count: number): CatalogDump {
  const dump = defaultCatalog();
  dump.productOffering = Array.from({ length: count }, (_, i) => ({ id: `${version}-${i}`, name: `Offering ${i}`, version, lifecycleStatus: 'Launched', productSpecification: { id: 'broadband' } }));
  dump.productOffering.push({ id: 'in-both', name: 'In both catalogs', version, productSpecification: { id: 'broadband' } });
  return dump;
}

async function storedDocuments(store: CatalogStore): Promise<number> {
  let n = 0;
  for (const collection of Object.values(store.collections)) n += await collection.countDocuments({});
  return n;
}

describe('engine/catalog with MongoDB, the TMF620 API and a remote TMF620 catalog', function () {
  this.timeout(60_000);
  let db: Database;
  let store: CatalogStore;

  before(async () => {
    db = await connectMongo(config.mongo);
    store = new CatalogStore(db.db);
    await store.ensureIndexes();
  });

  after(async () => {
    await db.db.dropDatabase().catch(() => undefined);
    await db.close();
  });

  describe('import', () => {
    it('imports a catalog and reports what was added, changed and removed', async () => {
      const first = await importCatalog(store, defaultCatalog());
      if (!first.imported) return expect.fail(JSON.stringify(first.problems));
      expect(first.changes.productOffering).to.deep.equal({ added: ['fibre-1000', 'fibre-500', 'home-and-mobile', 'mobile-basic', 'mobile-classic-2019', 'mobile-unlimited'], changed: [], removed: [], unchanged: 0 });
      expect((await store.getOffering('mobile-basic'))?.name).to.equal('Mobile Basic 10 GB');
      expect((await store.getServiceSpecification('fibre-access-cfs'))?.resourceSpecification?.map((r) => r.id)).to.deep.equal(['ont', 'gpon-port']);
      expect(await store.getResourceSpecification('sim-card')).to.have.property('@type', 'PhysicalResourceSpecification');
      expect(first.changes.productOfferingPrice.added).to.include.members(['router-fee', 'sim-activation', 'home-and-mobile-monthly']).and.to.have.length(9);

      const next = defaultCatalog();
      next.productOffering = next.productOffering.filter((o) => o.id !== 'fibre-500');
      next.productOffering.find((o) => o.id === 'mobile-basic')!.name = 'Mobile Basic 12 GB';
      next.productOffering.push({ id: 'fibre-2000', name: 'Fibre 2 Gbit', lifecycleStatus: 'Launched', productSpecification: { id: 'broadband' } });
      const second = await importCatalog(store, next);
      if (!second.imported) return expect.fail(JSON.stringify(second.problems));
      expect(second.generation).to.be.greaterThan(first.generation);
      expect(second.changes.productOffering).to.deep.equal({ added: ['fibre-2000'], changed: ['mobile-basic'], removed: ['fibre-500'], unchanged: 4 });
      expect(second.changes.serviceSpecification).to.deep.equal({ added: [], changed: [], removed: [], unchanged: 3 });
      expect(await store.getOffering('fibre-500')).to.equal(null);
      expect((await store.getOffering('mobile-basic'))?.name).to.equal('Mobile Basic 12 GB');
      expect(await storedDocuments(store), 'the replaced generation is deleted').to.equal(6 + 9 + 2 + 3 + 4);
    });

    it('changes nothing when a dump has any problem', async () => {
      const before = await store.readAll();
      const generation = await store.currentGeneration();
      const bad = defaultCatalog();
      bad.productOffering.push({ id: 'tv-basic', name: 'TV', productSpecification: { id: 'iptv' } });
      bad.productOffering = bad.productOffering.filter((o) => o.id !== 'mobile-basic');
      const report = await importCatalog(store, bad);
      expect(report).to.deep.equal({ imported: false, problems: [{ entityType: 'productOffering', id: 'tv-basic', path: '/productOffering/5/productSpecification/id', message: 'refers to productSpecification iptv, which the dump does not contain' }] });
      expect(await store.currentGeneration()).to.equal(generation);
      expect(await store.readAll()).to.deep.equal(before);
      expect(await store.getOffering('mobile-basic')).to.not.equal(null);
    });

    it('imports a dump without productOfferingPrice as a catalog without prices, and refuses a price reference to none', async () => {
      const unpriced: Partial<CatalogDump> = defaultCatalog();
      delete unpriced.productOfferingPrice;
      for (const offering of unpriced.productOffering!) delete offering.productOfferingPrice;
      const report = await importCatalog(store, unpriced);
      if (!report.imported) return expect.fail(JSON.stringify(report.problems));
      expect(report.changes.productOfferingPrice.removed).to.have.length(9);
      expect(await store.getOfferingPrice('router-fee')).to.equal(null);

      const dangling = defaultCatalog();
      dangling.productOfferingPrice = dangling.productOfferingPrice.filter((p) => p.id !== 'sim-activation');
      const refused = await importCatalog(store, dangling);
      if (refused.imported) return expect.fail('a dump with a dangling price reference was imported');
      expect(refused.problems.map((p) => `${p.id} ${p.path} ${p.message}`)).to.deep.equal(['mobile-basic', 'mobile-unlimited', 'mobile-classic-2019'].map((id, i) => `${id} /productOffering/${i}/productOfferingPrice/1/id refers to productOfferingPrice sim-activation, which the dump does not contain`));
      expect(await store.getOfferingPrice('sim-activation')).to.equal(null);

      const restored = await importCatalog(store, defaultCatalog());
      if (!restored.imported) return expect.fail(JSON.stringify(restored.problems));
      expect(restored.changes.productOfferingPrice.added).to.have.length(9);
      expect((await store.getOfferingPrice('router-fee'))?.price).to.deep.equal({ unit: 'CHF', value: 91.58 });
    });

    it('removes what an import that died midway left behind, which readers never saw', async () => {
      // An import that died after writing part of its generation: numbered, written, never made current.
      const state = db.db.collection<{ _id: string; last: number }>('catalogState');
      const dead = (await state.findOneAndUpdate({ _id: 'sequence' }, { $inc: { last: 1 } }, { returnDocument: 'after' }))!.last;
      await store.collections.productOffering.insertOne({ _id: `${dead}/ghost`, id: 'ghost', name: 'Half imported', _ordo: { generation: dead } });
      expect(await store.getOffering('ghost')).to.equal(null);
      expect((await store.list('productOffering', offeringsQuery())).items.map((o) => o.id)).to.not.include('ghost');

      const report = await importCatalog(store, defaultCatalog());
      expect(report.imported).to.equal(true);
      expect(await store.collections.productOffering.countDocuments({ id: 'ghost' })).to.equal(0);
      expect(await storedDocuments(store)).to.equal(6 + 9 + 2 + 3 + 4);
    });

    it('switches readers from the old whole catalog to the new whole catalog, never a mix', async () => {
      const catalogs = { v1: versionedCatalog('v1', 300), v2: versionedCatalog('v2', 250) };
      const idsOf = (dump: CatalogDump) => dump.productOffering.map((o) => o.id).sort().join(',');
      await store.replaceAll(catalogs.v1);
      const seen = { v1: 0, v2: 0, single: 0 };
      let importing = true;
      const reader = (async () => {
        while (importing) {
          const [{ total, items }, single] = await Promise.all([store.list('productOffering', offeringsQuery()), store.getOffering('in-both')]);
          const versions = new Set(items.map((o) => o.version));
          expect(versions.size, `one list mixed catalogs: ${[...versions].join(', ')}`).to.equal(1);
          const version = [...versions][0] as 'v1' | 'v2';
          expect(items.map((o) => o.id).sort().join(','), `the ${version} list is incomplete`).to.equal(idsOf(catalogs[version]));
          expect(total).to.equal(catalogs[version].productOffering.length);
          expect(single, 'an offering in both catalogs was missing during the switch').to.not.equal(null);
          seen[version]++;
          seen.single++;
        }
      })();
      for (const version of ['v2', 'v1', 'v2', 'v1', 'v2'] as const) await store.replaceAll(catalogs[version]);
      importing = false;
      await reader;
      expect(seen.v1).to.be.greaterThan(0);
      expect(seen.v2).to.be.greaterThan(0);
      expect(await store.collections.productOffering.countDocuments({}), 'only the current generation is left').to.equal(251);
      await store.replaceAll(defaultCatalog());
    });

    /** Another Ordo's store, on a connection of its own that counts the finds it sends to `collection`. */
    const otherInstance = async (collection: string) => {
      const monitored = await connectMongo(config.mongo);
      const finds = { count: 0 };
      monitored.client.on('commandStarted', (e) => void (e.commandName === 'find' && e.command['find'] === collection && finds.count++));
      return { monitored, finds, other: new CatalogStore(monitored.db) };
    };

    it('reads an entity of the current generation from the database once; another instance\'s import is seen at its next read', async () => {
      const { monitored, finds: offeringReads, other } = await otherInstance('productOffering');
      try {
        await store.replaceAll(versionedCatalog('v1', 3));
        const first = (await other.getOffering('in-both'))!;
        expect(first.version).to.equal('v1');
        first.name = 'changed by a caller';
        for (let i = 0; i < 5; i++) expect((await other.getOffering('in-both'))!.name, 'a caller changed the shared copy').to.equal('In both catalogs');
        expect(offeringReads.count, 'the same entity of the same generation was read again').to.equal(1);
        await store.replaceAll(versionedCatalog('v2', 3));
        expect((await other.getOffering('in-both'))!.version, 'the import by the other store was not seen').to.equal('v2');
        expect(await other.getOffering('v1-0')).to.equal(null);
        expect((await other.getOffering('v2-0'))!.version).to.equal('v2');
      } finally {
        await monitored.close();
        await store.replaceAll(defaultCatalog());
      }
    });

    it('readers asking at once share the reads of the pointer, each still seeing an import made before it asked', async () => {
      const { monitored, finds: pointerReads, other } = await otherInstance('catalogState');
      try {
        await store.replaceAll(versionedCatalog('v1', 3));
        expect((await other.getOffering('in-both'))!.version).to.equal('v1');
        pointerReads.count = 0;
        const answers = await Promise.all(Array.from({ length: 50 }, () => other.getOffering('in-both')));
        expect(answers.map((o) => o!.version)).to.deep.equal(Array(50).fill('v1'));
        expect(new Set(answers).size, 'each caller gets its own copy').to.equal(50);
        expect(pointerReads.count, '50 lookups at once: one read for the first, one shared by all who asked while it ran').to.be.at.most(2);
        await store.replaceAll(versionedCatalog('v2', 3));
        const after = await Promise.all(Array.from({ length: 20 }, () => other.getOffering('in-both')));
        expect(after.map((o) => o!.version), 'a read begun before the import answers no one who asked after it').to.deep.equal(Array(20).fill('v2'));
      } finally {
        await monitored.close();
        await store.replaceAll(defaultCatalog());
      }
    });

    it('one decision reads the pointer once for every entity it looks up, and still sees an import made before it asked', async () => {
      const { monitored, finds: pointerReads, other } = await otherInstance('catalogState');
      const mapping = loadProcessMapping();
      const itemsOf = (version: string) => [0, 1, 2].map((i) => ({ id: String(i), action: 'add', productOffering: { id: `${version}-${i}` } }));
      try {
        await store.replaceAll(versionedCatalog('v1', 3));
        await selectProcesses(itemsOf('v1'), { catalog: other, mapping });
        pointerReads.count = 0;
        const selection = await selectProcesses(itemsOf('v1'), { catalog: other, mapping });
        expect(selection.map((s) => [s.productOfferingId, s.fulfilments[0]!.productSpecificationId])).to.deep.equal([['v1-0', 'broadband'], ['v1-1', 'broadband'], ['v1-2', 'broadband']]);
        expect(pointerReads.count, 'three offerings and their specification, all in memory: one read of the pointer').to.equal(1);

        await store.replaceAll(versionedCatalog('v2', 3));
        const refused = await selectProcesses(itemsOf('v1'), { catalog: other, mapping }).catch((e: unknown) => e);
        expect(refused, 'offerings of the catalog replaced before the decision began').to.be.instanceOf(Refusal).with.property('code', 'UNKNOWN_PRODUCT_OFFERING');
        expect((await selectProcesses(itemsOf('v2'), { catalog: other, mapping })).map((s) => s.productOfferingId)).to.deep.equal(['v2-0', 'v2-1', 'v2-2']);

        const view = other.atOneReading();
        expect((await view.getOffering('in-both'))!.version).to.equal('v2');
        await store.replaceAll(versionedCatalog('v3', 3));
        expect((await view.getOffering('v3-0'))!.version, 'a lookup that finds the catalog replaced reads the new one').to.equal('v3');
        expect((await view.getOffering('in-both'))!.version, 'and so do the lookups after it, not from the reading made before').to.equal('v3');

        const reader = other.atOneReading();
        const service = (await reader.getServiceSpecification('fibre-access-cfs'))!;
        expect(service.id).to.equal('fibre-access-cfs');
        expect(await reader.getResourceSpecification('no-such-spec')).to.equal(null);
      } finally {
        await monitored.close();
        await store.replaceAll(defaultCatalog());
      }
    });

    it('lets only one of two concurrent imports win; the other changes nothing', async () => {
      const catalogs = [versionedCatalog('a', 50), versionedCatalog('b', 60)];
      const outcomes = await Promise.allSettled(catalogs.map((c) => store.replaceAll(c)));
      const won = outcomes.filter((o) => o.status === 'fulfilled').length;
      expect(won).to.be.greaterThan(0);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).to.be.instanceOf(Refusal).and.to.include({ kind: RefusalKind.conflict, code: 'CATALOG_CHANGED' });
      const current = await store.readAll();
      expect(current.productOffering.length === 51 || current.productOffering.length === 61).to.equal(true);
      expect(new Set(current.productOffering.map((o) => o.version)).size).to.equal(1);
      expect(await store.collections.productOffering.countDocuments({})).to.equal(current.productOffering.length);
      await store.replaceAll(defaultCatalog());
    });

    it('imports from the command line: `ordo catalog import <file>`, non-zero on problems', async () => {
      const run = (file: string) => promisify(execFile)(process.execPath, [path.join(packageRoot, 'dist', 'engine', 'cli', 'ordo.js'), 'catalog', 'import', file], { env: { ...process.env, ORDO_MONGO_URL: config.mongo.url, ORDO_MONGO_DB: config.mongo.db } });
      const ok = await run(defaultCatalogFile);
      expect(ok.stdout).to.match(/^catalog imported as generation \d+\n {2}productOffering: 0 added, 0 changed, 0 removed, 6 unchanged\n/);
      const bad = defaultCatalog();
      delete (bad.productOffering[0] as Partial<ProductOffering>).name;
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ordo-catalog-')), 'bad.json');
      writeFileSync(file, JSON.stringify(bad));
      const failed = await run(file).then(() => expect.fail('exit code 0'), (err: { code: number; stderr: string }) => err);
      expect(failed.code).to.equal(1);
      expect(failed.stderr).to.equal('catalog not imported, nothing changed: 1 problem\n  productOffering mobile-basic at /productOffering/0/name: must have a non-empty name\n');
    });
  });

  describe('TMF620 read API over HTTP', () => {
    let server: Server;
    let base: string;
    let origin: string;

    before(async () => {
      await store.replaceAll(defaultCatalog());
      const app = express();
      app.use(TMF620_BASE_PATH, productCatalogRoutes(store, () => origin));
      app.use(errorHandler(logger));
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      base = `${origin}${TMF620_BASE_PATH}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('reads offerings and specifications by id, with fields=', async () => {
      const offering = await httpJson('GET', `${base}/productOffering/home-and-mobile`);
      expect(offering.status).to.equal(200);
      expect(offering.body.bundledProductOffering.map((b: { id: string; href: string }) => [b.id, b.href])).to.deep.equal([['fibre-1000', `${base}/productOffering/fibre-1000`], ['mobile-unlimited', `${base}/productOffering/mobile-unlimited`]]);
      expect(offering.body.href).to.equal(`${base}/productOffering/home-and-mobile`);
      const basic = await httpJson('GET', `${base}/productOffering/mobile-basic`);
      expect(basic.body.productSpecification).to.include({ id: 'mobile-subscription', href: `${base}/productSpecification/mobile-subscription` });
      expect(offering.body).to.not.have.property('_ordo');
      const spec = await httpJson('GET', `${base}/productSpecification/mobile-subscription?fields=name,fulfilmentProcess`);
      expect(spec.body).to.deep.equal({ id: 'mobile-subscription', href: `${base}/productSpecification/mobile-subscription`, name: 'Mobile subscription', fulfilmentProcess: { add: { bpmnProcessId: 'mobile-subscription' }, modify: { bpmnProcessId: 'modify' }, delete: { bpmnProcessId: 'disconnect' } } });
      const missing = await httpJson('GET', `${base}/productOffering/nope`);
      expect(missing.status).to.equal(404);
      expect(missing.body).to.include({ code: 'NOT_FOUND', '@type': 'Error' });
    });

    it('serves prices by id and as a list, and links an offering to its prices here', async () => {
      const fee = await httpJson('GET', `${base}/productOfferingPrice/router-fee`);
      expect(fee.status).to.equal(200);
      expect(fee.body).to.include({ id: 'router-fee', href: `${base}/productOfferingPrice/router-fee`, priceType: 'oneTime', lifecycleStatus: 'Launched' });
      expect(fee.body.price).to.deep.equal({ unit: 'CHF', value: 91.58 });
      expect(fee.body.tax).to.deep.equal([{ taxCategory: 'VAT', taxRate: 8.1 }]);
      const monthly = await httpJson('GET', `${base}/productOfferingPrice?priceType=recurring&fields=name`);
      expect(monthly.body.map((p: { id: string }) => p.id)).to.deep.equal(['fibre-1000-monthly', 'fibre-500-monthly', 'home-and-mobile-monthly', 'mobile-basic-monthly', 'mobile-classic-2019-monthly', 'mobile-unlimited-monthly']);
      expect(monthly.headers.get('x-total-count')).to.equal('6');
      const fibre = await httpJson('GET', `${base}/productOffering/fibre-500`);
      expect(fibre.body.productOfferingPrice.map((p: { id: string; href: string }) => [p.id, p.href])).to.deep.equal([['fibre-500-monthly', `${base}/productOfferingPrice/fibre-500-monthly`], ['router-fee', `${base}/productOfferingPrice/router-fee`]]);
      expect((await httpJson('GET', `${base}/productOfferingPrice/nope`)).status).to.equal(404);
    });

    it('lists with TMF630 filters, booleans included', async () => {
      const launched = await httpJson('GET', `${base}/productOffering?lifecycleStatus=Launched&productSpecification.id=mobile-subscription&fields=name`);
      expect(launched.body.map((o: { id: string }) => o.id)).to.deep.equal(['mobile-basic', 'mobile-unlimited']);
      expect(launched.headers.get('x-total-count')).to.equal('2');
      const bundles = await httpJson('GET', `${base}/productOffering?isBundle=true`);
      expect(bundles.body.map((o: { id: string }) => o.id)).to.deep.equal(['home-and-mobile']);
      const singles = await httpJson('GET', `${base}/productOffering?isBundle=false&sort=-name&limit=2`);
      expect(singles.body.map((o: { id: string }) => o.id)).to.deep.equal(['mobile-unlimited', 'mobile-classic-2019']);
      expect(singles.headers.get('x-total-count')).to.equal('5');
      const specs = await httpJson('GET', `${base}/productSpecification?serviceSpecification.id=fibre-access-cfs`);
      expect(specs.body.map((s: { id: string }) => s.id)).to.deep.equal(['broadband']);
      const refused = await httpJson('GET', `${base}/productOffering?_ordo.generation=1`);
      expect(refused.status).to.equal(400);
    });

    it('is read-only: other methods are 405 with Allow: GET', async () => {
      for (const [method, url] of [['POST', `${base}/productOffering`], ['PATCH', `${base}/productSpecification/broadband`], ['DELETE', `${base}/productOffering/fibre-500`], ['POST', `${base}/productOfferingPrice`]] as const) {
        const res = await httpJson(method, url, method === 'DELETE' ? undefined : {});
        expect(res.status, `${method} ${url}`).to.equal(405);
        expect(res.headers.get('allow')).to.equal('GET');
        expect(res.body).to.include({ code: 'METHOD_NOT_ALLOWED' });
      }
    });
  });

  describe('remote TMF620 catalog', () => {
    let simulator: Tmf620Simulator;
    let clock: number;
    const client = (options: Partial<ConstructorParameters<typeof Tmf620Client>[0]> = {}) => new Tmf620Client({ baseUrl: simulator.baseUrl, ttlMs: 60_000, negativeTtlMs: 5_000, retries: 0, now: () => clock, ...options });

    before(async () => {
      simulator = await Tmf620Simulator.start({ catalog: defaultCatalog() });
    });

    beforeEach(() => {
      clock = 1_000_000;
      simulator.clearFault();
      simulator.resetCounts();
    });

    after(() => simulator.close());

    it('fetches over HTTP and reuses answers for their TTL, "not found" for a shorter one', async () => {
      const remote = client();
      expect((await remote.getOffering('fibre-500'))?.name).to.equal('Fibre 500');
      expect((await remote.getProductSpecification('broadband'))?.name).to.equal('Fibre broadband');
      expect(await remote.getOffering('tv-max')).to.equal(null);
      clock += 4_999;
      await remote.getOffering('fibre-500');
      await remote.getOffering('tv-max');
      expect([simulator.requestCount('productOffering', 'fibre-500'), simulator.requestCount('productOffering', 'tv-max')]).to.deep.equal([1, 1]);
      clock += 1;
      await remote.getOffering('tv-max');
      expect(simulator.requestCount('productOffering', 'tv-max'), 'not found expires after negativeTtlMs').to.equal(2);
      clock += 55_000;
      await remote.getOffering('fibre-500');
      expect(simulator.requestCount('productOffering', 'fibre-500'), 'found expires after ttlMs').to.equal(2);
    });

    it('fetches prices over HTTP, cached like offerings, and refuses one that cannot be charged exactly', async () => {
      const remote = client();
      expect((await remote.getOfferingPrice('router-fee'))?.price).to.deep.equal({ unit: 'CHF', value: 91.58 });
      clock += 59_999;
      await remote.getOfferingPrice('router-fee');
      expect(simulator.requestCount('productOfferingPrice', 'router-fee')).to.equal(1);
      expect(await remote.getOfferingPrice('nope')).to.equal(null);

      const broken = defaultCatalog();
      broken.productOfferingPrice.find((p) => p.id === 'sim-activation')!.price = { unit: 'CHF', value: 37.005 };
      simulator.load(broken);
      try {
        const failed = await client().getOfferingPrice('sim-activation').catch((err: Error) => err);
        expect(failed).to.be.instanceOf(Tmf620UnavailableError);
        expect((failed as Error).message).to.contain('the answer is not a valid productOfferingPrice: /price 37.005 CHF has more decimals than CHF allows (2)');
      } finally {
        simulator.load(defaultCatalog());
      }
    });

    it('asks once for concurrent lookups of one id', async () => {
      const remote = client();
      simulator.setFault({ delayMs: 100 });
      const answers = await Promise.all(Array.from({ length: 10 }, () => remote.getOffering('mobile-basic')));
      expect(answers.every((a) => a?.id === 'mobile-basic')).to.equal(true);
      expect(simulator.requestCount()).to.equal(1);
    });

    it('says clearly when the remote is down, slow or failing, and keeps no failure', async () => {
      const remote = client({ retries: 1, retryDelayMs: 10, timeoutMs: 300 });
      simulator.setFault({ status: 503 });
      const failed = await remote.getOffering('fibre-1000').catch((err: Error) => err);
      expect(failed).to.be.instanceOf(Tmf620UnavailableError).and.instanceOf(CatalogUnavailableError);
      expect((failed as Error).message).to.equal(`catalog ${simulator.baseUrl} is unavailable: GET /productOffering/fibre-1000: HTTP 503`);
      expect(simulator.requestCount('productOffering', 'fibre-1000'), 'one retry').to.equal(2);

      simulator.setFault({ delayMs: 1_000 });
      const slow = await remote.getOffering('fibre-1000').catch((err: Error) => err);
      expect((slow as Error).message).to.equal(`catalog ${simulator.baseUrl} is unavailable: GET /productOffering/fibre-1000: no answer within 300 ms`);

      simulator.clearFault();
      expect((await remote.getOffering('fibre-1000'))?.id).to.equal('fibre-1000');

      const stopped = await Tmf620Simulator.start();
      await stopped.close();
      const down = await new Tmf620Client({ baseUrl: stopped.baseUrl, retries: 0 }).getOffering('x').catch((err: Error) => err);
      expect(down).to.be.instanceOf(Tmf620UnavailableError);
      expect((down as Error).message).to.contain('ECONNREFUSED');
    });

    it('selects processes from the remote catalog, and answers 503 while it is down', async () => {
      const mapping = loadProcessMapping();
      const remote = client();
      const [selected] = await selectProcesses([{ id: '1', action: 'add', productOffering: { id: 'home-and-mobile' } }], { catalog: remote, mapping });
      expect(selected!.fulfilments.map((f) => f.process?.bpmnProcessId)).to.deep.equal(['broadband', 'mobile-subscription']);
      simulator.setFault({ status: 503 });
      const err = await selectProcesses([{ id: '1', action: 'add', productOffering: { id: 'fibre-500' } }], { catalog: remote, mapping }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(Refusal).and.to.include({ kind: RefusalKind.unavailable, code: 'CATALOG_UNAVAILABLE' });
    });

    it('reads the imported catalog first and asks the remote only for what it lacks', async () => {
      const partial = defaultCatalog();
      partial.productOffering = partial.productOffering.filter((o) => o.id !== 'fibre-500');
      partial.productOfferingPrice = partial.productOfferingPrice.filter((p) => p.id !== 'fibre-500-monthly');
      await store.replaceAll(partial);
      const catalog = firstFound(store, client());
      expect((await catalog.getOffering('fibre-1000'))?.id).to.equal('fibre-1000');
      expect(simulator.requestCount()).to.equal(0);
      expect((await catalog.getOffering('fibre-500'))?.id).to.equal('fibre-500');
      expect(simulator.requestCount('productOffering', 'fibre-500')).to.equal(1);
      expect((await catalog.getOfferingPrice('router-fee'))?.id).to.equal('router-fee');
      expect((await catalog.getOfferingPrice('fibre-500-monthly'))?.id).to.equal('fibre-500-monthly');
      expect(simulator.requestCount('productOfferingPrice')).to.equal(1);
    });
  });
});
