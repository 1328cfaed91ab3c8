import { finishSignUp } from '../../engine/signup/sign-up-steps.js';
import { SignUpState, type SignUpStore } from '../../engine/signup/sign-up.js';
import { defineWorker } from '../runtime/define-worker.js';

const ends = [SignUpState.completed, SignUpState.expired, SignUpState.locked, SignUpState.rejected] as const;

export const finishSignUpWorker = (deps: { signUps: SignUpStore }) =>
  defineWorker({
    type: 'finish-sign-up',
    name: 'Finish sign-up',
    description: 'Ends the sign-up in the given state and drops its personal data (a new customer keeps them in its party; an abandoned sign-up keeps none). A sign-up already ended keeps its state.',
    input: {
      type: 'object',
      required: ['signUpId'],
      properties: {
        signUpId: { type: 'string', minLength: 1, title: 'Sign-up id', description: 'Id of the sign-up.' },
        reason: { type: 'string', title: 'Reason', description: 'Why it ended, shown to the client (optional).' },
      },
    },
    headers: { type: 'object', required: ['state'], properties: { state: { type: 'string', enum: ends, title: 'Final state', description: 'completed, expired, locked or rejected.' } } },
    output: { type: 'object', required: ['signUpState'], properties: { signUpState: { type: 'string' } } },
    handler: async (input, job) => ({ signUpState: await finishSignUp(deps.signUps, input.signUpId, job.headers.state, input.reason) }),
  });
