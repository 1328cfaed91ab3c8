import type { Ordo } from '../engine/ordo.js';
import { Role } from '../engine/security/principal.js';

/** The Authorization header a bench sends: an operator token from the Ordo's local issuer (none with ORDO_AUTH=off). */
export async function operatorHeaders(ordo: Ordo): Promise<Record<string, string>> {
  if (!ordo.authIssuer) return {};
  if (!ordo.localIssuer) throw new Error(`Ordo trusts ${ordo.authIssuer}: set ORDO_AUTH=off for the bench, or run it against the local stack`);
  return { authorization: `Bearer ${await ordo.localIssuer.mint({ sub: 'bench', roles: [Role.operator] }, { expiresInS: 6 * 3600 })}` };
}
