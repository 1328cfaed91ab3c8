import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF637 Product Inventory v4, from the vendored official swagger file. */
export const tmf637 = new TmfSchemas('tmf637', 'TMF637-ProductInventory-v4.0.0.swagger.json');

export const TMF637_BASE_PATH = '/tmf-api/productInventory/v4';
/** The name hub listeners of this API are registered under. */
export const TMF637_API = 'productInventory';
/** The product inventory's events (its outbox resource) and the API that carries them. */
export const PRODUCT_EVENTS = { product: TMF637_API } as const;
