import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { queuedEvents, withEvents } from '../events/outbox.js';
import { Refusal, RefusalKind, refusesRequest } from '../outcomes.js';
import { cartHolds, releaseCartHolds, transferHold } from '../inventory/number-holds.js';
import { releaseResource } from '../inventory/confirm-release.js';
import type { Logger } from '../observability/logger.js';
import { checkOrder, orderHref, placeOrder, type PlacedOrder, type PlaceOrderDeps } from '../orders/place-order.js';
import type { CustomerCheck } from '../orders/validate-order.js';
import { askProvider, declinePayment, recordProviderAnswer } from '../payments/collect-payment.js';
import { refundInFull, settlePending } from '../payments/refund-payment.js';
import { abandonPayment, trySettleAbandoned } from '../payments/abandon-payment.js';
import { toTmfMoney } from '../payments/money.js';
import { paymentMethodOf } from '../payments/order-payment.js';
import { paymentCreatedEvent } from '../payments/payment-events.js';
import { CHECKOUT_UNIT, PaymentStatus, type StoredPayment } from '../payments/payment.js';
import type { PaymentStore } from '../payments/payment-store.js';
import { PaymentRefusedError, type PaymentProvider } from '../payments/payment-provider.js';
import { runAs } from '../security/principal.js';
import { createdWithExternalId } from '../tmf/idempotent-create.js';
import { allItems, CartSignal, CartStatus, presentCart, type CartItem, type CheckoutAttempt, type ShoppingCart, type StoredCart } from './cart.js';
import { activity, assertActive, renewHolds, type CartDeps } from './cart-changes.js';
import { numberUnits, orderedItems, orderItem, unitsOf } from './cart-as-order.js';
import { cartChangedEvent } from './cart-events.js';
import { cartOwner } from './cart-owner.js';
import { oneTimeTotal, priceCartItems } from './cart-pricing.js';

export interface CheckoutDeps extends CartDeps {
  payments: PaymentStore;
  /** Undefined when no provider is configured: carts with something to pay now cannot be checked out. */
  provider: PaymentProvider | undefined;
  webhookUrl: () => string;
  order: PlaceOrderDeps;
  checkCustomer: CustomerCheck | undefined;
  /** How long the order's process has to confirm a number the cart held (ORDO_RESERVATION_TTL_MS). */
  reservationTtlMs: number;
  /** How long a payment the provider has not decided, or not answered, is waited for before the checkout is given up (ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS). */
  paymentConfirmationTimeoutMs: number;
  log: Logger;
}

/**
 * How the checkout went: done (the order), waiting for the provider, under way (carried on by the
 * sweep), declined (the payment or the order refused), or given up (the provider could not take the
 * payment by the confirmation timeout); the last two leave the cart as it was.
 */
export type CheckoutResult = { outcome: 'ordered' | 'paymentPending' | 'underWay'; cart: ShoppingCart } | { outcome: 'declined' | 'givenUp'; cart: ShoppingCart; reason: string };

const checkoutAttributes = ['payment', 'billingAccount', 'externalId'];
/** A checkout not finished this long after its click is the sweep's (ms). */
export const FIRST_SWEEP_AFTER_MS = 10_000;
const invalid = (message: string) => new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid checkout', message);
const notReady = (code: string, reason: string, message: string) => new Refusal(RefusalKind.unprocessable, code, reason, message);

/** The checkout's body: the payment method (a TMF622 PaymentRef: the provider's token), the billing account, the order's externalId. */
function checkoutInput(body: unknown): { payment?: unknown; billingAccount?: { id: string }; externalId?: string } {
  const input = (body ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input)) throw invalid('a JSON object: { payment?, billingAccount?, externalId? }');
  const unknown = Object.keys(input).filter((k) => !checkoutAttributes.includes(k));
  if (unknown.length) throw invalid(`${unknown.join(', ')}: a checkout takes ${checkoutAttributes.join(', ')}`);
  const account = input['billingAccount'] as { id?: unknown } | undefined;
  if (account !== undefined && (typeof account !== 'object' || typeof account?.id !== 'string' || !account.id)) throw invalid('billingAccount: { id } of one of the customer\'s billing accounts');
  if (input['externalId'] !== undefined && (typeof input['externalId'] !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(input['externalId']))) throw invalid('externalId: 1 to 255 visible characters');
  return input as ReturnType<typeof checkoutInput>;
}

