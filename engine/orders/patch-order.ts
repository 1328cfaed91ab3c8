import type { CustomerCheck } from './validate-order.js';
import { Refusal, RefusalKind, notFound } from '../outcomes.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import { mergePatch } from '../tmf/merge-patch.js';
import { withEvents } from '../events/outbox.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { orderAttributesChangedEvent } from './order-events.js';
import type { OrderStore } from './order-store.js';
import { withNormalisedDates, type ProductOrder, type ProductOrderItem } from './product-order.js';
import { ProductOrderState, type ProductOrderState as State } from './states.js';
import { tmf622 } from './tmf622.js';
import { withUnitsOf } from './fulfilment.js';
import { openRequest, providedFields } from './information-request.js';
import { isItemOfferingPath, itemsWithSuppliedOfferings, supplies, unchangedItems } from './item-offering.js';
import type { ItemSelection, OrderItemRef } from '../catalog/select-processes.js';
import type { ExtensionSchemas } from '../tmf/extension-schemas.js';

const validateOrder = tmf622.validator('ProductOrder');
const updatable = new Set(Object.keys((tmf622.definition('ProductOrder_Update') as { properties: object }).properties));

/** Attributes the spec lets a client update but Ordo owns: the process sets them. */
const ownedByOrdo = new Set(['state', 'completionDate', 'expectedCompletionDate', 'cancellationDate', 'cancellationReason']);
/** Attributes fixed once the order is accepted: its content and identity. */
const fixedAfterAcceptance = new Set(['productOrderItem', 'externalId', '@type', '@baseType', '@schemaLocation']);
/** What may change while fulfilment has not begun, and (informational only) once it has. */
const informational = ['description', 'note', 'notificationContact', 'priority', 'category'];
const commercial = ['requestedCompletionDate', 'requestedStartDate', 'relatedParty', 'billingAccount', 'channel', 'agreement', 'payment', 'orderTotalPrice', 'productOfferingQualification', 'quote'];
const S = ProductOrderState;
const patchableIn: Partial<Record<State, readonly string[]>> = {
  [S.acknowledged]: [...informational, ...commercial],
  [S.pending]: [...informational, ...commercial],
  [S.held]: [...informational, ...commercial],
  [S.inProgress]: informational,
  [S.assessingCancellation]: informational,
  [S.pendingCancellation]: informational,
};

/** Attributes a client may PATCH while the order is in `state`. */
export const attributesPatchableIn = (state: State): readonly string[] => patchableIn[state] ?? [];

/** Present with a value: what "the client supplied it" means for requested information. */
export const isSupplied = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/**
 * PATCH productOrder/{id}: a merge patch of the attributes the current state allows; state and the
 * order's content change only through the process. Emits ProductOrderAttributeValueChangeEvent in
 * the same write.
 */
export interface PatchOrderDeps {
  orders: OrderStore;
  extensions: ExtensionSchemas;
  /** 422 unless the order can be paid as it says. */
  assertPayable: (order: ProductOrder) => void;
  /** The catalog's answer for items given their offering by this PATCH (422 when none). */
  selectFulfilment: (items: readonly OrderItemRef[]) => Promise<ItemSelection[]>;
  /** The customers capability's check (ORDO_CUSTOMER_CHECK=registered): a changed customer or billing account must pass it. */
  checkCustomer: CustomerCheck | undefined;
}

