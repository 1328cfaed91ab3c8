import { Refusal, RefusalKind } from '../outcomes.js';
import { currentPrincipal } from '../security/principal.js';
import type { ContactMedium, ShoppingCart, StoredCart } from './cart.js';

/** A customer as the cart needs it: its id and the party whose tokens act for it. */
export interface CartCustomer {
  id: string;
  party: string;
  name?: string;
}

/** How carts find customers (the customers capability, or none when customers are kept elsewhere). */
export interface CartCustomers {
  byId(id: string): Promise<CartCustomer | null>;
  ofParty(party: string): Promise<CartCustomer | null>;
  /** The contact media Ordo keeps for a party's customer (its customer record's, then its party's): the only addresses reminders go to. */
  contactsOf(party: string): Promise<ContactMedium[]>;
}

type PartyRef = NonNullable<ShoppingCart['relatedParty']>[number];

const isCustomerRef = (ref: PartyRef) => /^customer$/i.test(ref.role ?? '') || /^customer$/i.test(ref['@referredType'] ?? '');
const unknownCustomer = (id: string) => new Refusal(RefusalKind.unprocessable, 'UNKNOWN_CUSTOMER', 'Unknown customer', `relatedParty names customer ${id}, which this caller does not have`);

export interface CartOwner {
  party?: string;
  relatedParty?: PartyRef[];
}

/**
 * Who owns a cart written by the current caller with these related parties: a party-bound token
 * binds it to its party (and names that party's customer); a back end for every party binds it to
 * the customer it names; a visitor leaves it anonymous and may name no customer. An anonymous cart
 * becomes its customer's the first time that customer (or a back end naming them) changes it: at
 * sign-in, or after sign-up.
 */
export async function cartOwner(customers: CartCustomers | undefined, relatedParty: PartyRef[] | undefined, current?: StoredCart): Promise<CartOwner> {
  const principal = currentPrincipal();
  const named = (relatedParty ?? []).find(isCustomerRef);
  const others = (relatedParty ?? []).filter((p) => !isCustomerRef(p));
  const owned = current?._ordo.party;
  if (principal?.visitor) {
    if (named && !owned) throw new Refusal(RefusalKind.unprocessable, 'SIGN_IN_FIRST', 'Sign in to name the customer', 'An anonymous cart becomes a customer\'s when the customer, signed in, changes it');
    return keep(current, relatedParty);
  }
  const party = principal && !principal.operator && principal.party ? principal.party : undefined;
  if (party) {
    const customer = await customers?.ofParty(party);
    if (named && named.id !== customer?.id) throw unknownCustomer(named.id);
    return { party, relatedParty: withCustomer(others, customer) };
  }
  if (!named) return keep(current, relatedParty);
  const customer = await customers?.byId(named.id);
  if (!customer) throw unknownCustomer(named.id);
  if (owned && owned !== customer.party) throw new Refusal(RefusalKind.conflict, 'CART_OWNED', 'The cart is another customer\'s', `ShoppingCart ${current!.id} belongs to another party; it cannot change hands`);
  return { party: customer.party, relatedParty: withCustomer(others, customer) };
}

function keep(current: StoredCart | undefined, relatedParty: PartyRef[] | undefined): CartOwner {
  return { ...(current?._ordo.party ? { party: current._ordo.party } : {}), ...(relatedParty ? { relatedParty } : {}) };
}

function withCustomer(others: PartyRef[], customer: CartCustomer | null | undefined): PartyRef[] | undefined {
  const list = customer ? [...others, { id: customer.id, role: 'customer', '@referredType': 'Customer', ...(customer.name ? { name: customer.name } : {}) }] : others;
  return list.length > 0 ? list : undefined;
}
