import type { PropertySchema } from './define-worker.js';

/** Input properties the service and resource order workers share, described once for schemas and element templates. */
export const serviceOrderIdInput = { type: 'string', minLength: 1, title: 'Service order id', description: 'Id of the TMF641 service order (serviceOrderId).' } as const satisfies PropertySchema;
export const resourceOrderIdInput = { type: 'string', minLength: 1, title: 'Resource order id', description: 'Id of the TMF652 resource order (resourceOrderId).' } as const satisfies PropertySchema;
export const technicalOrderTypeInput = { type: 'string', enum: ['serviceOrder', 'resourceOrder'], title: 'Order type', description: 'serviceOrder (TMF641) or resourceOrder (TMF652).' } as const satisfies PropertySchema;