function orderBody(cart: StoredCart, attempt: CheckoutAttempt, payment: StoredPayment | undefined): Record<string, unknown> {
  return {
    ...(attempt.externalId ? { externalId: attempt.externalId } : {}),
    description: `Checkout of shopping cart ${cart.id}`,
    productOrderItem: orderedItems(cart).map(orderItem),
    relatedParty: cart.relatedParty,
    ...(attempt.billingAccount ? { billingAccount: { id: attempt.billingAccount.id, '@referredType': 'BillingAccount' } } : {}),
    ...(payment ? { payment: [{ id: payment.id, href: payment.href, '@referredType': 'Payment' }] } : {}),
    note: [{ text: `Created from shopping cart ${cart.href}`, author: 'Ordo', date: attempt.startedAt.toISOString() }],
  };
}

/** Prices as stored and as computed now (stored documents have no undefined attributes). */
const samePrices = (a: unknown, b: unknown) => isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

/**
 * POST shoppingCart/{id}/checkout. The first click fixes the attempt: the cart is priced again,
 * must hold only offerings still for sale and name a customer the customer check accepts; the
 * order id and the payment's idempotency key are chosen before anything is charged. Every click,
 * retry or sweep then carries the same attempt on (continueCheckout), so there is one charge and
 * one order however often it is asked for.
 */
