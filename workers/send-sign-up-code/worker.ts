import type { CodeDeps } from '../../engine/signup/sign-up-steps.js';
import { sendCode } from '../../engine/signup/sign-up-steps.js';
import { defineWorker } from '../runtime/define-worker.js';
import { signUpJobInput } from '../runtime/sign-up-variables.js';

export const sendSignUpCodeWorker = (deps: CodeDeps) =>
  defineWorker<{ signUpId: string }, { codeSent: boolean }>({
    type: 'send-sign-up-code',
    name: 'Send sign-up code',
    description: 'Sends a new one-time code to the sign-up\'s phone (SMS) or e-mail through the Communication gateway, recording a TMF681 CommunicationMessage without the code; the previous code stops working. codeSent is false when the sign-up was verified or ended meanwhile.',
    input: signUpJobInput,
    output: { type: 'object', required: ['codeSent'], properties: { codeSent: { type: 'boolean' } } },
    handler: async (input, job) => ({ codeSent: (await sendCode(deps, input.signUpId, job.signal)).sent }),
  });
