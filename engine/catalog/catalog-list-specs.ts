import type { ListSpec } from '../tmf/list-query.js';
import type { CatalogEntityType } from './catalog-entities.js';

const common = {
  sortable: ['id', 'name', 'lifecycleStatus', 'version'],
  defaultSort: 'name',
  defaultLimit: 100,
  maxLimit: 1000,
  alwaysReturned: ['id', 'href'],
} as const;

/** What each catalog list may filter and sort on; CatalogStore indexes each of these. */
export const catalogListSpecs: Record<CatalogEntityType, ListSpec> = {
  productOffering: {
    ...common,
    filterable: {
      id: 'string', name: 'string', lifecycleStatus: 'string', version: 'string', '@type': 'string',
      isBundle: 'string', isSellable: 'string',
      'productSpecification.id': 'string', 'bundledProductOffering.id': 'string', 'category.id': 'string', 'channel.id': 'string',
    },
  },
  productOfferingPrice: {
    ...common,
    filterable: {
      id: 'string', name: 'string', lifecycleStatus: 'string', version: 'string', '@type': 'string',
      isBundle: 'string', priceType: 'string', recurringChargePeriodType: 'string', 'price.unit': 'string',
    },
  },
  productSpecification: {
    ...common,
    filterable: {
      id: 'string', name: 'string', lifecycleStatus: 'string', version: 'string', '@type': 'string',
      isBundle: 'string', brand: 'string', productNumber: 'string',
      'serviceSpecification.id': 'string', 'resourceSpecification.id': 'string', 'bundledProductSpecification.id': 'string',
    },
  },
  serviceSpecification: {
    ...common,
    filterable: { id: 'string', name: 'string', lifecycleStatus: 'string', version: 'string', '@type': 'string', isBundle: 'string', 'resourceSpecification.id': 'string' },
  },
  resourceSpecification: {
    ...common,
    filterable: { id: 'string', name: 'string', lifecycleStatus: 'string', version: 'string', '@type': 'string', isBundle: 'string', category: 'string' },
  },
};

/** Attributes the catalog holds as JSON booleans; their filter values `true`/`false` are compared as such. */
export const booleanAttributes: readonly string[] = ['isBundle', 'isSellable'];
