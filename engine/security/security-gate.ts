import type { RequestHandler } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { permissionFor } from './permissions.js';
import { principalOf, Role, runAs, unauthenticatedOperator, visitorPrincipal, type Principal } from './principal.js';

export interface GateSettings {
  enabled: boolean;
  issuer: string;
  audience: string;
  clientId: string;
  partyClaim: string;
  clockSkewS: number;
}

/** Asymmetric algorithms only: `none` and shared-secret HMAC tokens are refused whatever their header says. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * The issuer's keys, found through its discovery document on first use and cached; a token
 * signed by a key not seen yet makes jose fetch the key set again (rotation), at most once a second
 * (so tokens with made-up key ids cannot make Ordo hammer the issuer).
 */
export function issuerKeys(issuer: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`discovery at ${issuer} answered ${res.status}`);
    const { jwks_uri: jwksUri } = (await res.json()) as { jwks_uri?: string };
    if (!jwksUri) throw new Error(`discovery at ${issuer} names no jwks_uri`);
    return createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: 1000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5000 });
  };
  return async (header, token) => {
    keys ??= discover().catch((err: Error) => {
      keys = undefined;
      throw err;
    });
    return (await keys)(header, token);
  };
}

const challenge = (error?: string, description?: string) =>
  `Bearer realm="ordo"${error ? `, error="${error}"` : ''}${description ? `, error_description="${description.replace(/["\\]/g, "'")}"` : ''}`;

class Unauthorized extends ApiError {
  constructor(
    readonly challenge: string,
    message: string,
  ) {
    super(401, 'UNAUTHORIZED', 'Authentication required', message);
  }
}

/**
 * Every request passes here before any API: the permission table says whether it needs a bearer
 * token and which role; the token is checked (signature against the issuer's keys, `iss`, `aud`,
 * `exp`/`nbf` with the allowed skew); the rest of the request runs as its principal, so stores
 * show a party-bound caller only its party's documents. 401 carries `WWW-Authenticate`. The body
 * is read (`readBody`) only once the caller may make the request.
 */
export function securityGate(settings: GateSettings, keys: JWTVerifyGetKey | undefined, log: Logger, readBody: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const permission = permissionFor(req.method, req.path);
    if (permission?.access === 'public' || permission?.access === 'own') return readBody(req, res, next);
    void (async () => {
      const visitor = settings.enabled && permission?.visitors && !req.get('authorization');
      const principal = !settings.enabled ? unauthenticatedOperator : visitor ? visitorPrincipal : await authenticate(req.get('authorization'), settings, keys!);
      res.locals['principal'] = principal;
      if (!principal.operator) {
        if (!permission) throw new ApiError(403, 'FORBIDDEN', 'Not allowed', `${req.method} ${req.path} is for operators only`);
        const access = permission.access as Exclude<typeof permission.access, 'public' | 'own'>;
        if (!principal.roles.has(access.role)) throw new ApiError(403, 'FORBIDDEN', 'Missing role', `${req.method} ${req.path} needs the role ${access.role}`);
        if (access.scope === 'operator' && principal.party) throw new ApiError(403, 'FORBIDDEN', 'Not for a party-bound token', `${req.method} ${req.path} spans every party: operators only`);
        if (access.scope === 'all-parties' && (principal.party || !principal.roles.has(Role.allParties))) throw new ApiError(403, 'FORBIDDEN', 'For every party', `${req.method} ${req.path} shows or changes any party's data: it needs ${Role.allParties} (and no party) or the operator role`);
        if (access.scope === 'party' && !principal.party && !principal.visitor && !principal.roles.has(Role.allParties)) throw new ApiError(403, 'FORBIDDEN', 'Token bound to no party', `the token names no party (claim ${settings.partyClaim}), and has neither ${Role.allParties} nor the operator role`);
      }
      // Only now is the body read: an anonymous caller learns nothing from how it would be parsed.
      readBody(req, res, (err?: unknown) => (err ? next(err) : runAs(principal, next)));
    })().catch((err: unknown) => {
      if (err instanceof Unauthorized) res.set('WWW-Authenticate', err.challenge);
      else if (!(err instanceof ApiError)) log.warn('token check failed', { error: (err as Error).message });
      next(err instanceof ApiError ? err : new ApiError(503, 'AUTH_UNAVAILABLE', 'Tokens cannot be checked now', 'the token issuer cannot be reached; try again'));
    });
  };
}

async function authenticate(header: string | undefined, settings: GateSettings, keys: JWTVerifyGetKey): Promise<Principal> {
  const match = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header ?? '');
  if (!match) throw new Unauthorized(challenge(header ? 'invalid_request' : undefined), header ? 'Authorization must be "Bearer <token>"' : 'a bearer token is required');
  try {
    const { payload } = await jwtVerify(match[1]!, keys, { issuer: settings.issuer, audience: settings.audience, clockTolerance: settings.clockSkewS, algorithms: ALGORITHMS, requiredClaims: ['exp'] });
    return principalOf(payload, settings);
  } catch (err) {
    if (err instanceof errors.JOSEError && !(err instanceof errors.JWKSTimeout)) {
      const why = err instanceof errors.JWTExpired ? 'the token has expired' : err instanceof errors.JWTClaimValidationFailed ? `the token's ${err.claim} is not accepted` : err instanceof errors.JWSSignatureVerificationFailed ? 'the token signature is invalid' : err instanceof errors.JWKSNoMatchingKey ? 'the token is signed with an unknown key' : err instanceof errors.JOSEAlgNotAllowed ? 'the token algorithm is not accepted' : 'the token is invalid';
      throw new Unauthorized(challenge('invalid_token', why), why);
    }
    throw err;
  }
}
