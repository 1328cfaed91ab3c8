import { releaseResource } from '../inventory/confirm-release.js';
import type { ResourceStore } from '../inventory/resource-store.js';
import { heldResources, unitOf } from '../orders/order-resources.js';
import type { OrderStore } from '../orders/order-store.js';
import type { ProductInventory } from '../product-inventory/product-inventory.js';
import type { ServiceInventory } from '../service-inventory/service-inventory.js';
import { recordItemResult, resultOf } from './change-technical-order-state.js';
import { productIdFor, serviceIdFor } from './identities.js';
import type { TechnicalOrders } from './technical-orders.js';
import { itemsOf } from './technical-order.js';

export interface InventoryRecordingDeps {
  orders: OrderStore;
  serviceOrders: TechnicalOrders;
  resourceOrders: TechnicalOrders;
  resources: ResourceStore;
  products: ProductInventory;
  services: ServiceInventory;
}

type Characteristic = { name: string; value: unknown; valueType?: string };

/**
 * A completed service order in the service inventory (TMF638): each `add` item a service, active,
 * supported by the resources its resource orders provided (with what the network gave, e.g. the
 * IMSI); each `delete` item terminates its service. Repeating it changes nothing.
 */
export async function recordServiceOrderInInventory(deps: InventoryRecordingDeps, serviceOrderId: string): Promise<string[]> {
  const order = await deps.serviceOrders.store.findStored(serviceOrderId);
  if (!order) throw new Error(`service order ${serviceOrderId} does not exist`);
  const resourceOrders = await deps.resourceOrders.store.childrenOf(order.id);
  const recorded: string[] = [];
  for (const item of itemsOf(order, 'serviceOrderItem')) {
    const service = (item['service'] ?? {}) as { id?: string; name?: string; serviceSpecification?: { id: string }; serviceCharacteristic?: Characteristic[] };
    if (item.action === 'delete' && service.id) {
      await deps.services.terminate(service.id, `terminated by service order ${order.id}`);
      recorded.push(service.id);
      continue;
    }
    if (item.action !== 'add' || !service.serviceSpecification) continue;
    const provided = resourceOrders.flatMap((ro) => itemsOf(ro, 'orderItem').filter((i) => i.action === 'add').map((i) => ({ item: i, result: resultOf(ro._ordo, i.id) })));
    const fromNetwork = provided.flatMap(({ result }) => Object.entries(result?.characteristics ?? {}).map(([name, value]) => ({ name, value: String(value), valueType: 'string' })));
    // What the network gave (e.g. the IMSI) is added once, unless the order already names it.
    const ordered = service.serviceCharacteristic ?? [];
    const added = new Map<string, (typeof fromNetwork)[number]>();
    for (const c of fromNetwork) if (!ordered.some((o) => o.name === c.name) && !added.has(c.name)) added.set(c.name, c);
    const id = serviceIdFor(order.id, item.id);
    await deps.services.recordActive({
      id,
      name: service.name ?? service.serviceSpecification.id,
      serviceSpecification: { ...service.serviceSpecification, '@referredType': 'ServiceSpecification' },
      serviceCharacteristic: [...ordered, ...added.values()],
      ...(order['relatedParty'] ? { relatedParty: order['relatedParty'] as never } : {}),
      serviceOrderItem: [{ itemId: item.id, serviceOrderId: order.id, serviceOrderHref: order.href, itemAction: 'add', role: 'createdBy' }],
      supportingResource: provided.map(({ item: i }) => {
        const resource = i['resource'] as { id: string; href: string; name?: string };
        return { id: resource.id, href: resource.href, ...(resource.name ? { name: resource.name } : {}), '@referredType': 'Resource' };
      }),
      serviceOrderId: order.id,
      party: order._ordo.party,
      ...(order._ordo.root ? { orderId: order._ordo.root.orderId } : {}),
    });
    await recordItemResult(deps.serviceOrders.store, order.id, { itemId: item.id, serviceId: id });
    recorded.push(id);
  }
  return recorded;
}

/**
 * A completed product order unit in the product inventory (TMF637). `add`: the product, active,
 * with its characteristics (and the numbers it holds), realised by the services its service orders
 * created and the resources it holds. `delete`: the product is terminated and the numbers it held
 * go back. Returns the product id.
 */
export async function recordUnitInInventory(deps: InventoryRecordingDeps, orderId: string, unitId: string): Promise<string | undefined> {
  const order = await deps.orders.findStored(orderId);
  if (!order) throw new Error(`order ${orderId} does not exist`);
  const { unit, item } = unitOf(order, unitId);
  const named = (item['product'] as { id?: unknown } | undefined)?.id;
  if (unit.action === 'delete') {
    if (typeof named !== 'string') return undefined;
    await deps.products.terminate(named, `disconnected by product order ${order.id} item ${item.id}`);
    const inUse = await deps.resources.collection.find({ '_ordo.reservation.productId': named }).toArray();
    for (const resource of inUse) {
      const key = (resource['_ordo'] as { reservation?: { key: string } }).reservation?.key;
      if (key) await releaseResource(deps.resources, key, `product ${named} terminated by order ${order.id}`);
    }
    return named;
  }
  if (unit.action !== 'add') return typeof named === 'string' ? named : undefined;
  const id = productIdFor(order.id, unitId);
  const held = heldResources(order, unitId);
  const given = ((item['product'] as { productCharacteristic?: Characteristic[] } | undefined)?.productCharacteristic ?? []);
  const names = new Set(given.map((c) => c.name));
  const numbers = held.flatMap((h) => {
    const name = h.role === 'msisdn' ? 'MSISDN' : h.role === 'sim' ? 'ICCID' : undefined;
    return name && !names.has(name) ? [{ name, value: h.number, valueType: 'string' }] : [];
  });
  const serviceOrders = (await deps.serviceOrders.store.childrenOf(order.id, item.id)).filter((so) => so._ordo.root?.unitId === unitId && so.state === 'completed');
  const realizingService = serviceOrders.flatMap((so) => (so._ordo.results ?? []).flatMap((r) => (r.serviceId ? [{ id: r.serviceId, href: deps.services.href(r.serviceId), '@referredType': 'Service' }] : [])));
  const offering = (item['productOffering'] ?? {}) as { id?: string; name?: string; href?: string };
  await deps.products.recordActive({
    id,
    name: offering.name ?? offering.id ?? unit.productOfferingId,
    productOffering: { id: unit.productOfferingId, ...(offering.href ? { href: offering.href } : {}), ...(offering.name ? { name: offering.name } : {}) },
    productSpecification: { id: unit.productSpecificationId },
    productCharacteristic: [...given, ...numbers],
    ...(order.relatedParty ? { relatedParty: order.relatedParty as never } : {}),
    productOrderItem: [{ orderItemId: item.id, productOrderId: order.id, productOrderHref: order.href, orderItemAction: 'add', role: 'createdBy' }],
    realizingService,
    realizingResource: held.map((h) => ({ id: h.resourceId, href: deps.resources.href(h.resourceId), value: h.number, '@referredType': 'Resource' })),
    orderId: order.id,
    unitId,
    party: order._ordo.party,
  });
  return id;
}
