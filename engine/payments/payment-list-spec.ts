import type { ListSpec } from '../tmf/list-query.js';

/** What a TMF676 list may filter and sort on; each store indexes these. */
const recordListSpec = (filterable: ListSpec['filterable'], dateAttribute: string): ListSpec => ({
  filterable: {
    id: 'string',
    status: 'string',
    statusDate: 'date',
    correlatorId: 'string',
    'account.id': 'string',
    'paymentMethod.@type': 'string',
    'totalAmount.unit': 'string',
    [dateAttribute]: 'date',
    ...filterable,
  },
  sortable: ['statusDate', dateAttribute, 'status'],
  defaultSort: '-statusDate',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href', '@type'],
});

export const paymentListSpec = recordListSpec({ 'paymentItem.item.id': 'string' }, 'paymentDate');
export const refundListSpec = recordListSpec({ 'payment.id': 'string' }, 'refundDate');
