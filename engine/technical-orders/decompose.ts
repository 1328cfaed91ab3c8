import type { Collection, Document } from 'mongodb';
import type { Catalog } from '../catalog/catalog-service.js';
import type { EntityRef, ResourceSpecification, ServiceSpecification } from '../catalog/catalog-entities.js';
import { heldResources, itemCharacteristic, unitOf, type HeldByOrder } from '../orders/order-resources.js';
import type { OrderStore } from '../orders/order-store.js';
import type { ProductOrderItem } from '../orders/product-order.js';
import type { ResourceStore } from '../inventory/resource-store.js';
import type { ProductInventory } from '../product-inventory/product-inventory.js';
import type { ServiceInventory } from '../service-inventory/service-inventory.js';
import { dependenciesOf } from './place-technical-order.js';
import { resourceIdFor } from './identities.js';
import { itemsOf, type StoredTechnicalOrder, type TechnicalOrderItem } from './technical-order.js';
import type { TechnicalOrders } from './technical-orders.js';

/** The party Ordo places decomposed orders as: their externalId is unique within it, so a repeated step finds its orders. */
export const DECOMPOSITION_PARTY = 'ordo';

export interface DecompositionDeps {
  orders: OrderStore;
  catalog: Catalog;
  serviceOrders: TechnicalOrders;
  resourceOrders: TechnicalOrders;
  resources: ResourceStore;
  products: ProductInventory;
  services: ServiceInventory;
}

/** TMF634 resource specification attributes Ordo reads (its extension): see bpmn/catalog/default-catalog.json. */
export interface OrdoResourceSpecification extends ResourceSpecification {
  /** The role under which a product order item reserves this resource (reserve-resource), if it does. */
  reservedAs?: string;
  /** How the network is told: a mobile subscriber (HLR/HSS) or a broadband line; absent: nothing to provision. */
  networkActivation?: 'subscriber' | 'line';
  resourceSpecRelationship?: { id: string; relationshipType?: string }[];
}

type Characteristic = { name: string; value: unknown; valueType?: string };

const specRef = (spec: { id: string; name?: string; href?: unknown }, referredType: string) => ({
  id: spec.id,
  ...(typeof spec.href === 'string' ? { href: spec.href } : {}),
  ...(spec.name ? { name: spec.name } : {}),
  '@referredType': referredType,
});

/**
 * The service orders a product order unit needs, created once however often this runs: for `add`,
 * one per customer-facing service its product specification names, with the product's
 * characteristics (and the numbers it reserved) carried where the service specification has them;
 * for `delete`, one per active service realising the product being disconnected.
 */
export async function createServiceOrdersForUnit(deps: DecompositionDeps, orderId: string, unitId: string): Promise<string[]> {
  const order = await deps.orders.findStored(orderId);
  if (!order) throw new Error(`order ${orderId} does not exist`);
  const { unit, item } = unitOf(order, unitId);
  const plans: { key: string; item: Record<string, unknown> }[] = [];
  if (unit.action === 'add') {
    const catalog = deps.catalog.store.atOneReading();
    const productSpec = await catalog.getProductSpecification(unit.productSpecificationId);
    const productDefaults = Object.fromEntries(
      ((productSpec?.['productSpecCharacteristic'] as { name: string; productSpecCharacteristicValue?: { value: unknown; isDefault?: boolean }[] }[] | undefined) ?? []).flatMap((c) => {
        const value = c.productSpecCharacteristicValue?.find((v) => v.isDefault)?.value;
        return value === undefined ? [] : [[c.name, value]];
      }),
    );
    for (const specId of unit.serviceSpecificationIds) {
      const spec = await catalog.getServiceSpecification(specId);
      if (!spec) throw new Error(`the catalog has no serviceSpecification ${specId} (product specification ${unit.productSpecificationId})`);
      const serviceCharacteristic = carriedCharacteristics(spec, item, productDefaults, heldResources(order, unitId));
      plans.push({ key: specId, item: { id: '1', action: 'add', service: { name: spec.name ?? spec.id, serviceSpecification: specRef(spec, 'ServiceSpecification'), serviceCharacteristic, state: 'active', '@type': 'Service' } } });
    }
  } else if (unit.action === 'delete') {
    for (const service of await servicesOfProduct(deps, item)) {
      plans.push({ key: service.id, item: { id: '1', action: 'delete', service: { id: service.id, href: service.href, name: service.name, serviceSpecification: service.serviceSpecification, state: 'terminated', '@type': 'Service' } } });
    }
  }
  const ids: string[] = [];
  const children: { id: string; href: string }[] = [];
  for (const plan of plans) {
    const { order: serviceOrder } = await deps.serviceOrders.place({
      body: {
        externalId: `${order.id}/${unitId}/${plan.key}`,
        category: 'decomposition',
        description: `${unit.action === 'delete' ? 'Terminate' : 'Provide'} ${String((plan.item['service'] as { name?: string }).name)} for item ${item.id} of product order ${order.id}`,
        orderRelationship: [{ id: order.id, href: order.href, relationshipType: 'parent', '@referredType': 'ProductOrder' }],
        ...(order.relatedParty ? { relatedParty: order.relatedParty } : {}),
        serviceOrderItem: [plan.item],
        '@type': 'ServiceOrder',
      },
      party: DECOMPOSITION_PARTY,
      parent: { resource: 'productOrder', id: order.id, itemId: item.id },
      root: { orderId: order.id, unitId },
      owner: order._ordo.party,
    });
    ids.push(serviceOrder.id);
    children.push(serviceOrder);
  }
  await linkChildren(deps.orders.collection, order.id, children, 'ServiceOrder');
  return ids;
}

