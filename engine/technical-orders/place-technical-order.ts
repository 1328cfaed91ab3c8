import { randomUUID } from 'node:crypto';
import { Refusal, RefusalKind } from '../outcomes.js';
import { currentTraceCarrier } from '../observability/tracing.js';
import { ProductOrderItemState, ProductOrderState } from '../orders/states.js';
import { serverOwnedOrderFields, withNormalisedDates } from '../orders/product-order.js';
import type { CatalogStore } from '../catalog/catalog-store.js';
import type { FulfilmentAction } from '../catalog/catalog-entities.js';
import { createIdentity, createKeys, earlierCreateFilter, replayEarlierCreate } from '../tmf/idempotent-create.js';
import { pendingStart } from '../process/process-starter.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { technicalOrderCreatedEvent } from './technical-order-events.js';
import { actingParty } from '../security/principal.js';
import type { TechnicalOrderStore } from './technical-order-store.js';
import type { ParentLink, RootLink, StoredTechnicalOrder, TechnicalOrder, TechnicalOrderItem } from './technical-order.js';
import { queuedEvents } from '../events/outbox.js';

export interface PlaceTechnicalOrderDeps {
  store: TechnicalOrderStore;
  catalog: CatalogStore;
  startProcess: (id: string) => void;
}

export interface PlaceTechnicalOrderRequest {
  body: unknown;
  party: string;
  idempotencyKey?: string | undefined;
  /** Set when Ordo decomposes a parent order into this one. */
  parent?: ParentLink;
  root?: RootLink;
  /** Who owns it when Ordo creates it (the parent's owner); a POST is owned by the caller's party. */
  owner?: string | undefined;
}

const actions = new Set(['add', 'modify', 'delete', 'noChange']);
const dependencyTypes = new Set(['dependency', 'dependson', 'depends_on', 'requires']);

/**
 * A new service or resource order, the same way whether an external system POSTs it or Ordo
 * decomposes a product order into it: validated against the TMF create schema, each item's
 * specification known to the catalog, its item dependencies acyclic; stored `acknowledged` with its
 * create event in one write, then its process is started (and retried while the engine is down). A
 * repeat (same Idempotency-Key or externalId from the same party) gets the first order back.
 */
export async function placeTechnicalOrder(request: PlaceTechnicalOrderRequest, deps: PlaceTechnicalOrderDeps): Promise<{ order: TechnicalOrder; replayed: boolean }> {
  const { kind } = deps.store;
  const body = validCreate(request.body, deps.store);
  // An order Ordo decomposes names itself by an externalId derived from its parent: that id decides.
  const keys = { ...createKeys(request.party, request.idempotencyKey, body), ...(request.parent ? { externalIdAnyBody: true as const } : {}) };
  const items = (body[kind.itemsField] as Record<string, unknown>[]).map(acknowledged);
  const itemSequence = dependencyOrder(items, kind.itemRelationshipField);
  let bpmnProcessId: string;
  try {
    bpmnProcessId = await processFor(items, deps);
  } catch (err) {
    const earlier = earlierCreateFilter(keys);
    if (earlier && (await deps.store.findStoredBy(earlier))) return { order: await replayEarlierCreate<TechnicalOrder>((f) => deps.store.findStoredBy(f), keys, kind.typeName), replayed: true };
    throw err;
  }
  const id = randomUUID();
  const order: TechnicalOrder = {
    ...body,
    id,
    href: deps.store.href(id),
    orderDate: new Date().toISOString(),
    state: ProductOrderState.acknowledged,
    [kind.itemsField]: items,
    '@type': typeof body['@type'] === 'string' ? body['@type'] : kind.typeName,
  };
  const stored: StoredTechnicalOrder = {
    ...order,
    _id: id,
    _ordo: {
      revision: 0,
      process: pendingStart(bpmnProcessId),
      traceContext: currentTraceCarrier(),
      ...createIdentity(keys),
      ...(request.parent ? { parent: request.parent } : {}),
      ...(request.root ? { root: request.root } : {}),
      ...((request.owner ?? actingParty()) ? { party: (request.owner ?? actingParty())! } : {}),
      itemSequence,
      ...queuedEvents([technicalOrderCreatedEvent(kind, order)]),
    },
  };
  try {
    await deps.store.insert(stored);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return { order: await replayEarlierCreate<TechnicalOrder>((f) => deps.store.findStoredBy(f), keys, kind.typeName), replayed: true };
  }
  deps.startProcess(id);
  return { order, replayed: false };
}

