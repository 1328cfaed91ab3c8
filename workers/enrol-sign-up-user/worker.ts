import { IdentityRejectedError } from '../../engine/customers/identity-provider.js';
import type { PartyUsers } from '../../engine/customers/party-users.js';
import { enrolSignUpUser } from '../../engine/signup/sign-up-steps.js';
import type { SignUpStore } from '../../engine/signup/sign-up.js';
import { defineWorker } from '../runtime/define-worker.js';
import { signUpJobInput } from '../runtime/sign-up-variables.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

export const enrolSignUpUserWorker = (deps: { signUps: SignUpStore; users: PartyUsers }) =>
  defineWorker({
    type: 'enrol-sign-up-user',
    name: 'Create user at identity provider',
    description: 'Creates the new customer\'s user at the identity provider (Keycloak), binds it to the customer\'s party (the token\'s party claim) and has the provider ask the user to set a password; a retried job finds the same user.',
    input: signUpJobInput,
    output: { type: 'object', required: ['userId'], properties: { userId: { type: 'string' } } },
    errors: { IDENTITY_REJECTED: 'The identity provider refused the user (e.g. its e-mail is another user\'s there); the customer exists, without a user: enrol one with POST /ordo/admin/v1/partyUser once resolved.' },
    handler: async (input, job) => {
      try {
        return await enrolSignUpUser(deps, input.signUpId, job.signal);
      } catch (err) {
        if (err instanceof IdentityRejectedError) throw new BusinessError(BpmnErrorCode.identityRejected, `the identity provider refused the user (HTTP ${err.status})`);
        throw err;
      }
    },
  });
