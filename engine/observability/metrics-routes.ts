import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { Registry } from 'prom-client';
import { ApiError } from '../http/errors.js';
import { httpRequestDuration, processMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

/**
 * Times every answer by method, route pattern (`/tmf-api/…/productOrder/:id`, never the id) and
 * status. A request no route took counts as route `unmatched`.
 */
export const timeRequests: RequestHandler = (req, res, next) => {
  const stop = httpRequestDuration.startTimer();
  // `close` also when the client gave up first (status 499, as nginx logs it): the slowest count too.
  res.on('close', () => {
    const route = req.route ? `${req.baseUrl}${String((req.route as { path: unknown }).path)}` : 'unmatched';
    stop({ method: req.method, route, status: res.writableFinished ? String(res.statusCode) : '499' });
  });
  next();
};

/**
 * GET /metrics in Prometheus's text format: the process's metrics and this Ordo's state gauges.
 * With `token` set, Prometheus must present it (`authorization: { credentials: … }` in its scrape
 * config); the API's bearer tokens do not apply here.
 */
export function metricsRoutes(state: Registry, token: string): Router {
  const router = Router();
  router.get(METRICS_PATH, async (req, res) => {
    if (token && !sameToken(req.get('authorization') ?? '', `Bearer ${token}`)) {
      res.set('WWW-Authenticate', 'Bearer realm="ordo-metrics"');
      throw new ApiError(401, 'UNAUTHORIZED', 'Metrics need the scrape token', 'Send Authorization: Bearer <ORDO_METRICS_TOKEN>');
    }
    const merged = Registry.merge([processMetrics, state]);
    res.set('Content-Type', merged.contentType).send(await merged.metrics());
  });
  return router;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
