import { withdrawUnitServices, type WithdrawDeps } from '../../engine/technical-orders/withdraw-services.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';

export const withdrawServicesWorker = (deps: WithdrawDeps) =>
  defineWorker<{ orderId: string; unitId: string }, { withdrawnServices: string[] }>({
    type: 'withdraw-services',
    name: 'Withdraw provided services',
    description:
      "Compensation when an item fails after some of its service orders completed: switches off in the network what their resource orders switched on and terminates their services in the service inventory (TMF638), so nothing remains for the failed item. Repeating it changes nothing.",
    input: unitJobInput,
    output: { type: 'object', required: ['withdrawnServices'], properties: { withdrawnServices: { type: 'array', items: { type: 'string' }, title: 'Withdrawn', description: 'TMF638 services terminated.' } } },
    handler: async (input, job) => ({ withdrawnServices: await withdrawUnitServices(deps, input.orderId, input.unitId, job.signal) }),
  });
