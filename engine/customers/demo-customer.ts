import { createRecord } from './create-records.js';
import { DuplicatePartyError } from './party-identity.js';
import type { PartyRecords } from './party-records.js';

const DEMO_EMAIL = 'demo.customer@ordo.invalid';

/**
 * The local demo's customer (B2C, one billing account), made once and found on later starts, so
 * the demo order names a customer Ordo keeps (ORDO_CUSTOMER_CHECK=registered).
 */
export async function demoCustomer(records: PartyRecords): Promise<{ customerId: string; billingAccountId: string }> {
  const name = 'Demo Customer';
  let partyId: string;
  try {
    partyId = String((await createRecord(records, 'individual', { givenName: 'Demo', familyName: 'Customer', contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: DEMO_EMAIL } }] }))['id']);
  } catch (err) {
    if (!(err instanceof DuplicatePartyError)) throw err;
    partyId = err.existing.id;
  }
  const customer = (await records.customerOf(partyId)) ?? (await createRecord(records, 'customer', { name, engagedParty: { id: partyId, name, '@referredType': 'Individual' } }));
  const customerId = String(customer['id']);
  const [account] = await records.stores.billingAccount.findWhere({ '_ordo.customerId': customerId, '_ordo.deletedAt': { $exists: false } });
  const billingAccountId = account?.id ?? String((await createRecord(records, 'billingAccount', { name, accountType: 'B2C', relatedParty: [{ id: customerId, name, role: 'owner', '@referredType': 'Customer' }] }))['id']);
  return { customerId, billingAccountId };
}
