import { undoResourceOrder, type ResourceActivationDeps } from '../activation/resource-activation.js';
import type { ProductInventory } from '../product-inventory/product-inventory.js';
import type { ServiceInventory } from '../service-inventory/service-inventory.js';
import type { TechnicalOrders } from './technical-orders.js';

export interface WithdrawDeps extends ResourceActivationDeps {
  serviceOrders: TechnicalOrders;
  services: ServiceInventory;
  products: ProductInventory;
}

/**
 * Takes back what a product order (or one of its units) had set up when it fails or is cancelled
 * after some of its service orders completed: their resource orders' network activations are
 * switched off, their services terminated, and a product already recorded for it terminated, so
 * nothing remains of what the customer does not get. Returns the services terminated; repeating
 * it changes nothing.
 */
export async function withdrawProvided(deps: WithdrawDeps, orderId: string, unitId: string | undefined, why: string, signal?: AbortSignal): Promise<string[]> {
  const completed = (await deps.serviceOrders.store.ofProductOrder(orderId, unitId)).filter((so) => so.state === 'completed');
  const terminated: string[] = [];
  for (const serviceOrder of completed) {
    for (const resourceOrder of await deps.resourceOrders.store.childrenOf(serviceOrder.id)) await undoResourceOrder(deps, resourceOrder.id, signal);
    for (const result of serviceOrder._ordo.results ?? []) {
      if (!result.serviceId) continue;
      await deps.services.terminate(result.serviceId, why);
      terminated.push(result.serviceId);
    }
  }
  const products = await deps.products.collection.find({ '_ordo.orderId': orderId, ...(unitId !== undefined ? { '_ordo.unitId': unitId } : {}) }).toArray();
  for (const product of products) await deps.products.terminate(product._id, why);
  return terminated;
}
