import { technicalOrderWorkers } from '../../workers/index.js';
import type { ActivationGateway } from '../activation/activation-gateway.js';
import type { Capability } from '../capability.js';
import type { Catalog } from '../catalog/catalog-service.js';
import { hubRoutes } from '../events/hub-routes.js';
import type { ResourceStore } from '../inventory/resource-store.js';
import type { OrderStore } from '../orders/order-store.js';
import { productListSpec, type ProductInventory } from '../product-inventory/product-inventory.js';
import { PRODUCT_EVENTS, TMF637_API, TMF637_BASE_PATH, tmf637 } from '../product-inventory/tmf637.js';
import { serviceListSpec, type ServiceInventory } from '../service-inventory/service-inventory.js';
import { SERVICE_EVENTS, TMF638_API, TMF638_BASE_PATH, tmf638 } from '../service-inventory/tmf638.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import { readOnlyRoutes } from '../tmf/read-routes.js';
import { technicalOrderEvents } from './order-kinds.js';
import type { TechnicalOrders } from './technical-orders.js';

export interface DecompositionSettings {
  orders: OrderStore;
  catalog: Catalog;
  resources: ResourceStore;
  serviceOrders: TechnicalOrders;
  resourceOrders: TechnicalOrders;
  products: ProductInventory;
  services: ServiceInventory;
  activation: ActivationGateway | undefined;
  publicUrl: () => string;
}

/**
 * Decomposition: TMF641 service orders and TMF652 resource orders with their processes, network
 * activation, and what they leave in the TMF637 product and TMF638 service inventories.
 */
export function decompositionModule(deps: DecompositionSettings): Capability {
  const { serviceOrders, resourceOrders, publicUrl } = deps;
  return {
    name: 'decomposition',
    mount(app, hub) {
      for (const t of [serviceOrders, resourceOrders]) app.use(t.kind.basePath, t.routes(hub, publicUrl));
      const inventories = [
        { base: TMF637_BASE_PATH, file: 'TMF637-ProductInventory-v4.0.0.swagger.json', api: TMF637_API, schemas: tmf637, resource: 'product', typeName: 'Product', store: deps.products.store, spec: productListSpec },
        { base: TMF638_BASE_PATH, file: 'TMF638-ServiceInventory-v4.0.0.swagger.json', api: TMF638_API, schemas: tmf638, resource: 'service', typeName: 'Service', store: deps.services.store, spec: serviceListSpec },
      ];
      for (const { base, file, api, schemas, ...read } of inventories) {
        app.use(base, apiDocsRoutes(file, base, publicUrl()));
        app.use(base, hubRoutes(hub, api, schemas, () => `${publicUrl()}${base}`));
        app.use(base, readOnlyRoutes([read]));
      }
    },
    events: { ...technicalOrderEvents(serviceOrders.kind), ...technicalOrderEvents(resourceOrders.kind), ...PRODUCT_EVENTS, ...SERVICE_EVENTS },
    workers: technicalOrderWorkers(deps),
    onceDeployed: [serviceOrders, resourceOrders],
  };
}
