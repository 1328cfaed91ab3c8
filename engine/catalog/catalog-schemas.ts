import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF620 Product Catalog v4, from the vendored official swagger file. */
export const tmf620 = new TmfSchemas('tmf620', 'TMF620-ProductCatalog-v4.0.0.swagger.json');
/** TMF633 Service Catalog v4. */
export const tmf633 = new TmfSchemas('tmf633', 'TMF633-ServiceCatalog-v4.0.0.swagger.json');
/** TMF634 Resource Catalog v4. */
export const tmf634 = new TmfSchemas('tmf634', 'TMF634-ResourceCatalog-v4.0.0.swagger.json');

export const TMF620_BASE_PATH = '/tmf-api/productCatalogManagement/v4';
