import { expect } from 'chai';
import { startOrdo, type Ordo } from '../engine/ordo.js';
import { TMF622_BASE_PATH } from '../engine/orders/tmf622.js';
import { TMF639_BASE_PATH } from '../engine/inventory/tmf639.js';
import { TMF637_BASE_PATH } from '../engine/product-inventory/tmf637.js';
import { TMF638_BASE_PATH } from '../engine/service-inventory/tmf638.js';
import { resourceOrderKind, serviceOrderKind } from '../engine/technical-orders/order-kinds.js';
import { ActivationSimulator } from '../adapters/activation/simulator.js';
import { collectEvents, eventually, httpJson, retireTestOrdo, sampleOrder, testConfig } from './support/harness.js';
import { TestListener } from './support/listener.js';

const SO = serviceOrderKind.basePath;
const RO = resourceOrderKind.basePath;
const ADDRESS = 'Bahnhofstrasse 1, 8001 Zürich';
const fibre = (id: string, offering: string, address = ADDRESS, speed = offering === 'fibre-500' ? 500 : 1000) => ({
  id,
  action: 'add',
  quantity: 1,
  productOffering: { id: offering },
  product: { productCharacteristic: [{ name: 'downloadSpeed', value: speed }, { name: 'installationAddress', value: address }] },
});
const mobile = (id: string) => ({ id, action: 'add', quantity: 1, productOffering: { id: 'mobile-basic' } });

type Json = Record<string, any>;

