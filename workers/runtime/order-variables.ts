import type { ProductOrder } from '../../engine/orders/product-order.js';
import type { StateChangeResult } from '../../engine/orders/change-order-state.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';
import type { ObjectSchema, PropertySchema, Variables } from './define-worker.js';

/** Input properties every order worker shares, described once for schemas and element templates. */
export const orderIdInput = { type: 'string', minLength: 1, title: 'Order id', description: 'Id of the product order.' } as const satisfies PropertySchema;
export const unitIdInput = { type: 'string', minLength: 1, title: 'Fulfilment unit', description: 'unit.unitId: the item, or the bundle part, this process fulfils.' } as const satisfies PropertySchema;

/** The input of a job in an item process: which order, and which of its units (item or bundle part). */
export const unitJobInput = {
  type: 'object',
  required: ['orderId', 'unitId'],
  properties: { orderId: orderIdInput, unitId: unitIdInput },
} as const satisfies ObjectSchema;
export type UnitJobInput = Variables<typeof unitJobInput>;


/**
 * The order after a change a worker asked for. A missing order is a technical fault (an incident
 * for ops, not a business path); a refused change is BPMN error ORDER_STATE_CONFLICT for the model.
 */
export function changedOrder(result: StateChangeResult, orderId: string): ProductOrder {
  if (result.outcome === 'not-found') throw new Error(`order ${orderId} does not exist`);
  if (result.outcome === 'refused') throw new BusinessError(BpmnErrorCode.orderStateConflict, result.reason, { orderState: result.order.state });
  return result.order;
}
