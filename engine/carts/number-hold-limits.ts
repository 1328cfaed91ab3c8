import type { MongoClient } from 'mongodb';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../security/principal.js';
import { clientKey } from '../signup/sign-up-limits.js';
import { Refusal, RefusalKind } from '../outcomes.js';

export interface NumberHoldLimitSettings {
  /** Holds (or swaps) per cart per hour. */
  perCart: number;
  /** Holds (or swaps) per customer (customerKeyOf) per hour. */
  perCustomer: number;
  /** Numbers one customer holds at the same time, over all their carts. */
  atOncePerCustomer: number;
  /** Number searches (numberCandidate) per customer per minute. */
  searchesPerCustomer: number;
  /** Anonymous carts created per client address per hour. */
  anonymousCartsPerIp: number;
}

export const DEFAULT_NUMBER_HOLD_LIMITS: NumberHoldLimitSettings = { perCart: 10, perCustomer: 30, atOncePerCustomer: 10, searchesPerCustomer: 30, anonymousCartsPerIp: 20 };

const HOUR_S = 3600;
const MINUTE_S = 60;

export const partyCustomerKey = (party: string) => `party:${party}`;

/**
 * Whom a cart's holds and number searches are counted against: the cart's party, or the party of the token using it.
 * An anonymous cart used by a visitor counts against the visitor's client address; one used by a
 * back end acting for every party counts against the cart itself, since the back end's own
 * address is every visitor's.
 */
export function customerKeyOf(cart: { id: string; _ordo: { party?: string } }, caller: Principal | undefined, ip: string | undefined): string {
  const party = cart._ordo.party ?? (caller && !caller.operator ? caller.party : undefined);
  if (party) return partyCustomerKey(party);
  if (caller && !caller.visitor) return `cart:${cart.id}`;
  return `ip:${clientKey(ip)}`;
}

/**
 * Keeps carts from draining the number pools and from keeping the database busy: every hold (or
 * swap) of a number costs a point of the cart and of its customer, every number search one of the
 * customer, counted in MongoDB (rate-limiter-flexible) so all Ordo instances share them. A refusal (too many) says when to try again. The cap on numbers held at once is counted on the holds
 * themselves (number-holds.ts); it is only carried here.
 */
export class NumberHoldLimits {
  readonly atOncePerCustomer: number;
  private readonly perCart: RateLimiterMongo;
  private readonly perCustomer: RateLimiterMongo;
  private readonly searches: RateLimiterMongo;
  private readonly anonymousCarts: RateLimiterMongo;

  constructor(client: MongoClient, dbName: string, limits: NumberHoldLimitSettings = DEFAULT_NUMBER_HOLD_LIMITS) {
    const table = { storeClient: client, dbName, tableName: 'cartRateLimit', duration: HOUR_S };
    this.atOncePerCustomer = limits.atOncePerCustomer;
    this.perCart = new RateLimiterMongo({ ...table, keyPrefix: 'cart', points: limits.perCart });
    this.perCustomer = new RateLimiterMongo({ ...table, keyPrefix: 'customer', points: limits.perCustomer });
    this.searches = new RateLimiterMongo({ ...table, keyPrefix: 'search', duration: MINUTE_S, points: limits.searchesPerCustomer });
    this.anonymousCarts = new RateLimiterMongo({ ...table, keyPrefix: 'anonymous', points: limits.anonymousCartsPerIp });
  }

  /** One anonymous cart created from `ip`: visitors cannot fill the database with carts. */
  async anonymousCart(ip: string | undefined): Promise<void> {
    await spend(this.anonymousCarts, clientKey(ip), 'new carts from this address');
  }

  /** One hold for `cartId` by `customerKey` (customerKeyOf). */
  async hold(cartId: string, customerKey: string): Promise<void> {
    await spend(this.perCart, cartId, 'number holds for this cart');
    await spend(this.perCustomer, customerKey, 'number holds by this customer');
  }

  /** One number search by `customerKey` (customerKeyOf). */
  async search(customerKey: string): Promise<void> {
    await spend(this.searches, customerKey, 'number searches by this customer');
  }
}

const spend = (limiter: RateLimiterMongo, key: string, what: string) =>
  limiter.consume(key).then(
    () => undefined,
    (refusal: unknown) => {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfterS = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new Refusal(RefusalKind.tooMany, 'TOO_MANY_REQUESTS', 'Too many requests', `Too many ${what}; try again in ${retryAfterS} s`, retryAfterS);
    },
  );
