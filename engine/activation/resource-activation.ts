import type { ActivationGateway } from './activation-gateway.js';
import type { Catalog } from '../catalog/catalog-service.js';
import type { ResourceStore } from '../inventory/resource-store.js';
import type { OrderStore } from '../orders/order-store.js';
import { unitOf } from '../orders/order-resources.js';
import type { OrdoResourceSpecification } from '../technical-orders/decompose.js';
import { dependenciesOf } from '../technical-orders/place-technical-order.js';
import { recordItemResult, resultOf } from '../technical-orders/change-technical-order-state.js';
import type { TechnicalOrders } from '../technical-orders/technical-orders.js';
import { itemsOf, type ItemResult, type StoredTechnicalOrder, type TechnicalOrderItem } from '../technical-orders/technical-order.js';

/** Services provisioned with a subscriber when the product names none. */
const DEFAULT_SERVICES = ['voice', 'data'];

export interface ResourceActivationDeps {
  resourceOrders: TechnicalOrders;
  orders: OrderStore;
  catalog: Catalog;
  resources: ResourceStore;
  activation: ActivationGateway | undefined;
}

/** A resource order item the network cannot take as it is (not worth retrying). */
export class ResourceItemInvalidError extends Error {}

type Characteristic = { name: string; value: unknown };

interface ItemContext {
  order: StoredTechnicalOrder;
  item: TechnicalOrderItem;
  resource: { id: string; name?: string; resourceCharacteristic?: Characteristic[] };
  spec: OrdoResourceSpecification | null;
}

async function storedResourceOrder(deps: ResourceActivationDeps, resourceOrderId: string): Promise<StoredTechnicalOrder> {
  const order = await deps.resourceOrders.store.findStored(resourceOrderId);
  if (!order) throw new Error(`resource order ${resourceOrderId} does not exist`);
  return order;
}

async function contextOf(deps: ResourceActivationDeps, order: StoredTechnicalOrder, itemId: string): Promise<ItemContext> {
  const item = itemsOf(order, 'orderItem').find((i) => i.id === itemId);
  if (!item) throw new Error(`resource order ${order.id} has no item ${itemId}`);
  const resource = (item['resource'] ?? {}) as ItemContext['resource'];
  const specId = deps.resourceOrders.kind.specificationOf(item)!;
  return { order, item, resource, spec: (await deps.catalog.store.getResourceSpecification(specId)) as OrdoResourceSpecification | null };
}

const characteristic = (resource: ItemContext['resource'], name: string): string | undefined => {
  const value = resource.resourceCharacteristic?.find((c) => c.name === name)?.value;
  return value === undefined || value === null ? undefined : String(value);
};

/** The number a resource stands for: the TMF639 record's (a pooled MSISDN or SIM), else the name the order gave it. */
async function numberOf(deps: ResourceActivationDeps, resource: ItemContext['resource']): Promise<string | undefined> {
  const stored = (await deps.resources.findById(resource.id)) as { value?: string; serialNumber?: string } | null;
  return stored?.value ?? stored?.serialNumber ?? resource.name;
}

/**
 * Carries out one resource order item on the network, as its catalog specification says
 * (`networkActivation`): a mobile subscriber (the number with the SIM of the item it depends on) or
 * a broadband line; `delete` switches it off. Idempotent per order and item. Records what it did,
 * so a failure or cancellation later can undo it.
 */
