import type { ListSpec } from '../tmf/list-query.js';

/** What a cancelProductOrder list may filter and sort on; each is indexed. */
export const cancelListSpec: ListSpec = {
  filterable: {
    id: 'string',
    state: 'string',
    'productOrder.id': 'string',
    requestedCancellationDate: 'date',
    effectiveCancellationDate: 'date',
  },
  sortable: ['requestedCancellationDate', 'effectiveCancellationDate', 'state'],
  defaultSort: '-requestedCancellationDate',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href'],
};