export async function patchOrder(deps: PatchOrderDeps, id: string, patch: unknown): Promise<ProductOrder> {
  const { orders, extensions, assertPayable } = deps;
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'A merge patch must be a JSON object');
  assertSafeBody(patch);
  const attributes = Object.keys(patch);
  const unknown = attributes.filter((a) => !updatable.has(a));
  if (unknown.length) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Attributes that cannot be updated', `${unknown.join(', ')}: not updatable attributes of ProductOrder`);
  const owned = attributes.filter((a) => ownedByOrdo.has(a));
  if (owned.length) throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Set by the order process', `${owned.join(', ')} change as the order is processed (to cancel, POST cancelProductOrder)`);

  const busy = () => new Refusal(RefusalKind.conflict, 'CONCURRENT_UPDATE', 'The order is changing too often', `Could not apply the patch to ${id}; retry`);
  return retryOnRace(busy, async () => {
    const stored = await orders.findStored(id);
    if (!stored) throw notFound('ProductOrder', id);
    const { _id, _ordo, ...current } = stored;
    const request = openRequest(_ordo);
    // Items an open request asks offerings for are the one way the items change after acceptance.
    const askedOfferings = current.state === ProductOrderState.pending && request ? request.fieldPath.filter(isItemOfferingPath) : [];
    // The items sent back as they are (a retried PATCH, say) change nothing, whatever the state.
    const touched = 'productOrderItem' in patch && unchangedItems(current.productOrderItem as ProductOrderItem[], (patch as Record<string, unknown>)['productOrderItem']) ? attributes.filter((a) => a !== 'productOrderItem') : attributes;
    const fixed = touched.filter((a) => fixedAfterAcceptance.has(a) && !(a === 'productOrderItem' && askedOfferings.length > 0));
    if (fixed.length) throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Fixed once the order is accepted', `${fixed.join(', ')} cannot change on an accepted order; cancel it and place a new one`);
    const allowed = [...(patchableIn[current.state] ?? []), ...(askedOfferings.length > 0 ? ['productOrderItem'] : [])];
    const refused = touched.filter((a) => !allowed.includes(a));
    if (refused.length) throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', `Not changeable in state ${current.state}`, `${refused.join(', ')} cannot change while the order is ${current.state}`);

    const next = mergePatch(current, patch) as ProductOrder;
    if (touched.includes('productOrderItem')) next.productOrderItem = itemsWithSuppliedOfferings(current.productOrderItem as ProductOrderItem[], (patch as Record<string, unknown>)['productOrderItem'], askedOfferings);
    const problemsBefore = validateOrder(next);
    if (problemsBefore.length) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'The patched order would be invalid', formatProblems(problemsBefore));
    Object.assign(next, withNormalisedDates(next));
    await extensions.assertConforms(next);
    if ('payment' in patch && JSON.stringify(next['payment']) !== JSON.stringify(current['payment'])) {
      const paidAtCheckout = ((current['payment'] ?? []) as { '@referredType'?: string }[]).some((ref) => ref['@referredType'] === 'Payment');
      if (paidAtCheckout) throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Paid at checkout', 'The order was paid when its shopping cart was checked out; its payment cannot change');
      assertPayable(next);
    }
    if (!touched.includes('productOrderItem')) next.productOrderItem = current.productOrderItem;
    const changed = touched.filter((a) => JSON.stringify(next[a]) !== JSON.stringify(current[a]));
    // The same PATCH again also answers a request made after it (it raced the process's question).
    const answersRequest = !!request && request.fieldPath.every((a) => supplies(next, a, isSupplied));
    if (changed.length === 0 && !answersRequest) return current as ProductOrder;

    if (deps.checkCustomer && changed.some((a) => a === 'relatedParty' || a === 'billingAccount')) {
      // Validation has checked them already, or will; a change afterwards must not slip past it.
      const verdict = await deps.checkCustomer({ ...(next as unknown as Record<string, unknown>), ...(_ordo.party ? { placedBy: _ordo.party } : {}) });
      if (verdict.rejectionReason) throw new Refusal(RefusalKind.unprocessable, 'CUSTOMER_NOT_ACCEPTED', 'The customer or billing account cannot be used', verdict.rejectionReason);
    }
    const set: Record<string, unknown> = Object.fromEntries(changed.filter((a) => next[a] !== undefined).map((a) => [a, next[a]]));
    if (changed.includes('productOrderItem')) {
      // Selected now, as an item named at POST was then: an unknown offering or quantity is a 422 and changes nothing.
      const selection = await deps.selectFulfilment(next.productOrderItem as unknown as OrderItemRef[]);
      Object.assign(set, withUnitsOf(_ordo, selection));
    }
    // The process waits for this: the notifier tells it (message order-information-provided).
    if (answersRequest) Object.assign(set, providedFields());
    const unset = Object.fromEntries(changed.filter((a) => next[a] === undefined).map((a) => [a, '']));
    const update = withEvents({ ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) }, changed.length ? [orderAttributesChangedEvent(next, changed)] : []);
    return (await orders.updateAtRevision(id, _ordo.revision, update)) ? next : LOST_RACE;
  });
}
