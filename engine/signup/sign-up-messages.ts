import type { MessageSource } from '../process/message-notifier.js';
import type { StartSource } from '../process/process-starter.js';
import { signalMessages } from '../process/signal-messages.js';
import { SIGN_UP_REQUESTED_MESSAGE, type SignUp, type SignUpStore } from './sign-up.js';

/** Each sign-up starts bpmn/sign-up.bpmn, its id the business key; the code's lifetime is the model's timer. */
export const signUpStarts = (signUps: SignUpStore, otpTtlMs: number): StartSource => ({
  collection: signUps.collection as unknown as StartSource['collection'],
  message: SIGN_UP_REQUESTED_MESSAGE,
  variables: (doc) => ({ signUpId: doc._id, channel: (doc as unknown as SignUp).channel, codeLifetime: `PT${Math.max(1, Math.round(otpTtlMs / 1000))}S` }),
  what: 'sign-up',
});

/** Tells a sign-up's process what the client did: verified the code, asked for a new one, or got locked out. */
export const signUpMessages = (signUps: SignUpStore): MessageSource<SignUp> => signalMessages<SignUp>(signUps.collection as unknown as MessageSource<SignUp>['collection'], 'sign-up signal', 'signUpId');
