import { Router } from 'express';
import { checkBasicAuth, type ResolutionWebhook } from '../../adapters/servicenow/servicenow-api.js';
import type { ServiceNowClient } from '../../adapters/servicenow/servicenow-client.js';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { recordResolution, resumeAfterPeople, type FalloutStore } from './fallout.js';
import type { OrderStore } from '../orders/order-store.js';

export const SERVICENOW_WEBHOOK_PATH = '/webhooks/servicenow';

export interface ResolutionDeps {
  orders: OrderStore;
  fallouts: FalloutStore;
  servicenow: ServiceNowClient | undefined;
  /** The webhook user ServiceNow's outbound REST message authenticates as. */
  user: string;
  password: string;
  /** A resolution was recorded: tell the waiting process now. */
  resolved: (falloutId: string) => void;
  log: Logger;
}

const resolutions = ['retry', 'skip', 'fail'];

/** ServiceNow tells Ordo how people resolved a case: the item's process goes on by message. */
export function servicenowResolutionRoutes(deps: ResolutionDeps): Router {
  const router = Router();
  router.post(SERVICENOW_WEBHOOK_PATH, async (req, res) => {
    if (!checkBasicAuth(req.get('authorization'), deps.user, deps.password)) {
      res.set('WWW-Authenticate', 'Basic realm="ordo"');
      throw new ApiError(401, 'UNAUTHORIZED', 'Not authenticated', 'the ServiceNow webhook user is required');
    }
    const body = req.body as Partial<ResolutionWebhook> | undefined;
    if (typeof body?.correlation_id !== 'string' || !resolutions.includes(String(body.u_resolution))) {
      throw new ApiError(400, 'INVALID_BODY', 'Not a resolution', 'expected correlation_id and u_resolution (retry, skip or fail)');
    }
    const outcome = await recordResolution(deps.fallouts, body.correlation_id, body.u_resolution!, body.close_notes);
    if (outcome === 'unknown') throw new ApiError(404, 'NOT_FOUND', 'No such case', `Ordo opened no case ${body.correlation_id}`);
    if (outcome === 'recorded') {
      const fallout = await deps.fallouts.collection.findOne({ _id: body.correlation_id });
      if (fallout) await resumeAfterPeople(deps, fallout.orderId);
      deps.resolved(body.correlation_id);
      deps.log.info('fallout case resolved', { falloutId: body.correlation_id, resolution: body.u_resolution, incident: body.number });
      // What Ordo does with it, on the case; the case itself closes when the item ends.
      if (deps.servicenow && body.sys_id) {
        const note = { retry: 'Ordo runs the step again.', skip: 'Ordo goes on without the step.', fail: 'Ordo fails the item and releases what it holds.' }[body.u_resolution!];
        deps.servicenow.addWorkNote(body.sys_id, note).catch((err: Error) => deps.log.warn('could not add a work note to the case', { falloutId: body.correlation_id, error: err.message }));
      }
    }
    res.json({ received: true, duplicate: outcome === 'duplicate', ...(outcome === 'closed' ? { closed: true } : {}) });
  });
  return router;
}
