import type { MongoClient } from 'mongodb';
import ipaddr from 'ipaddr.js';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { Refusal, RefusalKind } from '../outcomes.js';

const HOUR_S = 3600;

const tooManyRequests = (retryAfterS: number, what: string) => new Refusal(RefusalKind.tooMany, 'TOO_MANY_REQUESTS', 'Too many requests', `Too many ${what}; try again in ${retryAfterS} s`, retryAfterS);

/**
 * Sign-up's brute-force and abuse limits, counted in MongoDB (rate-limiter-flexible), so every Ordo
 * instance shares them: requests per client IP, and codes sent per e-mail address or phone number,
 * per hour. A refusal (too many) says when to try again.
 */
export class SignUpLimits {
  private readonly perIp: RateLimiterMongo;
  private readonly perAddress: RateLimiterMongo;

  constructor(client: MongoClient, dbName: string, limits: { perIp: number; perAddress: number }) {
    const common = { storeClient: client, dbName, tableName: 'signUpRateLimit', duration: HOUR_S };
    this.perIp = new RateLimiterMongo({ ...common, keyPrefix: 'ip', points: limits.perIp });
    this.perAddress = new RateLimiterMongo({ ...common, keyPrefix: 'address', points: limits.perAddress });
  }

  /** One request from `ip` (sign-up, verification, resend). */
  request(ip: string | undefined): Promise<void> {
    return consume(this.perIp, clientKey(ip), 'requests from this address');
  }

  /** One code sent to each of `addresses` (normalised e-mail, E.164 number). */
  async codeTo(addresses: string[]): Promise<void> {
    for (const address of addresses) await consume(this.perAddress, address, 'codes for this e-mail address or phone number');
  }
}

/**
 * What a client's requests are counted under: its IPv4 address, or the /64 of its IPv6 address (one
 * subscriber's line gets a whole /64 to pick addresses from).
 */
export function clientKey(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) throw new Error(`no client address to count requests by (${ip ?? 'none'})`);
  const address = ipaddr.process(ip);
  return address.kind() === 'ipv4' ? address.toString() : `${address.toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

async function consume(limiter: RateLimiterMongo, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(err.msBeforeNext / 1000)), what);
    throw err;
  }
}

