import type { PartyRecords, Ref } from './party-records.js';
import { resourceInfo } from './party-records.js';

/** What the order process learns about an order's customer and billing account. */
export interface CustomerVerdict {
  /** Why the order cannot go ahead ('' when it can). */
  rejectionReason: string;
  /** Attributes to ask the client for (e.g. billingAccount when the customer has several). */
  missing: string[];
  /** The customer's party: the order belongs to it (its tokens see it), whoever placed it. */
  party?: string;
}

interface OrderParties {
  relatedParty?: Ref[];
  billingAccount?: Ref;
  /** The party whose token placed the order, if a party-bound token did. */
  placedBy?: string;
}

const ok: CustomerVerdict = { rejectionReason: '', missing: [] };
const refused = (code: string, why: string): CustomerVerdict => ({ rejectionReason: `${code}: ${why}`, missing: [] });

/**
 * The order's customer (relatedParty in role Customer: the Customer or its party) must be one Ordo
 * keeps and may order; a party-bound token orders only for its own party; the billing account must
 * be the customer's and active, and is asked for when the customer has several (or none).
 */
export async function checkOrderCustomer(records: PartyRecords, order: OrderParties): Promise<CustomerVerdict> {
  const ref = order.relatedParty?.find((p) => p.role?.toLowerCase() === 'customer');
  if (!ref) return ok; // asked for as missing information by the order's own validation
  const customer = await records.customerOf(ref.id);
  if (!customer || customer._ordo.erasure) return refused('CUSTOMER_UNKNOWN', `no customer ${ref.id}`);
  const customerInfo = resourceInfo.customer;
  if (customerInfo.blockedStates.includes(String(customer[customerInfo.stateField]))) return refused('CUSTOMER_NOT_ACTIVE', `customer ${customer.id} is ${String(customer[customerInfo.stateField])}`);
  if (order.placedBy && order.placedBy !== customer._ordo.party) return refused('CUSTOMER_NOT_CALLER', `the order was placed for party ${order.placedBy}, not for customer ${customer.id}`);

  const accounts = records.stores.billingAccount;
  const accountInfo = resourceInfo.billingAccount;
  if (order.billingAccount?.id) {
    const account = await accounts.findLive(order.billingAccount.id);
    if (!account) return refused('BILLING_ACCOUNT_UNKNOWN', `no billing account ${order.billingAccount.id}`);
    if (account._ordo.customerId !== customer.id) return refused('BILLING_ACCOUNT_NOT_CUSTOMERS', `billing account ${account.id} is not customer ${customer.id}'s`);
    if (accountInfo.blockedStates.includes(String(account[accountInfo.stateField]))) return refused('BILLING_ACCOUNT_NOT_ACTIVE', `billing account ${account.id} is ${String(account[accountInfo.stateField])}`);
    return { ...ok, party: customer._ordo.party };
  }
  const active = await accounts.collection.countDocuments({ '_ordo.customerId': customer.id, '_ordo.deletedAt': { $exists: false }, [accountInfo.stateField]: { $nin: accountInfo.blockedStates } }, { limit: 2 });
  return { rejectionReason: '', missing: active === 1 ? [] : ['billingAccount'], party: customer._ordo.party };
}
