import { Router } from 'express';
import { ApiError } from '../http/errors.js';
import { notFound } from '../outcomes.js';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems, type TmfSchemas } from '../tmf/schema-validator.js';
import { subscriptionView, type Hub } from './hub.js';

/** How one version of an API names its hub input and shapes its events (default: TMF v4). */
export interface HubVersion {
  inputDefinition: string;
  /** Event format registered with the Hub; absent: events as stored. */
  format?: string;
  /** Attributes the answer adds (v5 requires `@type`). */
  answerExtras?: Record<string, string>;
}

const v4: HubVersion = { inputDefinition: 'EventSubscriptionInput' };

/** `hub` of one TMF API: register (POST) and remove (DELETE) event listeners. */
export function hubRoutes(hub: Hub, api: string, schemas: TmfSchemas, baseUrl: () => string, version: HubVersion = v4): Router {
  const validate = schemas.validator(version.inputDefinition);
  const router = Router();
  router.post('/hub', requireContentType(['application/json']), async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'INVALID_BODY', 'Request body must be an EventSubscriptionInput JSON object');
    assertSafeBody(body);
    const problems = validate(body);
    if (problems.length) throw new ApiError(400, 'INVALID_BODY', 'Invalid EventSubscriptionInput', formatProblems(problems));
    const input = body as { callback: string; query?: string };
    const listener = await hub.register(api, { callback: input.callback, ...(input.query !== undefined ? { query: input.query } : {}), ...(version.format ? { format: version.format } : {}) });
    res.status(201).location(`${baseUrl()}/hub/${listener.id}`).json({ ...subscriptionView(listener), ...version.answerExtras });
  });
  router.delete('/hub/:id', async (req, res) => {
    if (!(await hub.unregister(api, req.params.id, version.format))) throw notFound('EventSubscription', req.params.id);
    res.status(204).end();
  });
  router.all('/hub', methodNotAllowed('POST'));
  router.all('/hub/:id', methodNotAllowed('DELETE'));
  return router;
}
