import type { ListSpec } from '../tmf/list-query.js';

/** What a TMF639 resource list may filter and sort on; ResourceStore indexes each of these. */
export const resourceListSpec: ListSpec = {
  filterable: {
    id: 'string',
    name: 'string',
    value: 'string',
    serialNumber: 'string',
    category: 'string',
    resourceStatus: 'string',
    usageState: 'string',
    administrativeState: 'string',
    operationalState: 'string',
    '@type': 'string',
    'resourceSpecification.id': 'string',
  },
  sortable: ['name', 'category', 'resourceStatus'],
  defaultSort: 'name',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href', '@type'],
};
