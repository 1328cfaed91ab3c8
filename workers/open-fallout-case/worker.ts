import { openFalloutCase, type FalloutDeps } from '../../engine/fallout/fallout.js';
import { unitOf } from '../../engine/orders/order-resources.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitIdInput, orderIdInput } from '../runtime/order-variables.js';

export const openFalloutCaseWorker = (deps: FalloutDeps & { orders: OrderStore }) =>
  defineWorker({
    type: 'open-fallout-case',
    name: 'Open fallout case',
    description:
      'Hands a step that failed past its retries to people: opens a ServiceNow incident (category order_fallout) with the order, item, step, error and links to the order and to its process in Cockpit, once per task. The model then waits for message fallout-resolved (matched on falloutId) with variable resolution: retry, skip or fail. The case is closed when the item ends.',
    input: {
      type: 'object',
      required: ['orderId', 'unitId', 'failedStep', 'falloutError'],
      properties: {
        orderId: orderIdInput,
        unitId: unitIdInput,
        failedStep: { type: 'string', title: 'Failed step', description: 'The step that failed (the FALLOUT error sets failedStep).' },
        falloutError: { type: 'string', title: 'Error', description: 'Why it failed (the FALLOUT error sets falloutError).' },
      },
    },
    output: {
      type: 'object',
      required: ['falloutId', 'caseNumber'],
      properties: {
        falloutId: { type: 'string', title: 'Fallout id', description: 'Correlation key of fallout-resolved; the incident correlation_id.' },
        caseNumber: { type: 'string', title: 'Case number', description: 'The ServiceNow incident number, e.g. INC0010001.' },
      },
    },
    handler: async (input, job) => {
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      const { item } = unitOf(order, input.unitId);
      const fallout = await openFalloutCase(deps, order, input.unitId, item.id, input.failedStep, input.falloutError, job, job.signal);
      return { falloutId: fallout._id, caseNumber: fallout.incident.number };
    },
  });
