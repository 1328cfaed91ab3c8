import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF638 Service Inventory v4, from the vendored official swagger file. */
export const tmf638 = new TmfSchemas('tmf638', 'TMF638-ServiceInventory-v4.0.0.swagger.json');

export const TMF638_BASE_PATH = '/tmf-api/serviceInventory/v4';
/** The name hub listeners of this API are registered under. */
export const TMF638_API = 'serviceInventory';
/** The service inventory's events (its outbox resource) and the API that carries them. */
export const SERVICE_EVENTS = { service: TMF638_API } as const;
