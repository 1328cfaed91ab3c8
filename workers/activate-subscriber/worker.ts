import { ActivationRejectedError, type ActivationClient } from '../../adapters/activation/activation-client.js';
import { heldResources, unitOf } from '../../engine/orders/order-resources.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { FALLOUT_ERROR } from '../runtime/run-workers.js';
import { BusinessError, defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';

/** Services provisioned when the catalog names none for the item. */
const DEFAULT_SERVICES = ['voice', 'data'];

export const activateSubscriberWorker = (deps: { orders: OrderStore; activation: ActivationClient | undefined }) =>
  defineWorker<{ orderId: string; unitId: string }, { imsi: string; activatedAt: string }>({
    type: 'activate-subscriber',
    name: 'Activate subscriber',
    description:
      "Provisions the item's phone number with its SIM on the network (HLR/HSS) through the activation gateway, with the item's services; idempotent (key order:unit:activate), so a repeated job activates once. A number the network already has on another SIM goes to people (BPMN error FALLOUT); so does a gateway that keeps failing, when the task header onFailure is fallout.",
    input: unitJobInput,
    output: {
      type: 'object',
      required: ['imsi', 'activatedAt'],
      properties: {
        imsi: { type: 'string', title: 'IMSI', description: 'The subscriber identity the network gave the SIM.' },
        activatedAt: { type: 'string', title: 'Activated at', description: 'When the network activated it (ISO-8601).' },
      },
    },
    errors: { [FALLOUT_ERROR]: 'The network refuses the activation (variables failedStep, falloutError): for people.' },
    handler: async (input, job) => {
      if (!deps.activation) throw new Error('no activation gateway is configured (ORDO_ACTIVATION_URL)');
      const order = await deps.orders.findStored(input.orderId);
      if (!order) throw new Error(`order ${input.orderId} does not exist`);
      const { unit } = unitOf(order, input.unitId);
      const held = heldResources(order, input.unitId);
      const msisdn = held.find((h) => h.role === 'msisdn');
      const sim = held.find((h) => h.role === 'sim');
      if (!msisdn || !sim) throw new Error(`item ${input.unitId} of order ${input.orderId} holds no ${msisdn ? 'SIM' : 'phone number'} to activate`);
      const services = unit.serviceSpecificationIds.length > 0 ? unit.serviceSpecificationIds : DEFAULT_SERVICES;
      try {
        const record = await deps.activation.activateSubscriber(msisdn.number, { iccid: sim.number, services, orderRef: `${order.id}/${input.unitId}` }, `${order.id}:${input.unitId}:activate`, job.signal);
        return { imsi: record.imsi, activatedAt: record.activatedAt };
      } catch (err) {
        if (err instanceof ActivationRejectedError && err.status === 409) {
          const reason = `the network has ${msisdn.number} active on another SIM (${err.code})`;
          throw new BusinessError(FALLOUT_ERROR, reason, { failedStep: job.elementId, falloutError: reason });
        }
        throw err;
      }
    },
  });