/**
 * The parent names its children too (`orderRelationship`, type `child`), so the links read both
 * ways on the resources themselves. Adding a link already there changes nothing.
 */
async function linkChildren(parents: Collection<Document & { _id: string }>, parentId: string, children: { id: string; href: string }[], referredType: string): Promise<void> {
  if (children.length === 0) return;
  const links = children.map((c) => ({ id: c.id, href: c.href, relationshipType: 'child', '@referredType': referredType }));
  await parents.updateOne({ _id: parentId }, { $addToSet: { orderRelationship: { $each: links } }, $inc: { '_ordo.revision': 1 } } as Document);
}

/**
 * A service specification characteristic takes the product's value of the same name (as ordered, else
 * the product specification's default), else a number the unit holds under that name, else its own default.
 */
function carriedCharacteristics(spec: ServiceSpecification, item: ProductOrderItem, productDefaults: Record<string, unknown>, held: HeldByOrder[]): Characteristic[] {
  const specified = (spec['specCharacteristic'] as { name: string; valueType?: string; characteristicValueSpecification?: { value: unknown; isDefault?: boolean }[] }[] | undefined) ?? [];
  const heldByName: Record<string, HeldByOrder | undefined> = { MSISDN: held.find((h) => h.role === 'msisdn'), ICCID: held.find((h) => h.role === 'sim') };
  return specified.flatMap((c) => {
    const value = itemCharacteristic(item, c.name) ?? productDefaults[c.name] ?? heldByName[c.name]?.number ?? c.characteristicValueSpecification?.find((v) => v.isDefault)?.value;
    return value === undefined ? [] : [{ name: c.name, value, ...(c.valueType ? { valueType: c.valueType } : {}) }];
  });
}

async function servicesOfProduct(deps: DecompositionDeps, item: ProductOrderItem) {
  const productId = (item['product'] as { id?: unknown } | undefined)?.id;
  if (typeof productId !== 'string') return [];
  const product = await deps.products.findStored(productId);
  const services = [];
  for (const ref of product?.realizingService ?? []) {
    const service = await deps.services.findStored(ref.id);
    if (service && service.state !== 'terminated') services.push(service);
  }
  return services;
}

/**
 * The resource order a service order needs (one, with an item per resource), created once: for
 * `add`, the resources each service specification names, the numbers the product order reserved
 * for them, and the catalog's dependencies as item relationships (the SIM before the number);
 * for `delete`, the resources supporting the service, dependencies reversed. Empty when there is
 * nothing to do on resources.
 */
export async function createResourceOrdersForServiceOrder(deps: DecompositionDeps, serviceOrderId: string): Promise<string[]> {
  const serviceOrder = await deps.serviceOrders.store.findStored(serviceOrderId);
  if (!serviceOrder) throw new Error(`service order ${serviceOrderId} does not exist`);
  const root = serviceOrder._ordo.root;
  const rootOrder = root ? await deps.orders.findStored(root.orderId) : null;
  const held = rootOrder && root ? heldResources(rootOrder, root.unitId) : [];
  const items: Record<string, unknown>[] = [];
  for (const serviceItem of itemsOf(serviceOrder, 'serviceOrderItem')) {
    const service = (serviceItem['service'] ?? {}) as { id?: string; serviceSpecification?: EntityRef; serviceCharacteristic?: Characteristic[] };
    if (serviceItem.action === 'add' && service.serviceSpecification) items.push(...(await resourcesToAdd(deps, serviceOrder, serviceItem, service, held)));
    if (serviceItem.action === 'delete' && service.id) items.push(...(await resourcesToRemove(deps, serviceItem, service.id)));
  }
  if (items.length === 0) return [];
  const { order } = await deps.resourceOrders.place({
    body: {
      externalId: serviceOrder.id,
      name: `Resources for service order ${serviceOrder.id}`,
      category: 'decomposition',
      orderType: items.every((i) => i['action'] === 'delete') ? 'terminate' : 'provide',
      externalReference: [{ id: serviceOrder.id, entityType: 'ServiceOrder', owner: 'Ordo' }],
      ...(serviceOrder['relatedParty'] ? { relatedParty: serviceOrder['relatedParty'] } : {}),
      orderItem: items,
      '@type': 'ResourceOrder',
    },
    party: DECOMPOSITION_PARTY,
    parent: { resource: 'serviceOrder', id: serviceOrder.id },
    owner: serviceOrder._ordo.party,
    ...(root ? { root } : {}),
  });
  await linkChildren(deps.serviceOrders.store.collection, serviceOrder.id, [order], 'ResourceOrder');
  return [order.id];
}

