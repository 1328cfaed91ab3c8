import type { OutboxFields } from '../events/outbox.js';
import type { ProcessStartRecord } from '../process/process-starter.js';
import type { CreateIdentity } from '../tmf/idempotent-create.js';
import type { FreezeRecord } from './freeze-record.js';
import type { FulfilmentRecord } from './fulfilment.js';
import type { InformationRecord } from './information-request.js';
import type { HeldResourcesRecord } from './order-resources.js';
import type { ProductOrder } from './product-order.js';

/** What the order record itself keeps: order-store.ts reads and writes these. */
export interface OrderCore {
  /** Counts the order's writes: every change is made only at the revision it was decided on. */
  revision: number;
  /** The W3C trace the order was placed in, handed to its process. */
  traceContext: Record<string, string>;
  /** The party that placed it with a party-bound token: only that party (and operators) see it (see security/principal.ts). */
  party?: string;
  /** Deleted orders stay (as tombstones) until their delete event is published, invisible to the API. */
  deletedAt?: Date;
}

/**
 * Ordo's bookkeeping, kept beside the TMF resource in the same document (`_ordo`): each part is
 * owned by one module, the only code that names its fields in filters and updates. They share the
 * document because each changes in one write with the order's state or its events (there are no
 * transactions), or, for the create keys, because the unique index must see them in the insert.
 */
export type OrderMeta = OrderCore &
  /** Recognises a repeated POST (tmf/idempotent-create.ts). */
  CreateIdentity &
  /** The start of the order's process (process/process-starter.ts, process-instance.ts). */
  ProcessStartRecord &
  /** The units and their processes (fulfilment.ts, fulfilment-progress.ts). */
  FulfilmentRecord &
  /** What the process asked the client for (information-request.ts). */
  InformationRecord &
  /** The client's latest freeze (freeze-record.ts). */
  FreezeRecord &
  /** What the units hold in the resource inventory (order-resources.ts). */
  HeldResourcesRecord &
  /** The order's events until they are published (events/outbox.ts, the relay). */
  OutboxFields;

export type StoredOrder = ProductOrder & { _id: string; _ordo: OrderMeta };
