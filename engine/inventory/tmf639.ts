import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF639 Resource Inventory v4, from the vendored official swagger file. */
export const tmf639 = new TmfSchemas('tmf639', 'TMF639-ResourceInventory-v4.0.0.swagger.json');

export const TMF639_BASE_PATH = '/tmf-api/resourceInventoryManagement/v4';
/** The name hub listeners of this API are registered under. */
export const TMF639_API = 'resourceInventoryManagement';
/** The inventory's events (its outbox resource) and the API that carries them. */
export const RESOURCE_EVENTS = { resource: TMF639_API } as const;
