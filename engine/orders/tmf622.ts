import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF622 Product Ordering v4, from the vendored official swagger file. */
export const tmf622 = new TmfSchemas('tmf622', 'TMF622-ProductOrder-v4.0.0.swagger.json');

export const TMF622_BASE_PATH = '/tmf-api/productOrderingManagement/v4';
/** The name hub listeners of this API are registered under. */
export const TMF622_API = 'productOrderingManagement';
/** The product order's events (the capability's outbox resource) and the API that carries them. */
export const PRODUCT_ORDER_EVENTS = { productOrder: TMF622_API } as const;
/** Cancellation requests are TMF622 resources of their own. */
export const CANCEL_PRODUCT_ORDER_EVENTS = { cancelProductOrder: TMF622_API } as const;
