import { withdrawProvided, type WithdrawDeps } from '../../engine/technical-orders/withdraw-services.js';
import { defineWorker } from '../runtime/define-worker.js';
import { orderIdInput, unitIdInput } from '../runtime/order-variables.js';

export const withdrawServicesWorker = (deps: WithdrawDeps) =>
  defineWorker({
    type: 'withdraw-services',
    name: 'Withdraw provided services',
    description:
      'Compensation when an item fails, or the order is cancelled, after service orders completed: switches off in the network what their resource orders switched on, terminates their services (TMF638) and any product already recorded (TMF637), so nothing remains of what the customer does not get. Without unitId, the whole order. Repeating it changes nothing.',
    input: {
      type: 'object',
      required: ['orderId'],
      properties: {
        orderId: orderIdInput,
        unitId: { ...unitIdInput, type: ['string', 'null'], description: 'unit.unitId; empty for the whole order.' },
        reason: { type: 'string', title: 'Reason', description: 'Why, for the inventory events.' },
      },
    },
    output: { type: 'object', required: ['withdrawnServices'], properties: { withdrawnServices: { type: 'array', items: { type: 'string' }, title: 'Withdrawn', description: 'TMF638 services terminated.' } } },
    handler: async (input, job) => {
      const unitId = input.unitId ?? undefined;
      const why = input.reason ?? (unitId ? `withdrawn: item ${unitId} of product order ${input.orderId} failed` : `withdrawn: product order ${input.orderId} cancelled`);
      return { withdrawnServices: await withdrawProvided(deps, input.orderId, unitId, why, job.signal) };
    },
  });
