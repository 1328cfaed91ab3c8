import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF663 Shopping Cart v4, from the vendored official swagger file. */
export const tmf663 = new TmfSchemas('tmf663', 'TMF663-ShoppingCart-v4.0.0.swagger.json');

export const TMF663_BASE_PATH = '/tmf-api/shoppingCart/v4';
/** The name hub listeners of this API are registered under. */
export const TMF663_API = 'shoppingCart';
/** The carts capability's events (its outbox resource) and the API that carries them. */
export const SHOPPING_CART_EVENTS = { shoppingCart: TMF663_API } as const;