function validCreate(body: unknown, store: TechnicalOrderStore): Record<string, unknown> {
  const { kind } = store;
  const definition = `${kind.typeName}_Create`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Request body must be a ${definition} JSON object`);
  assertSafeBody(body);
  const problems = kind.schemas.validator(definition)(body);
  if (problems.length > 0) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, formatProblems(problems));
  const record = body as Record<string, unknown>;
  const items = record[kind.itemsField];
  if (!Array.isArray(items) || items.length === 0) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, `/${kind.itemsField} must hold at least one item`);
  const ids = new Set<string>();
  items.forEach((item: Record<string, unknown>, i) => {
    const where = `/${kind.itemsField}/${i}`;
    if (typeof item['id'] !== 'string' || item['id'] === '') throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, `${where} must have property 'id'`);
    if (ids.has(item['id'])) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, `${where}/id ${item['id']} is used by another item`);
    ids.add(item['id']);
    if (typeof item['action'] !== 'string' || !actions.has(item['action'])) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, `${where}/action must be one of add, modify, delete, noChange`);
    if (!kind.specificationOf(item)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', `Invalid ${definition}`, `${where} must name its ${kind.specificationType} (id)`);
  });
  return withNormalisedDates(Object.fromEntries(Object.entries(record).filter(([k]) => !(serverOwnedOrderFields as readonly string[]).includes(k) && k !== 'startDate')));
}

const acknowledged = (item: Record<string, unknown>): TechnicalOrderItem => ({ ...item, state: ProductOrderItemState.acknowledged }) as TechnicalOrderItem;

/** The items it must wait for: relationships of a dependency type naming another item of the same order. */
export function dependenciesOf(item: Record<string, unknown>, relationshipField: string): string[] {
  const relationships = (item[relationshipField] as { relationshipType?: string; orderItem?: { itemId?: string } }[] | undefined) ?? [];
  return relationships.filter((r) => dependencyTypes.has((r.relationshipType ?? '').toLowerCase()) && typeof r.orderItem?.itemId === 'string').map((r) => r.orderItem!.itemId!);
}

/** Item ids, each after those it depends on (stable otherwise); unknown items or a cycle are a 400. */
function dependencyOrder(items: TechnicalOrderItem[], relationshipField: string): string[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Order items depend on each other in a cycle', [...path, id].join(' -> '));
    state.set(id, 'visiting');
    for (const dep of dependenciesOf(byId.get(id)!, relationshipField)) {
      if (!byId.has(dep)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Order item depends on an unknown item', `item ${id} depends on ${dep}, which is not in this order`);
      visit(dep, [...path, id]);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const item of items) visit(item.id, []);
  return order;
}

/**
 * The process the order runs: the one its items' specifications name for their action
 * (`fulfilmentProcess`, as product specifications do), else the kind's default. Every item must
 * be known to the catalog, and all must agree on one process (422 otherwise).
 */
async function processFor(items: TechnicalOrderItem[], deps: PlaceTechnicalOrderDeps): Promise<string> {
  const { kind } = deps.store;
  const chosen = new Set<string>();
  const catalog = deps.catalog.atOneReading();
  for (const item of items) {
    const specId = kind.specificationOf(item)!;
    const spec = kind.specificationType === 'serviceSpecification' ? await catalog.getServiceSpecification(specId) : await catalog.getResourceSpecification(specId);
    if (!spec) throw new Refusal(RefusalKind.unprocessable, 'UNKNOWN_SPECIFICATION', `Unknown ${kind.specificationType}`, `Item ${item.id}: the catalog has no ${kind.specificationType} ${specId}`);
    const named = (spec['fulfilmentProcess'] as Partial<Record<FulfilmentAction, { bpmnProcessId?: string }>> | undefined)?.[item.action as FulfilmentAction]?.bpmnProcessId;
    chosen.add(named ?? kind.defaultProcess);
  }
  if (chosen.size > 1) throw new Refusal(RefusalKind.unprocessable, 'MIXED_PROCESSES', 'Items need different processes', `The items' specifications name processes ${[...chosen].join(', ')}; send them as separate orders`);
  return [...chosen][0]!;
}
