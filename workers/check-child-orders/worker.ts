import type { TechnicalOrders } from '../../engine/technical-orders/technical-orders.js';
import { defineWorker } from '../runtime/define-worker.js';
import { technicalOrderTypeInput } from '../runtime/technical-order-variables.js';

export const checkChildOrdersWorker = (deps: { serviceOrders: TechnicalOrders; resourceOrders: TechnicalOrders }) =>
  defineWorker({
    type: 'check-child-orders',
    name: 'Check child orders',
    description: 'After the child orders have ended: completed when every service (or resource) order decomposed from this order (and unit) completed, else failed, with which child ended how and why.',
    input: {
      type: 'object',
      required: ['childType', 'parentOrderId'],
      properties: {
        childType: technicalOrderTypeInput,
        parentOrderId: { type: 'string', minLength: 1, title: 'Parent order id', description: 'The product order (orderId) or service order (serviceOrderId) they were decomposed from.' },
        unitId: { type: ['string', 'null'], title: 'Fulfilment unit', description: 'For a product order: unit.unitId, the item or bundle part.' },
      },
    },
    output: {
      type: 'object',
      required: ['childOrdersState', 'childOrdersReason'],
      properties: {
        childOrdersState: { type: 'string', enum: ['completed', 'failed'], title: 'Outcome' },
        childOrdersReason: { type: 'string', title: 'Reason', description: 'Which child order did not complete, and why.' },
      },
    },
    handler: async (input) => {
      const orders = input.childType === 'serviceOrder' ? deps.serviceOrders : deps.resourceOrders;
      const children = (await orders.store.childrenOf(input.parentOrderId)).filter((c) => !input.unitId || c._ordo.root?.unitId === input.unitId);
      const unfinished = children.filter((c) => c.state !== 'completed');
      if (unfinished.length === 0) return { childOrdersState: 'completed' as const, childOrdersReason: '' };
      const reasons = unfinished.map((c) => `${orders.kind.resource} ${c.id} ${c.state}${c.note?.length ? `: ${c.note[c.note.length - 1]!.text}` : ''}`);
      return { childOrdersState: 'failed' as const, childOrdersReason: reasons.join('; ') };
    },
  });
