import { undoResourceOrder, type ResourceActivationDeps } from '../activation/resource-activation.js';
import type { ServiceInventory } from '../service-inventory/service-inventory.js';
import type { TechnicalOrders } from './technical-orders.js';

export interface WithdrawDeps extends ResourceActivationDeps {
  serviceOrders: TechnicalOrders;
  services: ServiceInventory;
}

/**
 * When a product order item fails after some of its service orders completed, what they set up
 * is taken back: their resource orders' network activations are switched off and their services
 * terminated in the inventory, so nothing remains for an item the customer does not get.
 * Returns the services terminated; repeating it changes nothing.
 */
export async function withdrawUnitServices(deps: WithdrawDeps, orderId: string, unitId: string, signal?: AbortSignal): Promise<string[]> {
  const completed = (await deps.serviceOrders.store.ofProductOrder(orderId, unitId)).filter((so) => so.state === 'completed');
  const terminated: string[] = [];
  for (const serviceOrder of completed) {
    for (const resourceOrder of await deps.resourceOrders.store.childrenOf(serviceOrder.id)) await undoResourceOrder(deps, resourceOrder.id, signal);
    for (const result of serviceOrder._ordo.results ?? []) {
      if (!result.serviceId) continue;
      await deps.services.terminate(result.serviceId, `withdrawn: item ${unitId} of product order ${orderId} failed`);
      terminated.push(result.serviceId);
    }
  }
  return terminated;
}
