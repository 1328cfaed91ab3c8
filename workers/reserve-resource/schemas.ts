import type { ObjectSchema, Variables } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';

/** The reserve-resource contract: its element template, its validation and its TypeScript types. */
export const input = unitJobInput;

export const headers = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: ['msisdn', 'iccid'], title: 'Resource', description: 'msisdn: a phone number (LogicalResource); iccid: a SIM card (PhysicalResource).' },
    role: { type: 'string', title: 'Role', description: 'What it is for in the item (default: the resource kind); one reservation per role.' },
  },
} as const satisfies ObjectSchema;

export const output = {
  type: 'object',
  required: ['resourceId', 'number', 'ported'],
  properties: {
    resourceId: { type: 'string', title: 'Resource id', description: 'TMF639 resource id.' },
    number: { type: 'string', title: 'Number', description: 'The MSISDN or ICCID.' },
    ported: { type: 'boolean', title: 'Ported in', description: 'The MSISDN is ported in from another operator.' },
  },
} as const satisfies ObjectSchema;

export type ReserveInput = Variables<typeof input>;
export type ReserveHeaders = Variables<typeof headers>;
export type ReserveOutput = Variables<typeof output>;
