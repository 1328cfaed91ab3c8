import type { ObjectSchema, Variables } from './define-worker.js';

/** Input every sign-up worker takes: which sign-up (the process's business key). */
export const signUpJobInput = {
  type: 'object',
  required: ['signUpId'],
  properties: { signUpId: { type: 'string', minLength: 1, title: 'Sign-up id', description: 'Id of the sign-up (the business key of bpmn/sign-up.bpmn).' } },
} as const satisfies ObjectSchema;
export type SignUpJobInput = Variables<typeof signUpJobInput>;
