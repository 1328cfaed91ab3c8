import { TmfSchemas } from '../tmf/schema-validator.js';

/**
 * TMF641 service orders and TMF652 resource orders are run by one machinery; what differs between
 * the two APIs (names, paths, where an item names its specification) is said here, once.
 */
export interface TechnicalOrderKind {
  /** Resource name: the collection, the path segment, the outbox resource and the Kafka topic. */
  resource: 'serviceOrder' | 'resourceOrder';
  typeName: 'ServiceOrder' | 'ResourceOrder';
  /** The hub of this API is registered under this name. */
  api: string;
  basePath: string;
  swaggerFile: string;
  schemas: TmfSchemas;
  /** The attribute holding the items. */
  itemsField: 'serviceOrderItem' | 'orderItem';
  /** The attribute of an item naming the items it depends on. */
  itemRelationshipField: 'serviceOrderItemRelationship' | 'orderItemRelationship';
  /** The specification catalog entity an item is for. */
  specificationType: 'serviceSpecification' | 'resourceSpecification';
  cancelResource: 'cancelServiceOrder' | 'cancelResourceOrder';
  cancelTypeName: 'CancelServiceOrder' | 'CancelResourceOrder';
  /** The attribute of a cancel request naming the order. */
  cancelOrderField: 'serviceOrder' | 'resourceOrder';
  /** Starts the order's process (message start event); the order id is the business key. */
  startMessage: string;
  /** Published when the order has ended (key: its id); a parent waiting for it is correlated. */
  finishedMessage: string;
  /** The process every order of this kind runs unless its items' specification names another. */
  defaultProcess: string;
  /** The id of the specification an item is for. */
  specificationOf(item: Record<string, unknown>): string | undefined;
}

const idOf = (value: unknown): string | undefined => {
  const id = (value as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
};

export const serviceOrderKind: TechnicalOrderKind = {
  resource: 'serviceOrder',
  typeName: 'ServiceOrder',
  api: 'serviceOrdering',
  basePath: '/tmf-api/serviceOrdering/v4',
  swaggerFile: 'TMF641-Service_Ordering-v4.0.0.swagger.json',
  schemas: new TmfSchemas('tmf641', 'TMF641-Service_Ordering-v4.0.0.swagger.json'),
  itemsField: 'serviceOrderItem',
  itemRelationshipField: 'serviceOrderItemRelationship',
  specificationType: 'serviceSpecification',
  cancelResource: 'cancelServiceOrder',
  cancelTypeName: 'CancelServiceOrder',
  cancelOrderField: 'serviceOrder',
  startMessage: 'service-order-received',
  finishedMessage: 'service-order-finished',
  defaultProcess: 'service-order',
  specificationOf: (item) => idOf((item['service'] as Record<string, unknown> | undefined)?.['serviceSpecification']),
};

export const resourceOrderKind: TechnicalOrderKind = {
  resource: 'resourceOrder',
  typeName: 'ResourceOrder',
  api: 'resourceOrderingManagement',
  basePath: '/tmf-api/resourceOrderingManagement/v4',
  swaggerFile: 'TMF652-ResourceOrder-v4.0.0.swagger.json',
  schemas: new TmfSchemas('tmf652', 'TMF652-ResourceOrder-v4.0.0.swagger.json'),
  itemsField: 'orderItem',
  itemRelationshipField: 'orderItemRelationship',
  specificationType: 'resourceSpecification',
  cancelResource: 'cancelResourceOrder',
  cancelTypeName: 'CancelResourceOrder',
  cancelOrderField: 'resourceOrder',
  startMessage: 'resource-order-received',
  finishedMessage: 'resource-order-finished',
  defaultProcess: 'resource-order',
  // TMF652 names it on the item, or on the resource the item is about.
  specificationOf: (item) => idOf(item['resourceSpecification']) ?? idOf((item['resource'] as Record<string, unknown> | undefined)?.['resourceSpecification']),
};

/** A kind's events (its orders and their cancellation requests, each an outbox resource) and the API that carries them. */
export const technicalOrderEvents = (kind: TechnicalOrderKind) => ({ [kind.resource]: kind.api, [kind.cancelResource]: kind.api });
