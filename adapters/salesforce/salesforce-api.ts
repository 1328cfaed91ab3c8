import { ORDER_UPDATE_TYPES, type OrderUpdateType } from '../../engine/cpq/cpq-system.js';

/**
 * The wire format between Ordo and Salesforce CPQ, shared by the client, the simulator and the inbound routes.
 *
 * Ordo → Salesforce:
 * - `POST /services/oauth2/token` on the login URL, form-urlencoded `grant_type=client_credentials&client_id=…&client_secret=…`
 *   → 200 TokenResponse (no expiry is given: a token lives as long as the org's session timeout), or 400 OAuthErrorBody
 *   (`invalid_client` for wrong credentials).
 * - `POST <instance_url>/services/data/v60.0/sobjects/Ordo_Order_Notification__e/`, `Authorization: Bearer <access_token>`,
 *   JSON OrderNotification (a Platform Event) → 201 CreateResult; errors answer SalesforceErrorBody, an expired or
 *   unknown token 401 `INVALID_SESSION_ID`.
 *
 * Salesforce → Ordo (`Authorization: Bearer <inbound token>`):
 * - `POST /salesforce/v1/orders`, JSON SalesforceOrder → SubmitOrderAnswer.
 * - `POST /salesforce/v1/orders/:salesforceOrderId/freeze` and `/unfreeze`, body `{}`.
 */

export const API_VERSION = 'v60.0';
export const TOKEN_PATH = '/services/oauth2/token';
export const NOTIFICATION_EVENT = 'Ordo_Order_Notification__e';
export const NOTIFICATION_PATH = `/services/data/${API_VERSION}/sobjects/${NOTIFICATION_EVENT}/`;
export const ORDO_ORDERS_PATH = '/salesforce/v1/orders';

export interface TokenResponse {
  access_token: string;
  /** The org's own URL: every API call after the token goes there. */
  instance_url: string;
  token_type: 'Bearer';
  /** Epoch milliseconds, as a string. */
  issued_at: string;
  scope?: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** The values of the `Notification_Type__c` picklist: Ordo's order update types, by the same names. */
export const NOTIFICATION_TYPES = ORDER_UPDATE_TYPES;
export type NotificationType = OrderUpdateType;

/** One `Ordo_Order_Notification__e` Platform Event. Text fields hold up to 255 characters, Details__c up to 131,072. */
export interface OrderNotification {
  /** Unique per notification: Salesforce's subscriber ignores one it has seen, so a resent notification is one. */
  Notification_Id__c: string;
  Notification_Type__c: NotificationType;
  Salesforce_Order_Id__c: string;
  /** For item notifications: the OrderItem's Id. */
  Order_Item_Id__c?: string;
  Ordo_Order_Id__c: string;
  Status_Reason__c?: string;
  /** ISO 8601. */
  Occurred_At__c: string;
  /** JSON text. */
  Details__c?: string;
}

export interface CreateResult {
  id: string;
  success: true;
  errors: [];
}

export interface SalesforceError {
  message: string;
  errorCode: string;
  fields?: string[];
}
export type SalesforceErrorBody = SalesforceError[];

export interface SalesforceOrderItem {
  Id: string;
  Product2: { ProductCode: string; Name?: string };
  Quantity: number;
  UnitPrice?: number;
  /** Default Add. */
  Action__c?: 'Add' | 'Modify' | 'Delete';
  [customField: `${string}__c`]: unknown;
}

/** A CPQ Order as Salesforce's integration layer sends it: standard fields, its items, and the org's custom fields. */
export interface SalesforceOrder {
  /** 18 characters. */
  Id: string;
  OrderNumber: string;
  AccountId?: string;
  Account?: { Name?: string };
  /** YYYY-MM-DD. */
  EffectiveDate?: string;
  Description?: string;
  CurrencyIsoCode?: string;
  OrderItems: SalesforceOrderItem[];
  [customField: `${string}__c`]: unknown;
}

export interface SubmitOrderAnswer {
  status: 'Accepted' | 'ProvisionallyAccepted' | 'Rejected';
  ordoOrderId?: string;
  reasons: string[];
}