export async function carryOutResourceItem(deps: ResourceActivationDeps, resourceOrderId: string, itemId: string, signal?: AbortSignal): Promise<Omit<ItemResult, 'at'>> {
  const ctx = await contextOf(deps, await storedResourceOrder(deps, resourceOrderId), itemId);
  const mode = ctx.spec?.networkActivation;
  const key = `${resourceOrderId}:${itemId}:${ctx.item.action}`;
  let result: Omit<ItemResult, 'at'> = { itemId, resourceId: ctx.resource.id, activated: false };
  if (mode && (ctx.item.action === 'add' || ctx.item.action === 'delete')) {
    if (!deps.activation) throw new Error('no activation gateway is configured (ORDO_ACTIVATION_URL)');
    if (ctx.item.action === 'delete') {
      await switchOff(deps.activation, mode, await identityOf(deps, ctx, mode), key, signal);
    } else if (mode === 'subscriber') {
      const msisdn = await numberOf(deps, ctx.resource);
      const sim = itemsOf(ctx.order, 'orderItem').find((i) => dependenciesOf(ctx.item, 'orderItemRelationship').includes(i.id));
      const iccid = sim ? await numberOf(deps, (sim['resource'] ?? {}) as ItemContext['resource']) : undefined;
      if (!msisdn || !iccid) throw new ResourceItemInvalidError(`item ${itemId} needs a number and the SIM of an item it depends on (msisdn ${msisdn ?? 'missing'}, iccid ${iccid ?? 'missing'})`);
      const record = await deps.activation.activateSubscriber(msisdn, { iccid, services: await servicesOf(deps, ctx.order), orderRef: `${ctx.order._ordo.root?.orderId ?? resourceOrderId}/${itemId}` }, key, signal);
      result = { itemId, resourceId: ctx.resource.id, activated: true, characteristics: { MSISDN: msisdn, ICCID: iccid, IMSI: record.imsi } };
    } else {
      const installationAddress = characteristic(ctx.resource, 'installationAddress');
      if (!installationAddress) throw new ResourceItemInvalidError(`item ${itemId}: a line needs the characteristic installationAddress`);
      const bandwidthMbps = Number(characteristic(ctx.resource, 'downloadSpeed') ?? 0);
      if (!Number.isInteger(bandwidthMbps) || bandwidthMbps <= 0) throw new ResourceItemInvalidError(`item ${itemId}: a line needs a positive integer downloadSpeed (Mbps)`);
      const line = await deps.activation.activateLine(ctx.resource.id, { accessType: 'fibre', bandwidthMbps, installationAddress, orderRef: `${ctx.order._ordo.root?.orderId ?? resourceOrderId}/${itemId}` }, key, signal);
      result = { itemId, resourceId: ctx.resource.id, activated: true, characteristics: { lineId: line.lineId } };
    }
  }
  await recordItemResult(deps.resourceOrders.store, resourceOrderId, result);
  return result;
}

/** Switches off, last first, what this resource order switched on: after a failure or a cancellation. Repeating it is harmless. */
export async function undoResourceOrder(deps: ResourceActivationDeps, resourceOrderId: string, signal?: AbortSignal): Promise<string[]> {
  const order = await storedResourceOrder(deps, resourceOrderId);
  const undone: string[] = [];
  for (const itemId of [...order._ordo.itemSequence].reverse()) {
    const done = resultOf(order._ordo, itemId);
    if (!done?.activated) continue;
    const ctx = await contextOf(deps, order, itemId);
    const mode = ctx.spec?.networkActivation;
    if (!mode || !deps.activation) continue;
    await switchOff(deps.activation, mode, await identityOf(deps, ctx, mode), `${resourceOrderId}:${itemId}:undo`, signal);
    await recordItemResult(deps.resourceOrders.store, resourceOrderId, { ...done, activated: false });
    undone.push(itemId);
  }
  return undone;
}

async function identityOf(deps: ResourceActivationDeps, ctx: ItemContext, mode: 'subscriber' | 'line'): Promise<string> {
  if (mode === 'line') return ctx.resource.id;
  const msisdn = await numberOf(deps, ctx.resource);
  if (!msisdn) throw new ResourceItemInvalidError(`item ${ctx.item.id} names no number to switch off`);
  return msisdn;
}

async function switchOff(activation: ActivationGateway, mode: 'subscriber' | 'line', id: string, key: string, signal?: AbortSignal): Promise<void> {
  try {
    if (mode === 'subscriber') await activation.deactivateSubscriber(id, key, signal);
    else await activation.deactivateLine(id, key, signal);
  } catch (err) {
    // The network never had it: nothing to switch off.
    if ((err as { status?: number; code?: string }).status === 404) return;
    throw err;
  }
}

async function servicesOf(deps: ResourceActivationDeps, order: StoredTechnicalOrder): Promise<string[]> {
  const root = order._ordo.root;
  const productOrder = root ? await deps.orders.findStored(root.orderId) : null;
  if (!productOrder || !root) return DEFAULT_SERVICES;
  const { unit } = unitOf(productOrder, root.unitId);
  return unit.serviceSpecificationIds.length > 0 ? unit.serviceSpecificationIds : DEFAULT_SERVICES;
}
