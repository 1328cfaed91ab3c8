import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracer } from '../observability/tracing.js';
import type { Logger } from '../observability/logger.js';
import { Refusal } from '../outcomes.js';
import { ApiError, refusalAnswer } from './errors.js';
import { assertBoundedBody } from '../tmf/safe-body.js';

/** One server span per request, continuing the caller's W3C trace context. */
const traceRequests: RequestHandler = (req, res, next) => {
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan(`${req.method} ${req.baseUrl}${req.path}`, { kind: SpanKind.SERVER, attributes: { 'http.method': req.method, 'http.target': req.path.startsWith('/console') ? req.path : req.originalUrl } }, parent);
  res.on('finish', () => {
    span.setAttribute('http.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (thrown, req, res, _next) => {
    const err = thrown instanceof Refusal ? refusalAnswer(thrown) : thrown;
    if (err instanceof ApiError) {
      if (err.retryAfterS !== undefined) res.set('Retry-After', String(err.retryAfterS));
      res.status(err.status).json(err.toBody());
      return;
    }
    if (err instanceof URIError) {
      // The router could not decode a path parameter (`%zz`, `%FF`): the path names nothing.
      res.status(400).json(new ApiError(400, 'INVALID_PATH', 'The path is not valid', 'A path segment is not valid percent-encoded UTF-8').toBody());
      return;
    }
    const bodyError = err as { type?: string; status?: number; expose?: boolean };
    if (bodyError.type === 'entity.parse.failed') {
      res.status(400).json(new ApiError(400, 'INVALID_JSON', 'Request body is not valid JSON').toBody());
      return;
    }
    if (bodyError.type === 'entity.too.large') {
      res.status(413).json(new ApiError(413, 'BODY_TOO_LARGE', 'Request body is too large', `The limit is ${BODY_LIMIT}`).toBody());
      return;
    }
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500 && bodyError.expose) {
      // Other client faults the body parser reports (unsupported charset or encoding, aborted request).
      const code = bodyError.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_REQUEST';
      res.status(bodyError.status).json(new ApiError(bodyError.status, code, 'The request could not be read', (err as Error).message).toBody());
      return;
    }
    log.error('request failed', { method: req.method, path: req.originalUrl, error: (err as Error).message, stack: (err as Error).stack });
    res.status(500).json(new ApiError(500, 'INTERNAL_ERROR', 'Internal error', 'The request could not be completed; it has been logged').toBody());
  };
}

export { traceRequests };
/** Largest request body accepted (413 beyond). */
export const BODY_LIMIT = '1mb';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const parseJson = express.json({
  limit: BODY_LIMIT,
  type: ['application/json', 'application/*+json'],
  // JSON is UTF-8 (RFC 8259); invalid bytes would otherwise become U+FFFD and be stored silently.
  verify: (_req, _res, buf) => {
    try {
      utf8.decode(buf);
    } catch {
      throw new ApiError(400, 'INVALID_ENCODING', 'Request body is not valid UTF-8');
    }
  },
});

/** JSON bodies parsed, and refused before any route when nested too deeply or with absurd arrays. */
export const jsonBody: RequestHandler = (req, res, next) =>
  parseJson(req, res, (err?: unknown) => {
    if (err) return next(err);
    try {
      assertBoundedBody(req.body);
    } catch (bounded) {
      return next(bounded);
    }
    next();
  });

/** 415 unless the request body is one of `types` (a missing body type counts as wrong too). */
export function requireContentType(types: string[]): RequestHandler {
  return (req, _res, next) => {
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (types.includes(type)) return next();
    next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', `Send ${types.join(' or ')}${type ? `, not ${type}` : ''}`));
  };
}

/** 405 with the methods a path does serve. */
export function methodNotAllowed(allow: string): RequestHandler {
  return (req, res, next) => {
    res.set('Allow', allow);
    next(new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', `${req.method} is not allowed here; use ${allow}`));
  };
}
