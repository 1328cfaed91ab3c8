import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF676 Payment Management v4, from the vendored official swagger file. */
export const tmf676 = new TmfSchemas('tmf676', 'TMF676-Payment-v4.0.0.swagger.json');

export const TMF676_BASE_PATH = '/tmf-api/paymentManagement/v4';
/** The name hub listeners of this API are registered under. */
export const TMF676_API = 'paymentManagement';
/** The payments capability's events (its outbox resources) and the API that carries them. */
export const PAYMENT_EVENTS = { payment: TMF676_API, refund: TMF676_API } as const;
