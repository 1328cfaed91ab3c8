import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { checkCatalogDump } from '../engine/catalog/check-catalog-dump.js';
import { diffCatalog } from '../engine/catalog/catalog-diff.js';
import { CatalogUnavailableError, InMemoryCatalog, type CatalogSource } from '../engine/catalog/catalog-source.js';
import { fulfilmentProcessFor, loadProcessMapping, type ProcessMapping } from '../engine/catalog/fulfilment-process.js';
import { selectProcesses, type OrderItemRef } from '../engine/catalog/select-processes.js';
import { formatImportReport } from '../engine/catalog/import-catalog.js';
import { Refusal, RefusalKind } from '../engine/outcomes.js';
import { TtlCache } from '../adapters/tmf620/ttl-cache.js';
import { defaultCatalog } from './support/catalog.js';

const mapping = loadProcessMapping();
const select = (items: OrderItemRef[], catalog: CatalogSource = new InMemoryCatalog(defaultCatalog()), processes: ProcessMapping = mapping) => selectProcesses(items, { catalog, mapping: processes });
const item = (id: string, action: string, offeringId?: string, nested?: OrderItemRef[]): OrderItemRef & { quantity?: unknown } => ({ id, action, ...(offeringId ? { productOffering: { id: offeringId } } : {}), ...(nested ? { productOrderItem: nested } : {}) });

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(Refusal);
    return err as Refusal;
  }
  return expect.fail('was not refused');
}

