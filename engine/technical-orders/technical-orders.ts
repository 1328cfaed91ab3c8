import { traceVariable } from '../observability/tracing.js';
import type { Db } from 'mongodb';
import { Router } from 'express';
import type { CatalogStore } from '../catalog/catalog-store.js';
import type { Hub } from '../events/hub.js';
import { hubRoutes } from '../events/hub-routes.js';
import { methodNotAllowed, requireContentType } from '../http/app.js';
import type { Logger } from '../observability/logger.js';
import { requestingParty } from '../security/principal.js';
import { MessageNotifier } from '../process/message-notifier.js';
import { ProcessStarter, type Startable } from '../process/process-starter.js';
import type { ProcessEngine } from '../process/process-engine.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import { addReadRoutes } from '../tmf/read-routes.js';
import type { TmfRecordStore } from '../tmf/tmf-record-store.js';
import { cancelMessages, requestCancellationFromApi, requestTechnicalCancellation, technicalCancelListSpec, technicalCancelStore, type StoredTechnicalCancel, type TechnicalCancel } from './cancel-technical-order.js';
import { finishedMessages } from './finished-messages.js';
import type { TechnicalOrderKind } from './order-kinds.js';
import { placeTechnicalOrder, type PlaceTechnicalOrderRequest } from './place-technical-order.js';
import { technicalOrderListSpec } from './technical-order-list-spec.js';
import { TechnicalOrderStore } from './technical-order-store.js';
import { itemsOf, type StoredTechnicalOrder, type TechnicalOrder } from './technical-order.js';

/** One TMF641 or TMF652 API with everything behind it: store, cancel tasks, process starts, parent messages. */
export interface TechnicalOrders {
  kind: TechnicalOrderKind;
  store: TechnicalOrderStore;
  cancels: TmfRecordStore<StoredTechnicalCancel>;
  place(request: PlaceTechnicalOrderRequest): Promise<{ order: TechnicalOrder; replayed: boolean }>;
  cancel(orderId: string, reason: string): Promise<TechnicalCancel>;
  routes(hub: Hub, publicUrl: () => string): Router;
  /** An order of this kind may have ended: tell its parent's process now, if it owes that. */
  parentMayWait(id: string): void;
  /** Starts processes and sends owed messages; call once the models are deployed. */
  run(): void;
  stop(): Promise<void>;
}

export interface TechnicalOrderSettings {
  db: Db;
  catalog: CatalogStore;
  engine: ProcessEngine;
  publicUrl: () => string;
  pollMs: number;
  /** How long a claimed process start is this Ordo's (ms). */
  startLeaseMs: number;
  messageTtlMs: number;
  log: Logger;
}

/** The variables a service or resource order's process starts with: ids and item summary, never the whole order. */
export function technicalStartVariables(kind: TechnicalOrderKind, order: StoredTechnicalOrder): Record<string, unknown> {
  return {
    [`${kind.resource}Id`]: order.id,
    orderId: order._ordo.root?.orderId ?? null,
    unitId: order._ordo.root?.unitId ?? null,
    parentOrderId: order._ordo.parent?.id ?? null,
    itemIds: order._ordo.itemSequence,
    items: itemsOf(order, kind.itemsField).map((item) => ({ id: item.id, action: item.action, specificationId: kind.specificationOf(item) ?? null })),
    traceContext: traceVariable(order._ordo.traceContext),
  };
}

export async function openTechnicalOrders(kind: TechnicalOrderKind, settings: TechnicalOrderSettings): Promise<TechnicalOrders> {
  const store = new TechnicalOrderStore(settings.db, kind, settings.publicUrl, settings.engine);
  await store.ensureIndexes();
  const cancels = technicalCancelStore(settings.db, kind, settings.publicUrl);
  await cancels.ensureIndexes();
  const starter = new ProcessStarter(
    { collection: store.collection, message: kind.startMessage, variables: (doc: Startable) => technicalStartVariables(kind, doc as unknown as StoredTechnicalOrder), what: kind.resource },
    settings.engine,
    { retryMs: settings.pollMs, leaseMs: settings.startLeaseMs },
    settings.log,
  );
  const notifierTiming = { pollMs: settings.pollMs, messageTtlMs: settings.messageTtlMs };
  const finished = new MessageNotifier(finishedMessages(store), settings.engine, notifierTiming, settings.log);
  const cancelNotifier = new MessageNotifier(cancelMessages(store), settings.engine, notifierTiming, settings.log);
  const placeDeps = { store, catalog: settings.catalog, startProcess: (id: string) => starter.kick(id) };
  const cancelDeps = { orders: store, cancels, notify: (id: string) => cancelNotifier.kick(id) };

  return {
    kind,
    store,
    cancels,
    place: (request) => placeTechnicalOrder(request, placeDeps),
    cancel: (orderId, reason) => requestTechnicalCancellation(cancelDeps, orderId, { reason }),
    routes(hub, publicUrl) {
      const router = Router();
      router.use(apiDocsRoutes(kind.swaggerFile, kind.basePath, publicUrl()));
      router.use(hubRoutes(hub, kind.api, kind.schemas, () => `${publicUrl()}${kind.basePath}`));
      router.post(`/${kind.resource}`, requireContentType(['application/json']), async (req, res) => {
        const { order, replayed } = await placeTechnicalOrder({ body: req.body, party: requestingParty(), idempotencyKey: req.get('Idempotency-Key') }, placeDeps);
        if (replayed) res.set('Idempotent-Replayed', 'true');
        res.status(201).location(order.href).json(order);
      });
      addReadRoutes(router, kind.resource, kind.typeName, store, technicalOrderListSpec(kind));
      router.post(`/${kind.cancelResource}`, requireContentType(['application/json']), async (req, res) => {
        const cancel = await requestCancellationFromApi(req.body, cancelDeps);
        res.status(201).location(cancel.href).json(cancel);
      });
      addReadRoutes(router, kind.cancelResource, kind.cancelTypeName, cancels, technicalCancelListSpec);
      router.all(`/${kind.resource}`, methodNotAllowed('GET, POST'));
      router.all(`/${kind.resource}/:id`, methodNotAllowed('GET'));
      router.all(`/${kind.cancelResource}`, methodNotAllowed('GET, POST'));
      router.all(`/${kind.cancelResource}/:id`, methodNotAllowed('GET'));
      return router;
    },
    parentMayWait: (id) => finished.kick(id),
    run() {
      starter.run();
      finished.run();
      cancelNotifier.run();
    },
    async stop() {
      await starter.stop();
      await finished.stop();
      await cancelNotifier.stop();
    },
  };
}