export async function checkout(deps: CheckoutDeps, id: string, body: unknown): Promise<CheckoutResult> {
  const input = checkoutInput(body);
  await deps.carts.change(id, async (current) => {
    if (current.status === CartStatus.checkedOut || current.status === CartStatus.checkingOut) return { done: undefined };
    assertActive(current);
    const { cartItem, cartTotalPrice } = await priceCartItems(current.cartItem, deps.catalog);
    const repriced = { ...presentCart(current), cartItem: cartItem as CartItem[], cartTotalPrice };
    const unavailable = allItems(orderedItems(repriced)).filter((i) => i.unavailable);
    if (unavailable.length > 0) {
      // The flags are kept on the items, so the shop can show which ones to remove.
      await deps.carts.updateAtRevision(current._id, current._ordo.revision, { $set: { cartItem, cartTotalPrice } });
      throw notReady('OFFERING_NOT_FOR_SALE', 'Items no longer for sale', unavailable.map((i) => `cartItem ${i.id}: ${i.unavailable!.reason}`).join('; '));
    }
    if (orderedItems(repriced).length === 0) throw notReady('CART_EMPTY', 'Nothing to order', 'The cart holds no active item');
    // The customer pays what the cart showed: new catalog prices are shown first, and charged on the next click.
    if (!samePrices(cartTotalPrice, current.cartTotalPrice)) {
      await deps.carts.updateAtRevision(current._id, current._ordo.revision, { $set: { cartItem, cartTotalPrice } });
      throw new Refusal(RefusalKind.conflict, 'PRICES_CHANGED', 'The prices changed', 'The catalog\'s prices changed since the cart was last priced; the cart shows the new totals: check them and check out again');
    }
    // A customer checking out an anonymous cart with their token takes it (sign-in at checkout).
    const owner = current._ordo.party ? undefined : await cartOwner(deps.customers, current.relatedParty, current);
    const bound: StoredCart = owner?.party ? { ...current, ...(owner.relatedParty ? { relatedParty: owner.relatedParty } : {}), _ordo: { ...current._ordo, party: owner.party } } : current;
    const party = bound._ordo.party;
    if (!party) throw notReady('CUSTOMER_REQUIRED', 'The cart names no customer', 'Sign in (or sign up) and check out with the customer\'s token; a back end names the customer in relatedParty first');
    const method = paymentMethodOf(input);
    const amount = oneTimeTotal(cartTotalPrice);
    const due = amount && amount.minor > 0 ? amount : undefined;
    if (due && !method) throw notReady('PAYMENT_REQUIRED', 'Payment method required', `The cart costs ${toTmfMoney(due).value} ${due.currency} now: payment must name the method (a PaymentRef with the provider's token)`);
    if (due && !deps.provider) throw notReady('INVALID_PAYMENT', 'No payment provider', 'This Ordo takes no payments (no payment provider is configured)');
    const attempt: CheckoutAttempt = {
      attempt: current._ordo.checkoutAttempts + 1,
      orderId: randomUUID(),
      startedAt: new Date(),
      nextCheckAt: new Date(Date.now() + Math.min(FIRST_SWEEP_AFTER_MS, deps.paymentConfirmationTimeoutMs)),
      ...(due && method ? { method, amount: due } : {}),
      ...(input.billingAccount ? { billingAccount: { id: input.billingAccount.id } } : {}),
      ...(input.externalId ? { externalId: input.externalId } : {}),
    };
    if (deps.checkCustomer) {
      const verdict = await deps.checkCustomer({ ...orderBody(bound, attempt, undefined), placedBy: party });
      if (verdict.rejectionReason) throw notReady('CUSTOMER_REJECTED', 'The customer cannot order', verdict.rejectionReason);
      if (verdict.missing.length) throw notReady('INFORMATION_MISSING', 'Information missing', `The checkout needs ${verdict.missing.join(', ')} (e.g. billingAccount: the customer has several)`);
    }
    // Whatever placing the order would refuse is refused now, before anything is charged.
    await checkOrder(orderBody(bound, attempt, undefined), deps.order, true);
    if (attempt.externalId && (await deps.order.orders.findStoredBy(createdWithExternalId(party, attempt.externalId)))) {
      throw new Refusal(RefusalKind.conflict, 'EXTERNAL_ID_REUSED', 'externalId already used', `An order with externalId ${attempt.externalId} exists already; give this checkout another one`);
    }
    const next = { ...repriced, ...(bound.relatedParty ? { relatedParty: bound.relatedParty } : {}), status: CartStatus.checkingOut, lastUpdate: attempt.startedAt.toISOString() };
    delete next.checkoutFailure;
    const update = withEvents({ $set: { cartItem, cartTotalPrice, status: next.status, lastUpdate: next.lastUpdate, ...(owner?.party ? { '_ordo.party': owner.party, ...(next.relatedParty ? { relatedParty: next.relatedParty } : {}) } : {}), '_ordo.checkout': attempt, '_ordo.checkoutAttempts': attempt.attempt }, $unset: { checkoutFailure: '' } }, [cartChangedEvent(next, owner?.party ? ['relatedParty', 'status'] : ['status'])]);
    return { update, result: undefined };
  });
  // The numbers must outlive the payment: they are handed to the order once it is paid.
  const fixed = await deps.carts.findStored(id);
  if (fixed) await renewHolds(deps, id, fixed);
  try {
    return await continueCheckout(deps, id);
  } catch (err) {
    // The attempt is fixed: the sweep carries it on (a provider that does not answer, a step that
    // failed for now), so the click is answered with the cart as it stands, still checking out.
    if (refusesRequest(err)) throw err;
    deps.log.warn('checkout could not go on yet; the sweep carries it on', { cartId: id, error: (err as Error).message });
    const stored = await deps.carts.findStored(id);
    if (!stored) throw err;
    return { outcome: 'underWay', cart: presentCart(stored) };
  }
}

/**
 * Carries a cart's checkout attempt on from wherever it stopped: the payment (recorded, then sent
 * under its key), the numbers the cart held handed to the order, the order placed under its fixed
 * id, the cart marked checked out. Every step finds what an earlier run did and goes on from there.
 * An attempt the provider declines, does not confirm, or does not answer (or keeps refusing) by the
 * confirmation timeout reopens the cart (see collect).
 */
