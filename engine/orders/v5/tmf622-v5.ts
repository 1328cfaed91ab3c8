import { TmfSchemas } from '../../tmf/schema-validator.js';

/** TMF622 Product Ordering v5, from the vendored official OpenAPI 3 file. */
export const tmf622v5 = new TmfSchemas('tmf622v5', 'TMF622-ProductOrdering-v5.0.0.oas.yaml');

export const TMF622_V5_BASE_PATH = '/tmf-api/productOrderingManagement/v5';
/** Hub listeners registered through v5 get events in this format. */
export const TMF622_V5_FORMAT = 'tmf622-v5';