async function resourcesToAdd(deps: DecompositionDeps, serviceOrder: StoredTechnicalOrder, serviceItem: TechnicalOrderItem, service: { serviceSpecification?: EntityRef; serviceCharacteristic?: Characteristic[] }, held: HeldByOrder[]): Promise<Record<string, unknown>[]> {
  const catalog = deps.catalog.store.atOneReading();
  const spec = await catalog.getServiceSpecification(service.serviceSpecification!.id);
  if (!spec) throw new Error(`the catalog has no serviceSpecification ${service.serviceSpecification!.id}`);
  const specs: OrdoResourceSpecification[] = [];
  for (const ref of spec.resourceSpecification ?? []) {
    const resourceSpec = (await catalog.getResourceSpecification(ref.id)) as OrdoResourceSpecification | null;
    if (!resourceSpec) throw new Error(`the catalog has no resourceSpecification ${ref.id} (service specification ${spec.id})`);
    specs.push(resourceSpec);
  }
  const itemIdOf = (specId: string) => `${serviceItem.id}-${specId}`;
  return specs.map((resourceSpec) => {
    const reserved = resourceSpec.reservedAs ? held.find((h) => h.role === resourceSpec.reservedAs) : undefined;
    const resourceId = reserved?.resourceId ?? resourceIdFor(serviceOrder.id, serviceItem.id, resourceSpec.id);
    const dependsOn = (resourceSpec.resourceSpecRelationship ?? []).filter((r) => (r.relationshipType ?? '').toLowerCase() === 'dependency' && specs.some((s) => s.id === r.id));
    return {
      id: itemIdOf(resourceSpec.id),
      action: 'add',
      resourceSpecification: specRef(resourceSpec, 'ResourceSpecification'),
      resource: {
        id: resourceId,
        href: deps.resources.href(resourceId),
        ...(reserved ? { name: reserved.number } : {}),
        resourceSpecification: specRef(resourceSpec, 'ResourceSpecification'),
        resourceCharacteristic: service.serviceCharacteristic ?? [],
        '@referredType': 'Resource',
      },
      ...(dependsOn.length > 0 ? { orderItemRelationship: dependsOn.map((r) => ({ relationshipType: 'dependency', orderItem: { itemId: itemIdOf(r.id) } })) } : {}),
    };
  });
}

/** The resources supporting a service, as the resource order that provided them described them; dependencies reversed. */
async function resourcesToRemove(deps: DecompositionDeps, serviceItem: TechnicalOrderItem, serviceId: string): Promise<Record<string, unknown>[]> {
  const service = await deps.services.findStored(serviceId);
  const provided: Record<string, unknown>[] = [];
  for (const ref of service?.supportingResource ?? []) {
    const providing = await deps.resourceOrders.store.findStoredBy({ 'orderItem.resource.id': ref.id, 'orderItem.action': 'add', state: 'completed' });
    const item = providing ? itemsOf(providing, 'orderItem').find((i) => (i['resource'] as { id?: string } | undefined)?.id === ref.id) : undefined;
    if (item) provided.push(item);
  }
  const itemIdOf = (item: Record<string, unknown>) => `${serviceItem.id}-${String((item['resourceSpecification'] as { id: string }).id)}`;
  return provided.map((item) => {
    // What depended on this one at set-up goes first at tear-down (the number before its SIM).
    const dependents = provided.filter((other) => dependenciesOf(other, 'orderItemRelationship').includes(String(item['id'])));
    return {
      id: itemIdOf(item),
      action: 'delete',
      resourceSpecification: item['resourceSpecification'],
      resource: item['resource'],
      ...(dependents.length > 0 ? { orderItemRelationship: dependents.map((d) => ({ relationshipType: 'dependency', orderItem: { itemId: itemIdOf(d) } })) } : {}),
    };
  });
}
