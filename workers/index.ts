import type { OrderStore } from '../engine/orders/order-store.js';
import type { CancelStore } from '../engine/cancellations/cancel-store.js';
import type { Catalog } from '../engine/catalog/catalog-service.js';
import type { ResourceStore } from '../engine/inventory/resource-store.js';
import { reserveResourceWorker } from './reserve-resource/worker.js';
import { confirmResourcesWorker } from './confirm-resources/worker.js';
import { releaseResourcesWorker } from './release-resources/worker.js';
import { updateCancelRequestWorker } from './update-cancel-request/worker.js';
import type { AnyWorker } from './runtime/define-worker.js';
import type { DecompositionDeps } from '../engine/technical-orders/decompose.js';
import type { WithdrawDeps } from '../engine/technical-orders/withdraw-services.js';
import type { CodeDeps } from '../engine/signup/sign-up-steps.js';
import { updateOrderStateWorker } from './update-order-state/worker.js';
import { requestOrderInformationWorker } from './request-order-information/worker.js';
import { validateOrderWorker } from './validate-order/worker.js';
import { updateItemStateWorker } from './update-item-state/worker.js';
import { checkProductConfigurationWorker } from './check-product-configuration/worker.js';
import { completeOrderWorker } from './complete-order/worker.js';
import { collectPaymentWorker } from './collect-payment/worker.js';
import { refundPaymentWorker } from './refund-payment/worker.js';
import type { PaymentDeps } from '../engine/payments/collect-payment.js';
import type { CpqSystem } from '../engine/cpq/cpq-system.js';
import { holdIfFrozenWorker } from './hold-if-frozen/worker.js';
import { openFalloutCaseWorker } from './open-fallout-case/worker.js';
import type { FalloutDeps } from '../engine/fallout/fallout.js';
import { notifySalesforceWorker } from './notify-salesforce/worker.js';
import { createServiceOrdersWorker } from './create-service-orders/worker.js';
import { createResourceOrdersWorker } from './create-resource-orders/worker.js';
import { checkChildOrdersWorker } from './check-child-orders/worker.js';
import { updateTechnicalOrderStateWorker } from './update-technical-order-state/worker.js';
import { activateResourceWorker } from './activate-resource/worker.js';
import { undoResourceOrderWorker } from './undo-resource-order/worker.js';
import { recordServiceInventoryWorker } from './record-service-inventory/worker.js';
import { recordProductInventoryWorker } from './record-product-inventory/worker.js';
import { cancelChildOrdersWorker } from './cancel-child-orders/worker.js';
import { withdrawServicesWorker } from './withdraw-services/worker.js';
import type { CustomerCheck } from '../engine/orders/validate-order.js';
import type { PartyRecords } from '../engine/customers/party-records.js';
import type { PartyUsers } from '../engine/customers/party-users.js';
import { sendSignUpCodeWorker } from './send-sign-up-code/worker.js';
import { createSignUpCustomerWorker } from './create-sign-up-customer/worker.js';
import { enrolSignUpUserWorker } from './enrol-sign-up-user/worker.js';
import { finishSignUpWorker } from './finish-sign-up/worker.js';
import type { AbandonmentDeps } from '../engine/carts/abandonment.js';
import { sendCartReminderWorker } from './send-cart-reminder/worker.js';
import { expireCartWorker } from './expire-cart/worker.js';

/** The steps of the product order and its items (bpmn/product-order.bpmn and the item models). */
export function orderWorkers(deps: { orders: OrderStore; catalog: Catalog; checkCustomer: CustomerCheck | undefined } & FalloutDeps): AnyWorker[] {
  return [
    validateOrderWorker(deps),
    requestOrderInformationWorker(deps),
    updateOrderStateWorker(deps),
    updateItemStateWorker(deps),
    checkProductConfigurationWorker(deps),
    completeOrderWorker(deps),
    holdIfFrozenWorker(deps),
  ];
}

/** The steps that hold, confirm and give back an item's numbers and SIM cards (TMF639). */
export function inventoryWorkers(deps: { orders: OrderStore; resources: ResourceStore; reservationTtlMs: number }): AnyWorker[] {
  return [reserveResourceWorker(deps), confirmResourcesWorker(deps), releaseResourcesWorker(deps)];
}

/** The steps that collect and refund an item's payment (TMF676). */
export function paymentWorkers(deps: PaymentDeps & { paymentConfirmationTimeoutMs: number }): AnyWorker[] {
  return [collectPaymentWorker(deps), refundPaymentWorker(deps)];
}

/** The step that hands a step people must look at to the incident desk. */
export function falloutWorkers(deps: FalloutDeps): AnyWorker[] {
  return [openFalloutCaseWorker(deps)];
}

/** The step that tells the CPQ (Salesforce) how its order goes. */
export function cpqWorkers(deps: { orders: OrderStore; salesforce: CpqSystem | undefined }): AnyWorker[] {
  return [notifySalesforceWorker(deps)];
}

/** The step of a cancellation (bpmn/product-order.bpmn's cancellation sub-process). */
export function cancellationWorkers(deps: { orders: OrderStore; cancellations: CancelStore }): AnyWorker[] {
  return [updateCancelRequestWorker(deps)];
}

/** The steps of self-service sign-up (bpmn/sign-up.bpmn). */
export function signUpWorkers(deps: CodeDeps & { records: PartyRecords; users: PartyUsers }): AnyWorker[] {
  return [sendSignUpCodeWorker(deps), createSignUpCustomerWorker(deps), enrolSignUpUserWorker(deps), finishSignUpWorker(deps)];
}

/** The steps of bpmn/abandoned-cart.bpmn. */
export function cartWorkers(deps: AbandonmentDeps): AnyWorker[] {
  return [sendCartReminderWorker(deps), expireCartWorker(deps)];
}

/** The workers of decomposition: service and resource orders, their network activation and the inventories. */
export function technicalOrderWorkers(deps: DecompositionDeps & WithdrawDeps): AnyWorker[] {
  return [
    createServiceOrdersWorker(deps),
    createResourceOrdersWorker(deps),
    checkChildOrdersWorker(deps),
    updateTechnicalOrderStateWorker(deps),
    activateResourceWorker(deps),
    undoResourceOrderWorker(deps),
    recordServiceInventoryWorker(deps),
    recordProductInventoryWorker(deps),
    cancelChildOrdersWorker(deps),
    withdrawServicesWorker(deps),
  ];
}

/**
 * Every worker Ordo runs, for what they declare (types, variables, element templates); their
 * handlers are never called here. Each capability runs its own with its own dependencies. A new
 * worker is added to its capability's group above and gets its element template from `ordo templates`.
 */
export function workerDefinitions(): AnyWorker[] {
  const unused = new Proxy({}, { get: () => { throw new Error('worker dependencies are not available here'); } }) as never;
  return [orderWorkers, inventoryWorkers, paymentWorkers, falloutWorkers, cpqWorkers, cancellationWorkers, signUpWorkers, cartWorkers, technicalOrderWorkers].flatMap((group) => group(unused));
}