describe('engine/catalog: dump checks, change report and process selection', () => {
  describe('checkCatalogDump', () => {
    it('accepts the shipped sample catalog', () => {
      expect(checkCatalogDump(defaultCatalog())).to.deep.equal([]);
    });

    it('checks maxQuantity, an attribute of the OrdoProductSpecification extension', () => {
      const dump = defaultCatalog() as unknown as Record<string, Record<string, unknown>[]>;
      dump['productSpecification']![0]!['maxQuantity'] = 0;
      dump['productSpecification']![1]!['maxQuantity'] = 2;
      const problems = checkCatalogDump(dump);
      expect(problems).to.deep.include({ entityType: 'productSpecification', id: 'mobile-subscription', path: '/productSpecification/0/maxQuantity', message: 'maxQuantity must be >= 1' });
      expect(problems.map((p) => `${p.path} ${p.message}`)).to.include('/productSpecification/1/@type maxQuantity is an attribute of the OrdoProductSpecification extension: set "@type": "OrdoProductSpecification" and "@baseType": "ProductSpecification"');
      expect(problems).to.have.length(2);
    });

    it('names the entity and the path of every problem', () => {
      const dump = defaultCatalog() as unknown as Record<string, Record<string, unknown>[]>;
      dump['productOffering']![0]!['productSpecification'] = { id: 'no-such-spec' };
      dump['productOffering']![1]!['isBundle'] = 'yes';
      dump['productSpecification']![1]!['serviceSpecification'] = [{ id: 'no-such-cfs' }];
      dump['serviceSpecification']!.push({ id: 'mobile-voice-cfs', name: 'Second voice' });
      dump['resourceSpecification']!.push({ name: 'no id' });
      const problems = checkCatalogDump(dump);
      expect(problems).to.deep.include({ entityType: 'productOffering', id: 'mobile-basic', path: '/productOffering/0/productSpecification/id', message: 'refers to productSpecification no-such-spec, which the dump does not contain' });
      expect(problems).to.deep.include({ entityType: 'productOffering', id: 'mobile-unlimited', path: '/productOffering/1/isBundle', message: 'must be boolean' });
      expect(problems).to.deep.include({ entityType: 'productSpecification', id: 'broadband', path: '/productSpecification/1/serviceSpecification/0/id', message: 'refers to serviceSpecification no-such-cfs, which the dump does not contain' });
      expect(problems).to.deep.include({ entityType: 'serviceSpecification', id: 'mobile-voice-cfs', path: '/serviceSpecification/3/id', message: 'duplicate id: another serviceSpecification has id mobile-voice-cfs' });
      expect(problems).to.deep.include({ entityType: 'resourceSpecification', path: '/resourceSpecification/4/id', message: 'must have a non-empty string id' });
      expect(problems).to.have.length(5);
    });

    it('checks the dump shape, bundles and the fulfilmentProcess extension', () => {
      expect(checkCatalogDump([])).to.have.length(1);
      const dump = defaultCatalog() as unknown as Record<string, unknown>;
      delete dump['resourceSpecification'];
      dump['productOfferings'] = [];
      const shape = checkCatalogDump(dump).map((p) => `${p.path} ${p.message}`);
      expect(shape).to.include('/productOfferings is not a catalog entity type; expected productOffering, productOfferingPrice, productSpecification, serviceSpecification, resourceSpecification');
      expect(shape).to.include('/resourceSpecification must be an array (empty when the catalog has none)');

      const bundles = defaultCatalog();
      const fibre = bundles.productOffering.find((o) => o.id === 'fibre-1000')!;
      fibre.bundledProductOffering = [{ id: 'home-and-mobile' }];
      fibre.isBundle = true;
      const broadband = bundles.productSpecification.find((s) => s.id === 'broadband')!;
      broadband.fulfilmentProcess = { add: { bpmnProcessId: 'broadband', versionTag: '' } };
      const messages = checkCatalogDump(bundles).map((p) => `${p.id} ${p.path} ${p.message}`);
      expect(messages).to.include('fibre-1000 /productOffering/4/bundledProductOffering bundles itself: fibre-1000 -> home-and-mobile -> fibre-1000');
      expect(messages.some((m) => m.startsWith('broadband /productSpecification/1/@type fulfilmentProcess is an attribute of the OrdoProductSpecification extension'))).to.equal(true);
      expect(messages).to.include('broadband /productSpecification/1/fulfilmentProcess/add/versionTag must NOT have fewer than 1 characters');
    });

    it('reads a dump without productOfferingPrice as one without prices, but refuses a price reference that resolves to none', () => {
      const unpriced = defaultCatalog() as unknown as Record<string, unknown>;
      delete unpriced['productOfferingPrice'];
      for (const offering of unpriced['productOffering'] as Record<string, unknown>[]) delete offering['productOfferingPrice'];
      expect(checkCatalogDump(unpriced)).to.deep.equal([]);

      const dangling = defaultCatalog();
      dangling.productOfferingPrice = dangling.productOfferingPrice.filter((p) => p.id !== 'router-fee');
      expect(checkCatalogDump(dangling)).to.deep.equal([
        { entityType: 'productOffering', id: 'fibre-500', path: '/productOffering/3/productOfferingPrice/1/id', message: 'refers to productOfferingPrice router-fee, which the dump does not contain' },
        { entityType: 'productOffering', id: 'fibre-1000', path: '/productOffering/4/productOfferingPrice/1/id', message: 'refers to productOfferingPrice router-fee, which the dump does not contain' },
      ]);
    });

    it('refuses a price that cannot be charged exactly: its schema, currency, decimals, tax rate, type and period', () => {
      const dump = defaultCatalog();
      const [monthly, unlimited, classic, sim, fibre] = dump.productOfferingPrice;
      monthly!.price = { unit: 'CHF', value: 27.655 };
      unlimited!.price = { unit: 'XYZ', value: 55.41 };
      classic!.tax = [{ taxCategory: 'VAT', taxRate: -8.1 }];
      delete sim!.priceType;
      delete fibre!.recurringChargePeriodType;
      (dump.productOfferingPrice[5] as Record<string, unknown>)['price'] = { unit: 'CHF', value: '64.66' };
      expect(checkCatalogDump(dump).map((p) => `${p.id} ${p.path} ${p.message}`)).to.deep.equal([
        'mobile-basic-monthly /productOfferingPrice/0/price 27.655 CHF has more decimals than CHF allows (2)',
        'mobile-unlimited-monthly /productOfferingPrice/1/price "XYZ" is not an ISO 4217 currency code',
        'mobile-classic-2019-monthly /productOfferingPrice/2/tax/0/taxRate must be a percentage of at least 0 with at most 6 decimals',
        'sim-activation /productOfferingPrice/3/priceType a price with an amount must say its priceType (oneTime, recurring, …)',
        'fibre-500-monthly /productOfferingPrice/4/recurringChargePeriodType a recurring price must say its period (month, …)',
        'fibre-1000-monthly /productOfferingPrice/5/price/value must be number',
      ]);
    });

    it('refuses attribute names MongoDB would read as operators or Ordo bookkeeping', () => {
      const dump = defaultCatalog();
      (dump.resourceSpecification[0] as Record<string, unknown>)['_ordo'] = { generation: 1 };
      (dump.resourceSpecification[1] as Record<string, unknown>)['note'] = { $where: 'x' };
      const problems = checkCatalogDump(dump).map((p) => p.path);
      expect(problems).to.deep.equal(['/resourceSpecification/0', '/resourceSpecification/1']);
    });
  });

  describe('diffCatalog', () => {
    it('reports ids added, changed (deeply, whatever the attribute order) and removed, and counts the unchanged', () => {
      const before = defaultCatalog();
      const after = defaultCatalog();
      after.productOffering = after.productOffering.filter((o) => o.id !== 'fibre-500').map((o) => (o.id === 'mobile-basic' ? { ...o, name: 'Mobile Basic 12 GB' } : Object.fromEntries(Object.entries(o).reverse()) as typeof o));
      after.productOffering.push({ id: 'fibre-2000', name: 'Fibre 2 Gbit', productSpecification: { id: 'broadband' } });
      (after.productSpecification[0]!.productSpecCharacteristic as { name: string }[])[2]!.name = 'tariffPlan';
      const changes = diffCatalog(before, after);
      expect(changes.productOffering).to.deep.equal({ added: ['fibre-2000'], changed: ['mobile-basic'], removed: ['fibre-500'], unchanged: 4 });
      expect(changes.productSpecification).to.deep.equal({ added: [], changed: ['mobile-subscription'], removed: [], unchanged: 1 });
      expect(changes.resourceSpecification).to.deep.equal({ added: [], changed: [], removed: [], unchanged: 4 });
      expect(changes.productOfferingPrice).to.deep.equal({ added: [], changed: [], removed: [], unchanged: 9 });
      const text = formatImportReport({ imported: true, generation: 7, changes });
      expect(text).to.contain('catalog imported as generation 7');
      expect(text).to.contain('productOffering: 1 added (fibre-2000), 1 changed (mobile-basic), 1 removed (fibre-500), 4 unchanged');
    });
  });

  describe('process mapping', () => {
    it('loads the shipped mapping and refuses an invalid one, naming the file', () => {
      expect(mapping.anyProductSpecification?.delete).to.deep.equal({ bpmnProcessId: 'disconnect' });
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ordo-mapping-')), 'mapping.json');
      writeFileSync(file, JSON.stringify({ byProductSpecification: { x: { add: { process: 'y' } } } }));
      expect(() => loadProcessMapping(file)).to.throw(`process mapping ${file} is invalid: /byProductSpecification/x/add must have required property 'bpmnProcessId'`);
    });

    it('prefers the specification\'s own process, then the mapping for its id, then the mapping for any', () => {
      const processes: ProcessMapping = { byProductSpecification: { s: { add: { bpmnProcessId: 'by-id' }, modify: { bpmnProcessId: 'by-id-modify' } } }, anyProductSpecification: { add: { bpmnProcessId: 'any' }, delete: { bpmnProcessId: 'any-delete' } } };
      const own = { id: 's', fulfilmentProcess: { add: { bpmnProcessId: 'own', versionTag: '3' } } };
      expect(fulfilmentProcessFor(own, 'add', processes)).to.deep.equal({ bpmnProcessId: 'own', versionTag: '3' });
      expect(fulfilmentProcessFor(own, 'modify', processes)).to.deep.equal({ bpmnProcessId: 'by-id-modify' });
      expect(fulfilmentProcessFor(own, 'delete', processes)).to.deep.equal({ bpmnProcessId: 'any-delete' });
      expect(fulfilmentProcessFor({ id: 'other' }, 'add', processes)).to.deep.equal({ bpmnProcessId: 'any' });
      expect(fulfilmentProcessFor({ id: 'toString' }, 'modify', processes)).to.equal(undefined);
    });
  });

  describe('selectProcesses', () => {
    it('selects the process for each action, with the specification and its services', async () => {
      const selected = await select([item('1', 'add', 'mobile-basic'), item('2', 'add', 'fibre-1000'), item('3', 'modify', 'fibre-500'), item('4', 'delete', 'mobile-unlimited'), item('5', 'noChange', 'fibre-500')]);
      expect(selected).to.deep.equal([
        { itemId: '1', action: 'add', productOfferingId: 'mobile-basic', quantity: 1, fulfilments: [{ productOfferingId: 'mobile-basic', productSpecificationId: 'mobile-subscription', serviceSpecificationIds: ['mobile-voice-cfs', 'mobile-data-cfs'], maxQuantity: 1, process: { bpmnProcessId: 'mobile-subscription' } }] },
        { itemId: '2', action: 'add', productOfferingId: 'fibre-1000', quantity: 1, fulfilments: [{ productOfferingId: 'fibre-1000', productSpecificationId: 'broadband', serviceSpecificationIds: ['fibre-access-cfs'], maxQuantity: 1, process: { bpmnProcessId: 'broadband' } }] },
        { itemId: '3', action: 'modify', productOfferingId: 'fibre-500', quantity: 1, fulfilments: [{ productOfferingId: 'fibre-500', productSpecificationId: 'broadband', serviceSpecificationIds: ['fibre-access-cfs'], maxQuantity: 1, process: { bpmnProcessId: 'modify' } }] },
        { itemId: '4', action: 'delete', productOfferingId: 'mobile-unlimited', quantity: 1, fulfilments: [{ productOfferingId: 'mobile-unlimited', productSpecificationId: 'mobile-subscription', serviceSpecificationIds: ['mobile-voice-cfs', 'mobile-data-cfs'], maxQuantity: 1, process: { bpmnProcessId: 'disconnect' } }] },
        { itemId: '5', action: 'noChange', productOfferingId: 'fibre-500', quantity: 1, fulfilments: [{ productOfferingId: 'fibre-500', productSpecificationId: 'broadband', serviceSpecificationIds: ['fibre-access-cfs'], maxQuantity: 1 }] },
      ]);
    });

    it('takes the version tag the analyst set on the specification', async () => {
      const dump = defaultCatalog();
      dump.productSpecification[0]!.fulfilmentProcess!.add = { bpmnProcessId: 'mobile-subscription', versionTag: '2026.1' };
      const [selected] = await select([item('1', 'add', 'mobile-unlimited')], new InMemoryCatalog(dump));
      expect(selected!.fulfilments[0]!.process).to.deep.equal({ bpmnProcessId: 'mobile-subscription', versionTag: '2026.1' });
    });

    it('resolves a bundle to each offering it contains, and nested items to their own processes', async () => {
      const selected = await select([item('1', 'add', 'home-and-mobile', [item('1.1', 'add', 'mobile-basic')])]);
      expect(selected.map((s) => ({ itemId: s.itemId, parentItemId: s.parentItemId, processes: s.fulfilments.map((f) => `${f.productOfferingId}:${f.process?.bpmnProcessId}`) }))).to.deep.equal([
        { itemId: '1', parentItemId: undefined, processes: ['fibre-1000:broadband', 'mobile-unlimited:mobile-subscription'] },
        { itemId: '1.1', parentItemId: '1', processes: ['mobile-basic:mobile-subscription'] },
      ]);
    });

    it('refuses unknown offerings with one refusal naming every failing item and offering', async () => {
      const err = await refusal(select([item('1', 'add', 'mobile-basic'), item('2', 'add', 'mobile-gold'), item('3', 'modify', 'tv-max'), item('4', 'delete')]));
      expect(err.kind).to.equal(RefusalKind.unprocessable);
      expect(err.code).to.equal('UNKNOWN_PRODUCT_OFFERING');
      expect(err.message).to.equal('item 2 (productOffering mobile-gold): product offering mobile-gold is not in the catalog; item 3 (productOffering tv-max): product offering tv-max is not in the catalog; item 4 (productOffering none): names no productOffering');
    });

    it('refuses to add a retired offering, but still modifies and disconnects its products', async () => {
      const err = await refusal(select([item('1', 'add', 'mobile-classic-2019')]));
      expect(err.kind).to.equal(RefusalKind.unprocessable);
      expect(err.code).to.equal('OFFERING_NOT_ORDERABLE');
      expect(err.message).to.equal('item 1 (productOffering mobile-classic-2019): product offering mobile-classic-2019 is Retired and can no longer be added');
      const selected = await select([item('1', 'delete', 'mobile-classic-2019'), item('2', 'modify', 'mobile-classic-2019')]);
      expect(selected.map((s) => s.fulfilments[0]!.process?.bpmnProcessId)).to.deep.equal(['disconnect', 'modify']);
    });

    it('refuses a bundle containing an obsolete offering, and an offering sold only in bundles', async () => {
      const dump = defaultCatalog();
      dump.productOffering.find((o) => o.id === 'fibre-1000')!.lifecycleStatus = 'Obsolete';
      dump.productOffering.find((o) => o.id === 'mobile-unlimited')!.isSellable = false;
      const catalog = new InMemoryCatalog(dump);
      const err = await refusal(select([item('1', 'add', 'home-and-mobile'), item('2', 'add', 'mobile-unlimited')], catalog));
      expect(err.code).to.equal('OFFERING_NOT_ORDERABLE');
      expect(err.message).to.contain('item 1 (productOffering home-and-mobile): product offering fibre-1000 is Obsolete');
      expect(err.message).to.contain('item 2 (productOffering mobile-unlimited): product offering mobile-unlimited is sold only within a bundle');
    });

    it('refuses an item whose action has no process, listing every failure under the first code', async () => {
      const err = await refusal(select([item('1', 'add', 'fibre-500'), item('2', 'add', 'nope')], new InMemoryCatalog(defaultCatalog()), { byProductSpecification: {} }));
      expect(err.code).to.equal('UNKNOWN_PRODUCT_OFFERING');
      expect(err.message).to.equal('item 1 (productOffering fibre-500): no process for action add of product specification broadband (offering fibre-500); item 2 (productOffering nope): product offering nope is not in the catalog');
      const only = await refusal(select([item('1', 'add', 'fibre-500')], new InMemoryCatalog(defaultCatalog()), { byProductSpecification: {} }));
      expect(only.code).to.equal('NO_FULFILMENT_PROCESS');
    });

    it('refuses a quantity that is not a safe whole number of at least 1, or more than the specification allows', async () => {
      for (const quantity of [-1, 0, 1.5, 1e21, '2', null]) {
        const err = await refusal(select([{ ...item('1', 'add', 'mobile-basic'), quantity }]));
        expect(err.kind, String(quantity)).to.equal(RefusalKind.unprocessable);
        expect(err.code).to.equal('QUANTITY_NOT_ALLOWED');
        expect(err.message).to.contain(`quantity ${JSON.stringify(quantity)} is not a whole number of at least 1`);
      }
      const tooMany = await refusal(select([{ ...item('1', 'add', 'mobile-basic'), quantity: 3 }]));
      expect(tooMany.message).to.equal('item 1 (productOffering mobile-basic): quantity 3 is more than product offering mobile-basic allows on one item (1)');
      const [one] = await select([{ ...item('1', 'add', 'mobile-basic'), quantity: 1 }]);
      expect(one!.quantity).to.equal(1);
    });

    it('allows what maxQuantity allows; a bundle allows the least of its parts', async () => {
      const dump = defaultCatalog();
      dump.productSpecification.find((s) => s.id === 'mobile-subscription')!.maxQuantity = 5;
      const catalog = new InMemoryCatalog(dump);
      const [five] = await select([{ ...item('1', 'add', 'mobile-basic'), quantity: 5 }], catalog);
      expect(five!.quantity).to.equal(5);
      await refusal(select([{ ...item('1', 'add', 'mobile-basic'), quantity: 6 }], catalog));
      const bundle = await refusal(select([{ ...item('1', 'add', 'home-and-mobile'), quantity: 2 }], catalog));
      expect(bundle.message).to.contain('allows on one item (1)');
      // One product changes or goes: one unit; a bundle ordered part by part counts its parts.
      for (const more of [{ ...item('1', 'delete', 'mobile-basic'), quantity: 2 }, { ...item('1', 'modify', 'mobile-basic'), quantity: 2 }, { ...item('1', 'add', 'home-and-mobile', [item('1.1', 'add', 'mobile-basic')]), quantity: 2 }]) {
        expect((await refusal(select([more], catalog))).message).to.contain('only an add item without nested items may order more than one unit');
      }
    });

    it('refuses an order that would start more than 1,000 units', async () => {
      const dump = defaultCatalog();
      dump.productSpecification.find((s) => s.id === 'mobile-subscription')!.maxQuantity = 10_000;
      const catalog = new InMemoryCatalog(dump);
      expect((await select([{ ...item('1', 'add', 'mobile-basic'), quantity: 1000 }], catalog))[0]!.quantity).to.equal(1000);
      const err = await refusal(select([{ ...item('1', 'add', 'mobile-basic'), quantity: 600 }, { ...item('2', 'add', 'mobile-basic'), quantity: 401 }], catalog));
      expect(err).to.include({ kind: RefusalKind.unprocessable, code: 'QUANTITY_NOT_ALLOWED' });
      expect(err.message).to.equal('the order would fulfil 1001 units; one order fulfils at most 1000');
    });

    it('asks the catalog once per id, and refuses as unavailable when the catalog cannot be asked', async () => {
      const memory = new InMemoryCatalog(defaultCatalog());
      const asked: string[] = [];
      const counting: CatalogSource = {
        getOffering: (id) => (asked.push(`o:${id}`), memory.getOffering(id)),
        getOfferingPrice: (id) => (asked.push(`p:${id}`), memory.getOfferingPrice(id)),
        getProductSpecification: (id) => (asked.push(`s:${id}`), memory.getProductSpecification(id)),
      };
      await select([item('1', 'add', 'mobile-basic'), item('2', 'add', 'mobile-basic'), item('3', 'add', 'home-and-mobile'), item('4', 'modify', 'mobile-unlimited')], counting);
      expect([...asked].sort()).to.deep.equal(['o:fibre-1000', 'o:home-and-mobile', 'o:mobile-basic', 'o:mobile-unlimited', 's:broadband', 's:mobile-subscription']);

      const down: CatalogSource = { getOffering: () => Promise.reject(new CatalogUnavailableError('http://catalog', 'HTTP 503')), getOfferingPrice: () => Promise.resolve(null), getProductSpecification: () => Promise.resolve(null) };
      const err = await refusal(select([item('1', 'add', 'mobile-basic')], down));
      expect(err.kind).to.equal(RefusalKind.unavailable);
      expect(err.code).to.equal('CATALOG_UNAVAILABLE');
      expect(err.message).to.equal('catalog http://catalog is unavailable: HTTP 503');
    });
  });

  describe('TtlCache', () => {
    const setup = () => {
      let clock = 1_000;
      const cache = new TtlCache<string>({ ttlMs: 1000, negativeTtlMs: 100, maxEntries: 3, now: () => clock });
      const loads: string[] = [];
      const load = (key: string, value: string | null) => () => (loads.push(key), Promise.resolve(value));
      return { cache, loads, load, advance: (ms: number) => (clock += ms) };
    };

    it('shares one load among concurrent lookups and keeps the value for its TTL', async () => {
      const { cache, loads, load, advance } = setup();
      expect(await Promise.all([1, 2, 3].map(() => cache.get('a', load('a', 'A'))))).to.deep.equal(['A', 'A', 'A']);
      advance(999);
      expect(await cache.get('a', load('a', 'A2'))).to.equal('A');
      advance(1);
      expect(await cache.get('a', load('a', 'A2'))).to.equal('A2');
      expect(loads).to.deep.equal(['a', 'a']);
    });

    it('keeps "not found" for the shorter TTL, never keeps a failure, and drops the oldest beyond its size', async () => {
      const { cache, loads, load, advance } = setup();
      expect(await cache.get('x', load('x', null))).to.equal(null);
      advance(50);
      expect(await cache.get('x', load('x', 'X'))).to.equal(null);
      advance(50);
      expect(await cache.get('x', load('x', 'X'))).to.equal('X');
      await cache.get('f', () => Promise.reject(new Error('down'))).catch(() => undefined);
      expect(await cache.get('f', load('f', 'F'))).to.equal('F');
      for (const k of ['b', 'c', 'd']) await cache.get(k, load(k, k));
      await cache.get('x', load('x', 'X'));
      expect(loads).to.deep.equal(['x', 'x', 'f', 'b', 'c', 'd', 'x']);
    });
  });
});