export async function continueCheckout(deps: CheckoutDeps, id: string, poll = false): Promise<CheckoutResult> {
  const cart = await deps.carts.findStored(id);
  if (!cart) throw new Error(`shopping cart ${id} does not exist`);
  if (cart.status !== CartStatus.checkingOut || !cart._ordo.checkout) {
    const failure = cart.status === CartStatus.active ? cart.checkoutFailure : undefined;
    if (!failure) return { outcome: 'ordered', cart: presentCart(cart) };
    const failed = failure.paymentId ? await deps.payments.payments.findStored(failure.paymentId) : null;
    return { outcome: failed?._ordo.givenUp ? 'givenUp' : 'declined', cart: presentCart(cart), reason: failure.reason };
  }
  const attempt = cart._ordo.checkout;
  let payment: StoredPayment | undefined;
  if (attempt.amount && attempt.method) {
    payment = await collect(deps, cart, attempt, poll);
    if (payment.status === PaymentStatus.pending) return { outcome: 'paymentPending', cart: presentCart(cart) };
    if (payment.status !== PaymentStatus.captured) {
      const reason = whyNotPaid(payment);
      return { outcome: payment._ordo.givenUp ? 'givenUp' : 'declined', cart: await reopen(deps, cart, attempt, reason, payment.id), reason };
    }
  }
  let order: PlacedOrder;
  try {
    await handHoldsToOrder(deps, cart, attempt);
    order = await runAs({ subject: `shoppingCart:${cart.id}`, roles: new Set(), operator: false, party: cart._ordo.party! }, () =>
      placeOrder({ id: attempt.orderId, body: orderBody(cart, attempt, payment), party: cart._ordo.party!, idempotencyKey: `shoppingCart:${cart.id}:${attempt.attempt}`, paidAtCheckout: true }, deps.order),
    );
  } catch (caught) {
    // Refused for good (the catalog changed since the checks): the money goes back, the cart reopens.
    if (!refusesRequest(caught)) throw caught;
    const err = caught;
    // Another run of this checkout placed it meanwhile: that order stands.
    if (await deps.order.orders.findStored(attempt.orderId)) return continueCheckout(deps, id, poll);
    if (payment) await refundInFull(deps.payments, deps.provider!, payment);
    // The numbers went to an order that will not exist: they go back to the pool rather than wait there.
    for (const held of await deps.resources.findHeldBy(attempt.orderId)) await releaseResource(deps.resources, held._ordo.reservationKey!, 'the checkout\'s order was refused');
    const reason = `The order was refused (${err.reason}: ${err.message})${payment ? '; the payment was refunded' : ''}`;
    return { outcome: 'declined', cart: await reopen(deps, cart, attempt, reason, payment?.id), reason };
  }
  const done = await deps.carts.change<ShoppingCart>(id, (current) => {
    if (current.status !== CartStatus.checkingOut) return { done: presentCart(current) };
    const now = new Date();
    const next: ShoppingCart = { ...presentCart(current), status: CartStatus.checkedOut, productOrder: { id: order.order.id, href: order.order.href, '@referredType': 'ProductOrder' }, lastUpdate: now.toISOString() };
    const update = withEvents({ $set: { status: next.status, productOrder: next.productOrder, lastUpdate: next.lastUpdate, '_ordo.checkedOutAt': now, '_ordo.signal': { name: CartSignal.closed, at: now, pending: true } } }, [cartChangedEvent(next, ['productOrder', 'status'])]);
    return { update, result: next };
  }, (i) => deps.carts.findStored(i).then((c) => c!));
  deps.signal(id);
  deps.log.info('shopping cart checked out', { cartId: id, orderId: order.order.id, paymentId: payment?.id, replayed: order.replayed });
  return { outcome: 'ordered', cart: done };
}

/**
 * The checkout's payment: recorded, then sent under its key. A provider that refuses the request
 * as invalid (400 or 402, e.g. an expired token) declines it. One left pending past ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS
 * is cancelled (or recorded as decided, if it was meanwhile); `poll` asks the provider about one whose
 * callback has not come.
 *
 * A provider that does not answer at all (no connection, a timeout, 5xx or 429 after the client's
 * retries), or refuses the requests otherwise (e.g. 422: the key was used for another request), is
 * asked again by every run until the same timeout, counted from the attempt's start; then the
 * payment is given up (abandon-payment.ts): recorded `canceled`, so the checkout ends and the cart
 * reopens. Only a conflict over the key (409: another run's request in flight) is waited out
 * further, as it passes, up to twice the timeout. A payment that was sent is settled at the provider by the background task
 * once it answers (cancelled, or refunded if it did charge; handed to a person if the provider
 * refuses that too). As the provider cannot be asked whether a request it did not answer arrived,
 * settling sends it again under its key, so one that never arrived is then made and at once
 * cancelled or refunded, unless the provider refuses it as invalid: then nothing was charged.
 *
 * A later attempt of the cart has its own order id and key. Before it first sends its own payment
 * it tries to settle the cart's abandoned payments, so that what they charged is given back first;
 * one that cannot be settled now does not hold it up: the background task settles it later (or hands
 * it to a person), so the customer is not charged twice net for long.
 */
