import type { ListSpec } from '../tmf/list-query.js';
import { orderAttributes } from '../orders/order-list-spec.js';
import type { TechnicalOrderKind } from './order-kinds.js';

/** What a serviceOrder or resourceOrder list may filter and sort on; the store indexes each of these. */
export function technicalOrderListSpec(kind: TechnicalOrderKind): ListSpec {
  const items = kind.itemsField;
  const specification = kind.resource === 'serviceOrder' ? `${items}.service.serviceSpecification.id` : `${items}.resourceSpecification.id`;
  return {
    filterable: {
      ...orderAttributes.filterable,
      [`${items}.id`]: 'string',
      [`${items}.state`]: 'string',
      [`${items}.action`]: 'string',
      [specification]: 'string',
      ...(kind.resource === 'serviceOrder'
        ? { 'orderRelationship.id': 'string', [`${items}.service.id`]: 'string' }
        : { 'externalReference.id': 'string', [`${items}.resource.id`]: 'string' }),
      'relatedParty.id': 'string',
    },
    sortable: orderAttributes.sortable,
    defaultSort: '-orderDate',
    defaultLimit: 100,
    maxLimit: 1000,
    alwaysReturned: ['id', 'href'],
  };
}
