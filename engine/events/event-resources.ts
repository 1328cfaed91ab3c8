import type { Collection, Db } from 'mongodb';
import { TMF622_API } from '../orders/tmf622.js';
import { TMF639_API } from '../inventory/tmf639.js';
import { TMF676_API } from '../payments/tmf676.js';
import { TMF637_API } from '../product-inventory/tmf637.js';
import { TMF638_API } from '../service-inventory/tmf638.js';
import { resourceOrderKind, serviceOrderKind } from '../technical-orders/order-kinds.js';
import { customerEventApis } from '../customers/tmf-apis.js';
import { TMF663_API } from '../carts/tmf663.js';
import type { WithOutbox } from './outbox-relay.js';

/**
 * Every resource whose documents queue TMF events in their outbox (`_ordo.outbox`), with the API
 * whose hub listeners hear them. A resource's documents are kept in the collection of its name,
 * and its events go to the Kafka topic of its name (topicFor).
 */
export const eventApis: Readonly<Record<string, string>> = {
  productOrder: TMF622_API,
  cancelProductOrder: TMF622_API,
  resource: TMF639_API,
  payment: TMF676_API,
  refund: TMF676_API,
  product: TMF637_API,
  service: TMF638_API,
  ...Object.fromEntries([serviceOrderKind, resourceOrderKind].flatMap((k) => [[k.resource, k.api], [k.cancelResource, k.api]])),
  ...customerEventApis,
  shoppingCart: TMF663_API,
};

/** The collections whose documents carry outbox events: what the relay drains and `ordo dead-letters` reads. */
export const outboxCollections = (db: Db): Collection<WithOutbox>[] => Object.keys(eventApis).map((resource) => db.collection<WithOutbox>(resource));