async function collect(deps: CheckoutDeps, cart: StoredCart, attempt: CheckoutAttempt, poll: boolean): Promise<StoredPayment> {
  const provider = deps.provider!;
  const timedOut = () => Date.now() - attempt.startedAt.getTime() > deps.paymentConfirmationTimeoutMs;
  const payment = await deps.payments.payments.insertOnce(checkoutPayment(deps, cart, attempt));
  if (!payment._ordo.sentAt) {
    for (const earlier of await deps.payments.abandonedOfCart(cart.id)) if (earlier.id !== payment.id) await trySettleAbandoned({ ...deps, provider }, earlier);
  }
  try {
    return await askUntilDecided(deps, provider, attempt, payment, poll);
  } catch (err) {
    const refused = err instanceof PaymentRefusedError;
    // A conflict over the key passes as the other request ends: waited out, but not for ever.
    const conflictWaitedOut = Date.now() - attempt.startedAt.getTime() > 2 * deps.paymentConfirmationTimeoutMs;
    if (!timedOut() || (refused && err.status === 409 && !conflictWaitedOut)) throw err;
    const why = refused ? 'the payment provider kept refusing the payment\'s requests until the timeout' : 'the payment provider could not be reached in time';
    deps.log.warn(`checkout given up: ${why}`, { cartId: cart.id, orderId: attempt.orderId, paymentId: payment.id, error: (err as Error).message });
    return abandonPayment(deps.payments, payment.id, refused ? 'refused' : 'unreachable');
  }
}

async function askUntilDecided(deps: CheckoutDeps, provider: PaymentProvider, attempt: CheckoutAttempt, payment: StoredPayment, poll: boolean): Promise<StoredPayment> {
  try {
    payment = await askProvider({ ...deps, provider }, payment);
  } catch (err) {
    // A request the provider refuses as such (a bad or expired token) declines; a conflict over the
    // key (another run's request in flight, a changed request) says nothing of the charge (see collect).
    if (!(err instanceof PaymentRefusedError) || ![400, 402].includes(err.status)) throw err;
    return declinePayment(deps.payments, payment.id, err.message);
  }
  if (payment.status !== PaymentStatus.pending || !payment._ordo.providerPaymentId) return payment;
  if (Date.now() - attempt.startedAt.getTime() > deps.paymentConfirmationTimeoutMs) return settlePending({ ...deps, provider }, payment);
  return poll ? recordProviderAnswer(deps.payments, payment.id, await provider.getPayment(payment._ordo.providerPaymentId), false) : payment;
}

/** Why a checkout's payment did not pay for the order, as the cart's checkoutFailure says it. */
function whyNotPaid(payment: StoredPayment): string {
  const givenUp = payment._ordo.givenUp;
  if (givenUp) {
    const cause = givenUp.why === 'unreachable' ? 'The payment provider could not be reached' : 'The payment provider did not take the payment request';
    const charged = payment._ordo.sentAt ? 'nothing was charged (should the provider have taken the payment, it will be refunded)' : 'the payment was never sent: nothing was charged';
    return `${cause}: the checkout was given up and ${charged}`;
  }
  if (payment.status === PaymentStatus.denied) return `Payment declined: ${payment._ordo.declineReason ?? 'no reason given'}`;
  return 'Payment not confirmed in time: it was cancelled, nothing was charged';
}

