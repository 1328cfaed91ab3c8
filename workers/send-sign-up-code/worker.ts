import { NotificationRejectedError } from '../../engine/notifications/notification-channel.js';
import type { CodeDeps } from '../../engine/signup/sign-up-steps.js';
import { sendCode } from '../../engine/signup/sign-up-steps.js';
import { defineWorker } from '../runtime/define-worker.js';
import { signUpJobInput } from '../runtime/sign-up-variables.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

export const sendSignUpCodeWorker = (deps: CodeDeps) =>
  defineWorker({
    type: 'send-sign-up-code',
    name: 'Send sign-up code',
    description: 'Sends a new one-time code to the sign-up\'s phone (SMS) or e-mail through the Communication gateway, recording a TMF681 CommunicationMessage without the code; the previous code stops working. To an address that already has an account it sends a note saying so instead. codeSent is false when the sign-up was verified or ended meanwhile.',
    input: signUpJobInput,
    output: { type: 'object', required: ['codeSent'], properties: { codeSent: { type: 'boolean' } } },
    errors: { UNDELIVERABLE: 'The gateway refused the message (e.g. a number it cannot reach): retrying would not help.' },
    handler: async (input, job) => {
      try {
        return { codeSent: (await sendCode(deps, input.signUpId, job.signal)).sent };
      } catch (err) {
        if (err instanceof NotificationRejectedError) throw new BusinessError(BpmnErrorCode.undeliverable, 'the code could not be delivered to this address');
        throw err;
      }
    },
  });
