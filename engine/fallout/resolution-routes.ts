import { Router } from 'express';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { recordResolution, resumeAfterPeople, type FalloutStore } from './fallout.js';
import type { IncidentDesk } from './incident-desk.js';
import type { OrderStore } from '../orders/order-store.js';

export const SERVICENOW_WEBHOOK_PATH = '/webhooks/servicenow';

export interface ResolutionDeps {
  orders: OrderStore;
  fallouts: FalloutStore;
  /** The incident desk: authenticates and reads its resolutions, is told what Ordo does with them. */
  servicenow: IncidentDesk;
  /** A resolution was recorded: tell the waiting process now. */
  resolved: (falloutId: string) => void;
  log: Logger;
}

/** ServiceNow tells Ordo how people resolved a case: the item's process goes on by message. */
export function servicenowResolutionRoutes(deps: ResolutionDeps): Router {
  const router = Router();
  router.post(SERVICENOW_WEBHOOK_PATH, async (req, res) => {
    const reading = deps.servicenow.readResolution({ authorization: req.get('authorization'), body: req.body });
    if ('refused' in reading) {
      if (reading.refused === 'invalid') throw new ApiError(400, 'INVALID_BODY', 'Not a resolution', reading.detail);
      res.set('WWW-Authenticate', reading.challenge);
      throw new ApiError(401, 'UNAUTHORIZED', 'Not authenticated', reading.detail);
    }
    const { falloutId, resolution, notes, caseId, caseNumber } = reading.resolution;
    const outcome = await recordResolution(deps.fallouts, falloutId, resolution, notes);
    if (outcome === 'unknown') throw new ApiError(404, 'NOT_FOUND', 'No such case', `Ordo opened no case ${falloutId}`);
    if (outcome === 'recorded') {
      const fallout = await deps.fallouts.collection.findOne({ _id: falloutId });
      if (fallout) await resumeAfterPeople(deps, fallout.orderId);
      deps.resolved(falloutId);
      deps.log.info('fallout case resolved', { falloutId, resolution, incident: caseNumber });
      // What Ordo does with it, on the case; the case itself closes when the item ends.
      if (caseId) {
        const note = { retry: 'Ordo runs the step again.', skip: 'Ordo goes on without the step.', fail: 'Ordo fails the item and releases what it holds.' }[resolution];
        deps.servicenow.addWorkNote(caseId, note).catch((err: Error) => deps.log.warn('could not add a work note to the case', { falloutId, error: err.message }));
      }
    }
    res.json({ received: true, duplicate: outcome === 'duplicate', ...(outcome === 'closed' ? { closed: true } : {}) });
  });
  return router;
}
