import { DuplicatePartyError } from '../../engine/customers/party-identity.js';
import type { PartyRecords } from '../../engine/customers/party-records.js';
import { createSignUpCustomer } from '../../engine/signup/sign-up-steps.js';
import type { SignUpStore } from '../../engine/signup/sign-up.js';
import { defineWorker } from '../runtime/define-worker.js';
import { signUpJobInput } from '../runtime/sign-up-variables.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

export const createSignUpCustomerWorker = (deps: { signUps: SignUpStore; records: PartyRecords }) =>
  defineWorker({
    type: 'create-sign-up-customer',
    name: 'Create customer from sign-up',
    description: 'Creates the verified person as a TMF632 individual (with the proven e-mail and phone), a TMF629 customer and one TMF666 billing account (B2C); a retried job finds what it created.',
    input: signUpJobInput,
    output: {
      type: 'object',
      required: ['individualId', 'customerId', 'billingAccountId'],
      properties: { individualId: { type: 'string' }, customerId: { type: 'string' }, billingAccountId: { type: 'string' } },
    },
    errors: { ALREADY_REGISTERED: 'The e-mail address or phone number became another customer\'s meanwhile (another sign-up, an operator).' },
    handler: async (input) => {
      try {
        return await createSignUpCustomer(deps, input.signUpId);
      } catch (err) {
        if (err instanceof DuplicatePartyError) throw new BusinessError(BpmnErrorCode.alreadyRegistered, 'the e-mail address or phone number already belongs to a customer');
        throw err;
      }
    },
  });
