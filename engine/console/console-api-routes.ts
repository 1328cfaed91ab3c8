import { Router, type Request } from 'express';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import { ApiError } from '../http/errors.js';
import { notFound } from '../outcomes.js';
import type { FalloutResolution } from '../fallout/incident-desk.js';
import { recordResolution, resumeAfterPeople } from '../fallout/fallout.js';
import { freezeOrder, unfreezeOrder } from '../orders/freeze-order.js';
import type { StateChangeResult } from '../orders/change-order-state.js';
import type { Logger } from '../observability/logger.js';
import { currentPrincipal } from '../security/principal.js';
import { orderOverview, type OverviewSources } from './order-overview.js';
import type { PoolLevels } from './pool-levels.js';

export interface ConsoleApiDeps extends OverviewSources {
  pools: PoolLevels;
  /** An order was unfrozen: its process is told now. */
  unfrozen: (orderId: string) => void;
  /** A fallout case was resolved: its process is told now. */
  resolved: (falloutId: string) => void;
  /** Where fallout cases are worked (ServiceNow): told when one is resolved here instead. */
  cases?: { addWorkNote(sysId: string, note: string): Promise<unknown> } | undefined;
  log: Logger;
}

const idOf = (req: Request): string => String(req.params['id']);
const RESOLUTIONS: readonly FalloutResolution[] = ['retry', 'skip', 'fail'];
const MAX_TEXT = 500;

/** Optional free text from a JSON body: a string of at most MAX_TEXT characters. */
function textField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT) throw new ApiError(400, 'INVALID_BODY', `Invalid ${name}`, `${name} must be a string of at most ${MAX_TEXT} characters`);
  return value.trim() || undefined;
}

/**
 * What the back-office console needs beyond the TMF APIs (mount at ADMIN_BASE_PATH): an order's
 * overview (timeline, payments, numbers, child orders, fallout cases, its process), freeze and
 * unfreeze, the resolution of a fallout case, and inventory pool levels. The permission table says
 * who may call each.
 */
export function consoleApiRoutes(deps: ConsoleApiDeps): Router {
  const router = Router();
  router.get('/productOrder/:id/overview', async (req, res) => {
    const overview = await orderOverview(deps, idOf(req));
    if (!overview) throw notFound('productOrder', idOf(req));
    res.json(overview);
  });

  const answer = (orderId: string, result: StateChangeResult) => {
    if (result.outcome === 'not-found') throw notFound('productOrder', orderId);
    if (result.outcome === 'refused') throw new ApiError(409, 'ORDER_NOT_CHANGEABLE', 'The order cannot be changed so', result.reason);
    return { id: orderId, state: result.order.state, changed: result.outcome === 'changed' };
  };
  const json = requireContentType(['application/json']);
  router.post('/productOrder/:id/freeze', json, async (req, res) => {
    const reason = textField(req.body, 'reason');
    const who = currentPrincipal()?.subject ?? 'the console';
    const result = answer(idOf(req), await freezeOrder(deps.orders, idOf(req), reason ? `${reason} (${who})` : `frozen by ${who}`));
    deps.log.info('order frozen from the console', { orderId: idOf(req), by: who, changed: result.changed });
    res.json(result);
  });
  router.post('/productOrder/:id/unfreeze', json, async (req, res) => {
    const result = answer(idOf(req), await unfreezeOrder(deps.orders, idOf(req)));
    if (result.changed) deps.unfrozen(idOf(req));
    deps.log.info('order unfrozen from the console', { orderId: idOf(req), by: currentPrincipal()?.subject, changed: result.changed });
    res.json(result);
  });

  router.post('/fallout/:id/resolution', json, async (req, res) => {
    const resolution = (req.body as Record<string, unknown> | undefined)?.['resolution'];
    if (!RESOLUTIONS.includes(resolution as FalloutResolution)) throw new ApiError(400, 'INVALID_BODY', 'Invalid resolution', `resolution must be one of ${RESOLUTIONS.join(', ')}`);
    const who = currentPrincipal()?.subject ?? 'the console';
    const note = textField(req.body, 'note');
    const outcome = await recordResolution(deps.fallouts, idOf(req), resolution as FalloutResolution, `${note ?? ''}${note ? ' ' : ''}(resolved in the Ordo console by ${who})`);
    if (outcome === 'unknown') throw notFound('fallout case', idOf(req));
    if (outcome === 'duplicate') throw new ApiError(409, 'ALREADY_RESOLVED', 'The case is resolved already', `fallout case ${idOf(req)} has a resolution`);
    if (outcome === 'closed') throw new ApiError(409, 'CASE_CLOSED', 'The case is closed', `fallout case ${idOf(req)} closed when its item ended; there is nothing to resolve`);
    const fallout = await deps.fallouts.collection.findOne({ _id: idOf(req) });
    if (fallout) await resumeAfterPeople(deps, fallout.orderId);
    deps.resolved(idOf(req));
    if (deps.cases && fallout?.incident) {
      const workNote = `Resolved in the Ordo console by ${who}: ${resolution}${note ? ` (${note})` : ''}. The case closes when the item ends.`;
      deps.cases.addWorkNote(fallout.incident.sysId, workNote).catch((err: Error) => deps.log.warn('could not add a work note to the case', { falloutId: idOf(req), error: err.message }));
    }
    deps.log.info('fallout case resolved from the console', { falloutId: idOf(req), orderId: fallout?.orderId, resolution, by: who });
    res.json({ id: idOf(req), resolution });
  });

  router.get('/inventoryPool', async (_req, res) => {
    res.json(await deps.pools.levels());
  });

  router.all('/productOrder/:id/overview', methodNotAllowed('GET'));
  router.all('/productOrder/:id/freeze', methodNotAllowed('POST'));
  router.all('/productOrder/:id/unfreeze', methodNotAllowed('POST'));
  router.all('/fallout/:id/resolution', methodNotAllowed('POST'));
  router.all('/inventoryPool', methodNotAllowed('GET'));
  return router;
}
