import { remindIdleCart, type AbandonmentDeps } from '../../engine/carts/abandonment.js';
import { NotificationRejectedError } from '../../engine/notifications/notification-channel.js';
import { defineWorker } from '../runtime/define-worker.js';
import { cartJobInput } from '../runtime/cart-variables.js';

export const sendCartReminderWorker = (deps: AbandonmentDeps) =>
  defineWorker({
    type: 'send-cart-reminder',
    name: 'Send cart reminder',
    description: "Reminds the customer of an idle shopping cart, with a link back to it (ORDO_CART_LINK), by e-mail or else SMS through the Communication gateway (a TMF681 CommunicationMessage is recorded), and counts the reminder on the cart. It writes only to an address Ordo keeps for the cart's customer (the cart's contactMedium when it is one of them, else the customer's own), and keeps the numbers the cart holds for another idle lifetime. reminder: sent; noContact (an anonymous cart, or a customer without an address; still counted as abandoned); notIdle (used, checked out or deleted since: nothing sent). An address the gateway refuses is noContact as well.",
    input: cartJobInput,
    headers: { type: 'object', required: ['reminder'], properties: { reminder: { type: 'string', enum: ['1', '2'], title: 'Reminder', description: '1: the first (the cart is waiting); 2: the last before it expires.' } } },
    output: { type: 'object', required: ['reminder'], properties: { reminder: { type: 'string', enum: ['sent', 'noContact', 'notIdle'], title: 'Outcome', description: 'sent, noContact or notIdle.' } } },
    handler: async (input, job) => {
      try {
        return { reminder: await remindIdleCart(deps, input.cartId, job.headers.reminder === '2' ? 2 : 1, job.signal) };
      } catch (err) {
        if (err instanceof NotificationRejectedError) return { reminder: 'noContact' as const };
        throw err;
      }
    },
  });
