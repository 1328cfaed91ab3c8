import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF622 Product Ordering v4, from the vendored official swagger file. */
export const tmf622 = new TmfSchemas('tmf622', 'TMF622-ProductOrder-v4.0.0.swagger.json');

export const TMF622_BASE_PATH = '/tmf-api/productOrderingManagement/v4';
/** The name hub listeners of this API are registered under. */
export const TMF622_API = 'productOrderingManagement';
