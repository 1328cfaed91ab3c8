import type express from 'express';

/** Request headers a browser app may send to the issuer (beyond the CORS-safelisted ones). */
const ALLOWED_HEADERS = ['content-type', 'authorization', 'accept', 'dpop'];

/**
 * CORS for the endpoints a browser app calls from its own origin (discovery, JWKS, token): answers
 * only origins that `isAllowed` names, never `*`, and no credentials (the calls carry none).
 * A preflight from any other origin, or asking for another method or header, is refused with 403.
 */
export function corsFor(methods: string[], isAllowed: (origin: string) => boolean): express.RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    const allowed = origin !== undefined && isAllowed(origin);
    if (allowed) res.set('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return next();
    const method = req.get('access-control-request-method') ?? '';
    const headers = (req.get('access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
    if (!allowed || !methods.includes(method) || headers.some((h) => !ALLOWED_HEADERS.includes(h))) {
      res.removeHeader('Access-Control-Allow-Origin');
      return void res.status(403).end();
    }
    res.set({ 'Access-Control-Allow-Methods': methods.join(', '), 'Access-Control-Allow-Headers': ALLOWED_HEADERS.join(', '), 'Access-Control-Max-Age': '600' });
    res.status(204).end();
  };
}
