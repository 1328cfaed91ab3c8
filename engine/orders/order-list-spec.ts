import type { ListSpec } from '../tmf/list-query.js';

/** What every TMF order (product, service, resource order) may be filtered on and sorted by. */
export const orderAttributes = {
  filterable: {
    id: 'string',
    externalId: 'string',
    state: 'string',
    category: 'string',
    priority: 'string',
    '@type': 'string',
    orderDate: 'date',
    completionDate: 'date',
    requestedStartDate: 'date',
    requestedCompletionDate: 'date',
  },
  sortable: ['orderDate', 'completionDate', 'requestedStartDate', 'requestedCompletionDate', 'state', 'externalId', 'priority'],
} satisfies Pick<ListSpec, 'filterable' | 'sortable'>;

/** What a TMF622 productOrder list may filter and sort on; OrderStore indexes each of these. */
export const productOrderListSpec: ListSpec = {
  filterable: {
    ...orderAttributes.filterable,
    expectedCompletionDate: 'date',
    'productOrderItem.id': 'string',
    'productOrderItem.state': 'string',
    'productOrderItem.action': 'string',
    'productOrderItem.productOffering.id': 'string',
    'productOrderItem.product.id': 'string',
    'relatedParty.id': 'string',
    'relatedParty.role': 'string',
    'channel.id': 'string',
    'billingAccount.id': 'string',
  },
  sortable: orderAttributes.sortable,
  defaultSort: '-orderDate',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href'],
};
