import { CPQ_CHANNEL, type CpqOrder } from '../../engine/cpq/cpq-system.js';
import type { SalesforceOrder } from './salesforce-api.js';

/**
 * How a Salesforce CPQ order becomes a TMF622 ProductOrder_Create on the CPQ channel. This is the
 * module an integrator reads and changes for their org: field names, which custom fields become
 * characteristics.
 *
 * - Order `Id` is the TMF `externalId` (and the Idempotency-Key: a resubmission gets the same order).
 * - `AccountId` (with `Account.Name`) is the customer; without one the order waits for it (pending).
 * - Each OrderItem is an item: `Id` stays its id (so notifications name Salesforce's item),
 *   `Product2.ProductCode` is the product offering, `Action__c` (Add, Modify, Delete; default Add)
 *   the action, and every other custom field `Name__c` a product characteristic `Name`.
 * - `UnitPrice` becomes a recurring item price in `CurrencyIsoCode`: CPQ orders are billed, not paid
 *   at checkout, so nothing is collected for them.
 */
export const cpqOrderFromSalesforce = (order: SalesforceOrder): CpqOrder => ({ cpqOrderId: order.Id, productOrder: productOrderFromSalesforce(order) });

const itemFieldsNotCharacteristics = new Set(['Action__c']);

const characteristicsOf = (fields: Record<string, unknown>, skip: Set<string>) =>
  Object.entries(fields)
    .filter(([name, value]) => name.endsWith('__c') && !skip.has(name) && value !== null && value !== undefined)
    .map(([name, value]) => ({ name: name.slice(0, -'__c'.length), value }));

function productOrderFromSalesforce(order: SalesforceOrder): Record<string, unknown> {
  const currency = order.CurrencyIsoCode ?? 'EUR';
  return {
    externalId: order.Id,
    description: order.Description ?? `Salesforce order ${order.OrderNumber}`,
    ...(order.EffectiveDate ? { requestedStartDate: new Date(order.EffectiveDate).toISOString() } : {}),
    channel: [CPQ_CHANNEL],
    ...(order.AccountId ? { relatedParty: [{ id: order.AccountId, ...(order.Account?.Name ? { name: order.Account.Name } : {}), role: 'Customer', '@referredType': 'Organization' }] } : {}),
    productOrderItem: order.OrderItems.map((item) => {
      const characteristics = characteristicsOf(item as unknown as Record<string, unknown>, itemFieldsNotCharacteristics);
      return {
        id: item.Id,
        action: (item.Action__c ?? 'Add').toLowerCase(),
        quantity: item.Quantity,
        productOffering: { id: item.Product2.ProductCode, ...(item.Product2.Name ? { name: item.Product2.Name } : {}) },
        ...(characteristics.length ? { product: { productCharacteristic: characteristics } } : {}),
        ...(item.UnitPrice !== undefined ? { itemPrice: [{ priceType: 'recurring', price: { taxIncludedAmount: { unit: currency, value: item.UnitPrice } } }] } : {}),
      };
    }),
  };
}