describe('Decomposition: product order items -> TMF641 service orders -> TMF652 resource orders -> network and inventories', () => {
  let network: ActivationSimulator;
  let ordo: Ordo;
  const get = async (url: string) => {
    const res = await httpJson('GET', `${ordo.baseUrl}${url}`);
    expect(res.status, url).to.equal(200);
    return res.body;
  };
  const place = async (order: Json) => {
    const res = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/productOrder`, order);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  const finished = (path: string, timeoutMs = 120_000) =>
    eventually(`${path} to finish`, async () => {
      const found = await get(path);
      return ['completed', 'failed', 'partial', 'cancelled'].includes(found.state) ? found : undefined;
    }, timeoutMs);
  const serviceOrdersOf = (orderId: string): Promise<Json[]> => get(`${SO}/serviceOrder?orderRelationship.id=${orderId}&sort=externalId`);
  const resourceOrdersOf = (serviceOrderId: string): Promise<Json[]> => get(`${RO}/resourceOrder?externalReference.id=${serviceOrderId}`);

  before(async () => {
    network = await ActivationSimulator.start({ apiKey: 'network-key' });
    ordo = await startOrdo(testConfig({ ORDO_ACTIVATION_URL: network.baseUrl, ORDO_ACTIVATION_API_KEY: 'network-key', ORDO_INVENTORY_SEED_SIZE: '200' }));
    await ordo.deployed;
  });
  after(async () => {
    if (ordo) await retireTestOrdo(ordo);
    await network?.close();
  });
  afterEach(() => network.reset());

  let bundleOrderId: string;

  it('a bundle (Home & Mobile) becomes service and resource orders, all linked both ways; all complete and the three inventories hold the customer\'s products, services and resources', async () => {
    bundleOrderId = await place(sampleOrder({ productOrderItem: [{ ...fibre('1', 'home-and-mobile'), productOffering: { id: 'home-and-mobile' } }] }));
    const order = await finished(`${TMF622_BASE_PATH}/productOrder/${bundleOrderId}`);
    expect(order.state, JSON.stringify(order.note)).to.equal('completed');

    // One service order per customer-facing service of each part: fibre access, mobile voice, mobile data.
    const serviceOrders = await serviceOrdersOf(bundleOrderId);
    const bySpec = Object.fromEntries(serviceOrders.map((so) => [so.serviceOrderItem[0].service.serviceSpecification.id, so]));
    expect(Object.keys(bySpec).sort()).to.deep.equal(['fibre-access-cfs', 'mobile-data-cfs', 'mobile-voice-cfs']);
    for (const so of serviceOrders) {
      expect(so).to.include({ state: 'completed', category: 'decomposition' });
      expect(so.orderRelationship).to.deep.include({ id: bundleOrderId, href: order.href, relationshipType: 'parent', '@referredType': 'ProductOrder' });
      expect(so.processInstanceKey, 'the Operate instance of the service order').to.be.a('string');
      expect(so.serviceOrderItem[0]).to.include({ action: 'add', state: 'completed' });
    }
    const held = (await ordo.orders.findStored(bundleOrderId))!._ordo.resources!;
    const msisdn = held.find((h) => h.role === 'msisdn')!;
    const sim = held.find((h) => h.role === 'sim')!;
    expect(bySpec['mobile-voice-cfs'].serviceOrderItem[0].service.serviceCharacteristic).to.deep.include({ name: 'MSISDN', value: msisdn.number, valueType: 'string' });
    expect(bySpec['fibre-access-cfs'].serviceOrderItem[0].service.serviceCharacteristic).to.deep.include({ name: 'installationAddress', value: ADDRESS, valueType: 'string' });

    // And back: the product order names its service orders, the service order its resource order.
    const children = (order.orderRelationship as Json[]).filter((r) => r.relationshipType === 'child');
    expect(children.map((r) => r.id).sort()).to.deep.equal(serviceOrders.map((so) => so.id).sort());
    expect(children.every((r) => r['@referredType'] === 'ServiceOrder' && r.href.endsWith(`/serviceOrder/${r.id}`))).to.equal(true);

    // The voice service's resources: the SIM first, then the number that depends on it.
    const [voiceResources] = await resourceOrdersOf(bySpec['mobile-voice-cfs'].id);
    expect(voiceResources).to.include({ state: 'completed', externalId: bySpec['mobile-voice-cfs'].id });
    expect(voiceResources.externalReference).to.deep.equal([{ id: bySpec['mobile-voice-cfs'].id, entityType: 'ServiceOrder', owner: 'Ordo' }]);
    expect(bySpec['mobile-voice-cfs'].orderRelationship).to.deep.include({ id: voiceResources.id, href: voiceResources.href, relationshipType: 'child', '@referredType': 'ResourceOrder' });
    const items = Object.fromEntries(voiceResources.orderItem.map((i: Json) => [i.resourceSpecification.id, i]));
    expect(items['msisdn'].resource.id).to.equal(msisdn.resourceId);
    expect(items['sim-card'].resource.id).to.equal(sim.resourceId);
    expect(items['msisdn'].orderItemRelationship).to.deep.equal([{ relationshipType: 'dependency', orderItem: { itemId: items['sim-card'].id } }]);
    const results = (await ordo.resourceOrders.store.findStored(voiceResources.id))!._ordo.results!;
    const at = (itemId: string) => results.find((r) => r.itemId === itemId)!.at.getTime();
    expect(at(items['sim-card'].id)).to.be.at.most(at(items['msisdn'].id));
    const [lineResources] = await resourceOrdersOf(bySpec['fibre-access-cfs'].id);
    expect(lineResources.orderItem.map((i: Json) => i.resourceSpecification.id)).to.deep.equal(['ont', 'gpon-port']);

    // The network has the subscriber on the order's SIM and the line at the customer's address.
    expect(network.subscriber(msisdn.number)).to.include({ iccid: sim.number, status: 'active' });
    const lineId = lineResources.orderItem.find((i: Json) => i.resourceSpecification.id === 'gpon-port').resource.id;
    expect(network.line(lineId)).to.include({ status: 'active', installationAddress: ADDRESS, bandwidthMbps: 1000 });

    // TMF637: two active products, linked to the order item, their services and resources.
    const products: Json[] = await get(`${TMF637_BASE_PATH}/product?productOrderItem.productOrderId=${bundleOrderId}`);
    expect(products.map((p) => p.productOffering.id).sort()).to.deep.equal(['fibre-1000', 'mobile-unlimited']);
    const mobileProduct = products.find((p) => p.productOffering.id === 'mobile-unlimited')!;
    expect(mobileProduct).to.include({ status: 'active' });
    expect(mobileProduct.productOrderItem[0]).to.include({ productOrderId: bundleOrderId, orderItemId: '1', orderItemAction: 'add' });
    expect(mobileProduct.productCharacteristic).to.deep.include({ name: 'MSISDN', value: msisdn.number, valueType: 'string' });
    expect(mobileProduct.realizingResource.map((r: Json) => r.id).sort()).to.deep.equal([msisdn.resourceId, sim.resourceId].sort());
    expect(mobileProduct.realizingService).to.have.length(2);
    // Found by its number, as customer care would.
    expect((await get(`${TMF637_BASE_PATH}/product?productCharacteristic.value=${msisdn.number}`)).map((p: Json) => p.id)).to.deep.equal([mobileProduct.id]);

    // TMF638: each service active, supported by the resources, pointing back at its service order.
    for (const ref of mobileProduct.realizingService) {
      const service = await get(`${TMF638_BASE_PATH}/service/${ref.id}`);
      expect(service).to.include({ state: 'active' });
      expect(service.serviceOrderItem[0].serviceOrderId).to.be.oneOf([bySpec['mobile-voice-cfs'].id, bySpec['mobile-data-cfs'].id]);
    }
    const voice = (await get(`${TMF638_BASE_PATH}/service?serviceOrderItem.serviceOrderId=${bySpec['mobile-voice-cfs'].id}`))[0];
    expect(voice.supportingResource.map((r: Json) => r.id).sort()).to.deep.equal([msisdn.resourceId, sim.resourceId].sort());
    expect(voice.serviceCharacteristic.map((c: Json) => c.name)).to.include.members(['MSISDN', 'IMSI']);

    // TMF639: number and SIM in use by the product.
    for (const h of [msisdn, sim]) {
      const resource = await get(`${TMF639_BASE_PATH}/resource/${h.resourceId}`);
      expect(resource).to.include({ usageState: 'active' });
      expect(resource.resourceCharacteristic.find((c: Json) => c.name === 'productId').value).to.equal(mobileProduct.id);
    }
  });

  it('a disconnect order terminates what the previous order created: services and products terminated, subscriber and line off, number and SIM back', async () => {
    expect(bundleOrderId, 'runs after the bundle test').to.be.a('string');
    const products: Json[] = await get(`${TMF637_BASE_PATH}/product?productOrderItem.productOrderId=${bundleOrderId}`);
    const held = (await ordo.orders.findStored(bundleOrderId))!._ordo.resources!;
    const services = (await Promise.all(products.flatMap((p) => p.realizingService.map((s: Json) => get(`${TMF638_BASE_PATH}/service/${s.id}`))))) as Json[];
    const id = await place(sampleOrder({ productOrderItem: products.map((p, i) => ({ id: String(i + 1), action: 'delete', quantity: 1, productOffering: { id: p.productOffering.id }, product: { id: p.id } })) }));
    const order = await finished(`${TMF622_BASE_PATH}/productOrder/${id}`);
    expect(order.state, JSON.stringify(order.note)).to.equal('completed');

    const serviceOrders = await serviceOrdersOf(id);
    expect(serviceOrders).to.have.length(services.length);
    for (const so of serviceOrders) expect(so.serviceOrderItem[0]).to.include({ action: 'delete', state: 'completed' });
    const voiceId = services.find((s) => s.serviceSpecification.id === 'mobile-voice-cfs')!.id;
    const [teardown] = await resourceOrdersOf(serviceOrders.find((so) => so.serviceOrderItem[0].service.id === voiceId)!.id);
    const bySpec = Object.fromEntries(teardown.orderItem.map((i: Json) => [i.resourceSpecification.id, i]));
    expect(teardown.orderType).to.equal('terminate');
    // Torn down in reverse: the number before the SIM it sits on.
    expect(bySpec['sim-card'].orderItemRelationship).to.deep.equal([{ relationshipType: 'dependency', orderItem: { itemId: bySpec['msisdn'].id } }]);

    for (const p of products) expect(await get(`${TMF637_BASE_PATH}/product/${p.id}`)).to.include({ status: 'terminated' });
    for (const s of services) expect(await get(`${TMF638_BASE_PATH}/service/${s.id}`)).to.include({ state: 'terminated' });
    expect(network.subscriber(held.find((h) => h.role === 'msisdn')!.number)).to.include({ status: 'deactivated' });
    expect(network.lines().filter((l) => l.orderRef.startsWith(bundleOrderId))).to.satisfy((lines: { status: string }[]) => lines.length === 1 && lines[0]!.status === 'deactivated');
    for (const h of held) expect(await get(`${TMF639_BASE_PATH}/resource/${h.resourceId}`)).to.include({ resourceStatus: 'available', usageState: 'idle' });
  });

  it('the line is refused: its resource order, its service order and the broadband item fail; the mobile item completes; the order ends partial and the inventory holds nothing for the failed item', async () => {
    const nowhere = 'Alp Grüm 1, 7710 Poschiavo';
    network.refuseAddress(nowhere);
    const id = await place(sampleOrder({ productOrderItem: [mobile('1'), fibre('2', 'fibre-500', nowhere)] }));
    const order = await finished(`${TMF622_BASE_PATH}/productOrder/${id}`);
    expect(order.state).to.equal('partial');
    expect(order.productOrderItem.map((i: Json) => [i.id, i.state])).to.deep.equal([['1', 'completed'], ['2', 'failed']]);
    expect(order.note.at(-1).text, order.note.at(-1).text).to.match(/^Item 2 failed: serviceOrder \S+ failed: resourceOrder \S+ failed: item 1-gpon-port: .*no fibre network at Alp/);

    const serviceOrders = await serviceOrdersOf(id);
    const fibreOrder = serviceOrders.find((so) => so.serviceOrderItem[0].service.serviceSpecification.id === 'fibre-access-cfs')!;
    expect(fibreOrder).to.include({ state: 'failed' });
    expect(fibreOrder.serviceOrderItem[0].state).to.equal('failed');
    const [lineOrder] = await resourceOrdersOf(fibreOrder.id);
    expect(lineOrder.state).to.equal('failed');
    expect(lineOrder.note.at(-1).text).to.match(/no_coverage/);
    expect(serviceOrders.filter((so) => so !== fibreOrder).map((so) => so.state)).to.deep.equal(['completed', 'completed']);

    const products: Json[] = await get(`${TMF637_BASE_PATH}/product?productOrderItem.productOrderId=${id}`);
    expect(products.map((p) => [p.productOffering.id, p.status])).to.deep.equal([['mobile-basic', 'active']]);
    expect(await get(`${TMF638_BASE_PATH}/service?serviceOrderItem.serviceOrderId=${fibreOrder.id}`)).to.deep.equal([]);
    expect(network.lines().filter((l) => l.orderRef.startsWith(id))).to.deep.equal([]);
  });

  it('cancelling the product order in flight cancels its service orders, and they their resource orders', async () => {
    network.down();
    const id = await place(sampleOrder({ productOrderItem: [mobile('1')] }));
    const voice = await eventually('the data service order done and the voice resource order running', async () => {
      const serviceOrders = await serviceOrdersOf(id);
      const voiceOrder = serviceOrders.find((so) => so.serviceOrderItem[0].service.serviceSpecification.id === 'mobile-voice-cfs');
      const dataDone = serviceOrders.some((so) => so.serviceOrderItem[0].service.serviceSpecification.id === 'mobile-data-cfs' && so.state === 'completed');
      const [ro] = voiceOrder ? await resourceOrdersOf(voiceOrder.id) : [];
      return voiceOrder && dataDone && ro?.state === 'inProgress' ? { voiceOrder, ro } : undefined;
    }, 90_000);
    const cancel = await httpJson('POST', `${ordo.baseUrl}${TMF622_BASE_PATH}/cancelProductOrder`, { productOrder: { id }, cancellationReason: 'changed my mind' });
    expect(cancel.status).to.equal(201);
    expect((await finished(`${TMF622_BASE_PATH}/productOrder/${id}`)).state).to.equal('cancelled');
    expect((await finished(`${SO}/serviceOrder/${voice.voiceOrder.id}`)).state).to.equal('cancelled');
    expect((await finished(`${RO}/resourceOrder/${voice.ro.id}`)).state).to.equal('cancelled');
    // The task ends just after the order does (the same job, the next write).
    await eventually('the cancel task done', async () => {
      const tasks: Json[] = await get(`${RO}/cancelResourceOrder?resourceOrder.id=${voice.ro.id}`);
      return tasks.length === 1 && tasks[0]!.state === 'done';
    }, 10_000);
    network.up();
    expect(await get(`${TMF637_BASE_PATH}/product?productOrderItem.productOrderId=${id}`)).to.deep.equal([]);
    // The data service order had nothing to wait for and completed: what it set up is withdrawn.
    const services = await ordo.services.collection.find({ '_ordo.orderId': id }).toArray();
    expect(services.map((s) => [s['serviceSpecification'].id, s['state']])).to.deep.equal([['mobile-data-cfs', 'terminated']]);
  });

  it('a service order POSTed by an external system runs the same processes; bad ones are refused with TMF errors and nothing is stored', async () => {
    const body = {
      externalId: `OSS-${Date.now()}`,
      relatedParty: [{ id: 'cust-7', role: 'Customer', '@referredType': 'Individual' }],
      serviceOrderItem: [{ id: '1', action: 'add', service: { serviceSpecification: { id: 'fibre-access-cfs' }, serviceCharacteristic: [{ name: 'installationAddress', value: 'Seestrasse 9, 8002 Zürich' }, { name: 'downloadSpeed', value: 500 }] } }],
    };
    const listener = new TestListener();
    const hub = await httpJson('POST', `${ordo.baseUrl}${SO}/hub`, { callback: await listener.start() });
    expect(hub.status).to.equal(201);
    const kafka = await collectEvents(ordo.config, 'service');
    const posted = await httpJson('POST', `${ordo.baseUrl}${SO}/serviceOrder`, body);
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
    expect(posted.body).to.include({ state: 'acknowledged', '@type': 'ServiceOrder' });
    const again = await httpJson('POST', `${ordo.baseUrl}${SO}/serviceOrder`, body);
    expect(again.body.id, 'same externalId: the same order').to.equal(posted.body.id);
    expect((await finished(`${SO}/serviceOrder/${posted.body.id}`)).state).to.equal('completed');
    const [lineOrder] = await resourceOrdersOf(posted.body.id);
    expect(lineOrder.state).to.equal('completed');
    expect(network.lines().filter((l) => l.installationAddress === 'Seestrasse 9, 8002 Zürich').map((l) => l.status)).to.deep.equal(['active']);
    expect((await get(`${TMF638_BASE_PATH}/service?serviceOrderItem.serviceOrderId=${posted.body.id}`))[0]).to.include({ state: 'active' });
    // Its events reach the hub in order; the service it set up is announced on Kafka.
    const states = await eventually('the hub to hear the service order complete', async () => {
      const mine = listener.received.filter((e) => e.event['serviceOrder']?.['id'] === posted.body.id);
      return mine.some((e) => e.event['serviceOrder']!['state'] === 'completed') ? mine.map((e) => `${e.eventType}:${String(e.event['serviceOrder']!['state'])}`) : undefined;
    });
    expect(states).to.deep.equal(['ServiceOrderCreateEvent:acknowledged', 'ServiceOrderStateChangeEvent:inProgress', 'ServiceOrderStateChangeEvent:completed']);
    await eventually('ServiceCreateEvent on Kafka', async () => kafka.events.find((e) => e.body.eventType === 'ServiceCreateEvent' && e.body.event['service']?.['serviceOrderItem'] !== undefined && JSON.stringify(e.body.event['service']).includes(posted.body.id)));
    await kafka.stop();
    await listener.stop();
    const late = await httpJson('POST', `${ordo.baseUrl}${SO}/cancelServiceOrder`, { serviceOrder: { id: posted.body.id } });
    expect(late.status).to.equal(409);

    const before = await ordo.serviceOrders.store.collection.countDocuments();
    const unknown = await httpJson('POST', `${ordo.baseUrl}${SO}/serviceOrder`, { serviceOrderItem: [{ id: '1', action: 'add', service: { serviceSpecification: { id: 'no-such-cfs' } } }] });
    expect(unknown.status).to.equal(422);
    expect(unknown.body).to.include({ code: 'UNKNOWN_SPECIFICATION', '@type': 'Error' });
    const cyclic = await httpJson('POST', `${ordo.baseUrl}${RO}/resourceOrder`, {
      orderItem: [
        { id: 'a', action: 'add', resourceSpecification: { id: 'ont' }, orderItemRelationship: [{ relationshipType: 'dependency', orderItem: { itemId: 'b' } }] },
        { id: 'b', action: 'add', resourceSpecification: { id: 'gpon-port' }, orderItemRelationship: [{ relationshipType: 'dependency', orderItem: { itemId: 'a' } }] },
      ],
    });
    expect(cyclic.status).to.equal(400);
    expect(cyclic.body.message).to.match(/a -> b -> a|b -> a -> b/);
    const noItems = await httpJson('POST', `${ordo.baseUrl}${SO}/serviceOrder`, { serviceOrderItem: [] });
    expect(noItems.status).to.equal(400);
    expect(await ordo.serviceOrders.store.collection.countDocuments()).to.equal(before);
    expect((await httpJson('PUT', `${ordo.baseUrl}${SO}/serviceOrder/${posted.body.id}`, {})).status).to.equal(405);
  });
});
