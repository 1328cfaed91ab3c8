import { TmfSchemas } from '../tmf/schema-validator.js';

/** TMF632 Party Management v4: individuals and organizations. */
export const tmf632 = new TmfSchemas('tmf632', 'TMF632-Party-v4.0.0.swagger.json');
export const TMF632_BASE_PATH = '/tmf-api/party/v4';
export const TMF632_API = 'party';

/** TMF629 Customer Management v4. */
export const tmf629 = new TmfSchemas('tmf629', 'TMF629-Customer-v4.0.0.swagger.json');
export const TMF629_BASE_PATH = '/tmf-api/customerManagement/v4';
export const TMF629_API = 'customerManagement';

/** TMF666 Account Management v4: billing and party accounts. */
export const tmf666 = new TmfSchemas('tmf666', 'TMF666-Account-v4.0.0.swagger.json');
export const TMF666_BASE_PATH = '/tmf-api/accountManagement/v4';
export const TMF666_API = 'accountManagement';

/** The customers capability's event resources, with the API whose hub listeners hear them. */
export const CUSTOMER_EVENTS = { individual: TMF632_API, organization: TMF632_API, customer: TMF629_API, billingAccount: TMF666_API, partyAccount: TMF666_API } as const;
