import { Router } from 'express';
import { notFound } from '../outcomes.js';
import { methodNotAllowed } from '../http/app.js';
import type { Hub } from './hub.js';

/**
 * Ops view of every API's hub listeners (mount at ADMIN_BASE_PATH): status (active, failing,
 * paused, suspended), queue, dead letters and last error; the replay of a listener's dead letters;
 * pausing a listener (its events queue up) and resuming it (it gets them in order).
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
  for (const action of ['pause', 'resume'] as const) {
    router.post(`/hubListener/:id/${action}`, async (req, res) => {
      const listener = await hub[action](req.params.id);
      if (!listener) throw notFound('hub listener', req.params.id);
      res.json(listener);
    });
  }
  router.all('/hubListener', methodNotAllowed('GET'));
  for (const action of ['replay', 'pause', 'resume']) router.all(`/hubListener/:id/${action}`, methodNotAllowed('POST'));
  return router;
}