/** A checkout that did not go through: the cart is active again as it was (items, numbers), and says why. */
async function reopen(deps: CheckoutDeps, cart: StoredCart, attempt: CheckoutAttempt, reason: string, paymentId: string | undefined): Promise<ShoppingCart> {
  await renewHolds(deps, cart._id, cart);
  return deps.carts.change<ShoppingCart>(cart._id, (current) => {
    if (current.status !== CartStatus.checkingOut || current._ordo.checkout?.attempt !== attempt.attempt) return { done: presentCart(current) };
    const now = new Date();
    const next: ShoppingCart = { ...presentCart(current), status: CartStatus.active, checkoutFailure: { reason, ...(paymentId ? { paymentId } : {}), at: now.toISOString() }, lastUpdate: now.toISOString() };
    const update = withEvents({ $set: { status: next.status, checkoutFailure: next.checkoutFailure, ...activity(now) }, $unset: { '_ordo.checkout': '' } }, [cartChangedEvent(next, ['checkoutFailure', 'status'])]);
    return { update, result: next };
  }, (i) => deps.carts.findStored(i).then((c) => c!));
}

/** The checkout's TMF676 payment: its key (cart, attempt) is the provider's idempotency key; its order is the one the checkout will place. */
function checkoutPayment(deps: CheckoutDeps, cart: StoredCart, attempt: CheckoutAttempt): StoredPayment {
  const id = randomUUID();
  const amount = attempt.amount!;
  const customer = cart.relatedParty?.find((p) => p.role === 'customer');
  const payment = {
    id,
    href: deps.payments.payments.href(id),
    correlatorId: attempt.orderId,
    name: `Shopping cart ${cart.id}`,
    description: `Checkout of shopping cart ${cart.id} (order ${attempt.orderId})`,
    status: PaymentStatus.pending,
    statusDate: attempt.startedAt.toISOString(),
    account: attempt.billingAccount ? { id: attempt.billingAccount.id, '@referredType': 'BillingAccount' } : { id: customer?.id ?? cart.id, '@referredType': customer ? 'PartyAccount' : 'ShoppingCart' },
    totalAmount: toTmfMoney(amount),
    paymentMethod: { '@type': attempt.method!.referredType, name: attempt.method!.referredType },
    paymentItem: [{ id: '1', totalAmount: toTmfMoney(amount), item: { id: attempt.orderId, href: orderHref(deps.order.publicUrl, attempt.orderId), '@referredType': 'ProductOrder' } }],
    ...(cart.relatedParty ? { relatedParty: cart.relatedParty } : {}),
    '@type': 'Payment' as const,
  } as unknown as StoredPayment;
  return {
    ...payment,
    _id: id,
    _ordo: {
      revision: 0,
      key: `shoppingCart:${cart.id}:${attempt.attempt}`,
      orderId: attempt.orderId,
      unitId: CHECKOUT_UNIT,
      attempt: attempt.attempt,
      jobKey: 'checkout',
      amount,
      method: attempt.method!,
      cartId: cart.id,
      sendTracked: true,
      ...(cart._ordo.party ? { party: cart._ordo.party } : {}),
      ...queuedEvents([paymentCreatedEvent(payment)]),
    },
  };
}

/**
 * Each number the cart holds becomes the order's: re-keyed to the fulfilment unit that will need
 * it (the item's n-th unit that takes a number, for line n), so the order's reserve step finds it
 * held. Numbers of lines no unit takes go back to the pool.
 */
async function handHoldsToOrder(deps: CheckoutDeps, cart: StoredCart, attempt: CheckoutAttempt): Promise<void> {
  const holds = await cartHolds(deps.resources, cart.id);
  if (holds.length === 0) return;
  const units = await numberUnits(deps.catalog, await unitsOf(deps.order.selectFulfilment, orderedItems(cart)));
  for (const hold of holds) {
    const unit = units.filter((u) => u.itemId === hold.itemId)[hold.line - 1];
    if (unit) await transferHold(deps.resources, { cartId: cart.id, itemId: hold.itemId, line: hold.line }, { orderId: attempt.orderId, unitId: unit.unitId, role: 'msisdn' }, deps.reservationTtlMs);
    else await releaseCartHolds(deps.resources, cart.id, `cart item ${hold.itemId} line ${hold.line} is not ordered`, { itemId: hold.itemId, line: hold.line });
  }
}
