import { Router } from 'express';
import { notFound } from '../http/errors.js';
import { methodNotAllowed } from '../http/app.js';
import type { Hub } from './hub.js';

/**
 * Ops view of every API's hub listeners (mount at ADMIN_BASE_PATH): status (active, failing,
 * suspended), queue, dead letters and last error; and the replay of a listener's dead letters.
 */
export function hubAdminRoutes(hub: Hub): Router {
  const router = Router();
  router.get('/hubListener', async (_req, res) => {
    res.json(await hub.overview());
  });
  router.post('/hubListener/:id/replay', async (req, res) => {
    const replayed = await hub.replay(req.params.id);
    if (replayed === undefined) throw notFound('hub listener', req.params.id);
    res.json({ id: req.params.id, replayed });
  });
  router.all('/hubListener', methodNotAllowed('GET'));
  router.all('/hubListener/:id/replay', methodNotAllowed('POST'));
  return router;
}
