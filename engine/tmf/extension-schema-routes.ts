import { Router } from 'express';
import { ApiError } from '../http/errors.js';
import { notFound } from '../outcomes.js';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import type { ExtensionSchemas } from './extension-schemas.js';

export const ADMIN_BASE_PATH = '/ordo/admin/v1';

/** Ordo's administration of extension schemas: list, register (PUT by location), remove. */
export function extensionSchemaRoutes(schemas: ExtensionSchemas): Router {
  const router = Router();
  router.get('/extensionSchema', async (_req, res) => {
    res.json(await schemas.list());
  });
  router.put('/extensionSchema', requireContentType(['application/json', 'application/schema+json']), async (req, res) => {
    const location = req.query['schemaLocation'];
    if (typeof location !== 'string') throw new ApiError(400, 'INVALID_QUERY', 'schemaLocation is required', 'PUT /extensionSchema?schemaLocation=<url> with the JSON Schema as body');
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw new ApiError(400, 'INVALID_BODY', 'The body must be a JSON Schema object');
    await schemas.register(location, req.body as Record<string, unknown>, 'api');
    res.status(204).end();
  });
  router.delete('/extensionSchema', async (req, res) => {
    const location = req.query['schemaLocation'];
    if (typeof location !== 'string' || !(await schemas.remove(location))) throw notFound('extension schema', String(location));
    res.status(204).end();
  });
  router.all('/extensionSchema', methodNotAllowed('GET, PUT, DELETE'));
  return router;
}
