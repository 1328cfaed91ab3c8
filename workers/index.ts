import type { OrderStore } from '../engine/orders/order-store.js';
import type { CancelStore } from '../engine/cancellations/cancel-store.js';
import type { Catalog } from '../engine/catalog/catalog-service.js';
import type { ResourceStore } from '../engine/inventory/resource-store.js';
import { reserveResourceWorker } from './reserve-resource/worker.js';
import { confirmResourcesWorker } from './confirm-resources/worker.js';
import { releaseResourcesWorker } from './release-resources/worker.js';
import { updateCancelRequestWorker } from './update-cancel-request/worker.js';
import type { AnyWorker } from './runtime/define-worker.js';
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
import type { ActivationGateway } from '../engine/activation/activation-gateway.js';
import type { FalloutDeps } from '../engine/fallout/fallout.js';
import { notifySalesforceWorker } from './notify-salesforce/worker.js';
import type { TechnicalOrders } from '../engine/technical-orders/technical-orders.js';
import type { ProductInventory } from '../engine/product-inventory/product-inventory.js';
import type { ServiceInventory } from '../engine/service-inventory/service-inventory.js';
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
import type { SignUpStore } from '../engine/signup/sign-up.js';
import type { Notifications } from '../engine/notifications/notifications.js';
import { sendSignUpCodeWorker } from './send-sign-up-code/worker.js';
import { createSignUpCustomerWorker } from './create-sign-up-customer/worker.js';
import { enrolSignUpUserWorker } from './enrol-sign-up-user/worker.js';
import { finishSignUpWorker } from './finish-sign-up/worker.js';
import type { AbandonmentDeps } from '../engine/carts/abandonment.js';
import { sendCartReminderWorker } from './send-cart-reminder/worker.js';
import { expireCartWorker } from './expire-cart/worker.js';

export interface WorkerDependencies extends PaymentDeps, FalloutDeps {
  orders: OrderStore;
  cancellations: CancelStore;
  catalog: Catalog;
  resources: ResourceStore;
  reservationTtlMs: number;
  paymentConfirmationTimeoutMs: number;
  /** The CPQ orders are reported back to (Salesforce); undefined when no Salesforce connection is configured. */
  salesforce: CpqSystem | undefined;
  /** Undefined when no activation gateway is configured. */
  activation: ActivationGateway | undefined;
  serviceOrders: TechnicalOrders;
  resourceOrders: TechnicalOrders;
  products: ProductInventory;
  services: ServiceInventory;
  /** Undefined with ORDO_CUSTOMER_CHECK=off. */
  checkCustomer: CustomerCheck | undefined;
  records: PartyRecords;
  users: PartyUsers;
  signUps: SignUpStore;
  notifications: Notifications;
  /** What the abandoned-cart workers need. */
  abandonment: AbandonmentDeps;
  /** Keys the stored hashes of one-time codes. */
  pepper: Buffer;
  otpTtlMs: number;
}

/** Every worker Ordo runs. A new worker is added here and gets its element template from `ordo templates`. */
export function allWorkers(deps: WorkerDependencies): AnyWorker[] {
  return [
    validateOrderWorker(deps),
    requestOrderInformationWorker(deps),
    updateOrderStateWorker(deps),
    updateItemStateWorker(deps),
    checkProductConfigurationWorker(deps),
    reserveResourceWorker(deps),
    collectPaymentWorker(deps),
    refundPaymentWorker(deps),
    confirmResourcesWorker(deps),
    releaseResourcesWorker(deps),
    completeOrderWorker(deps),
    holdIfFrozenWorker(deps),
    notifySalesforceWorker(deps),
    openFalloutCaseWorker(deps),
    updateCancelRequestWorker(deps),
    ...technicalOrderWorkers(deps),
    ...signUpWorkers(deps),
    // The steps of bpmn/abandoned-cart.bpmn.
    sendCartReminderWorker(deps.abandonment),
    expireCartWorker(deps.abandonment),
  ];
}

/** The steps of self-service sign-up (bpmn/sign-up.bpmn). */
function signUpWorkers(deps: WorkerDependencies): AnyWorker[] {
  return [sendSignUpCodeWorker(deps), createSignUpCustomerWorker(deps), enrolSignUpUserWorker(deps), finishSignUpWorker(deps)];
}

/** The workers of decomposition: service and resource orders, their network activation and the inventories. */
function technicalOrderWorkers(deps: WorkerDependencies): AnyWorker[] {
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
