import { Refusal, RefusalKind } from '../outcomes.js';
import { InventoryError } from '../inventory/inventory-error.js';
import { holdNumber, releaseCartHolds, cartHolds, TooManyNumbersHeld, type CartHold } from '../inventory/number-holds.js';
import { numberCandidates } from '../inventory/number-candidates.js';
import { currentPrincipal } from '../security/principal.js';
import { allItems, type CartItem, type StoredCart } from './cart.js';
import { numberLinesOf } from './cart-as-order.js';
import { assertActive, holdsUntil, touchCart, type CartDeps } from './cart-changes.js';
import { customerKeyOf, type NumberHoldLimits } from './number-hold-limits.js';

export interface NumberDeps extends CartDeps {
  limits: NumberHoldLimits;
}

const MAX_CANDIDATES = 20;
const invalid = (message: string) => new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'Invalid number choice', message);
// Too many numbers held is the state of the customer's carts, not a fault of the request: releasing one clears it.
const refused = (err: InventoryError) =>
  err instanceof TooManyNumbersHeld ? new Refusal(RefusalKind.conflict, err.code, 'Too many numbers held', err.message) : new Refusal(RefusalKind.unprocessable, err.code, 'Invalid number choice', err.message);

/** The preference a client may give: leading digits, a pattern (`?` one digit, `*` any), a pool category (e.g. golden). */
function preferenceOf(input: Record<string, unknown>): { prefix?: string; pattern?: string; category?: string } {
  for (const name of ['prefix', 'pattern', 'category'] as const) if (input[name] !== undefined && typeof input[name] !== 'string') throw invalid(`${name} must be a string`);
  return {
    ...(typeof input['prefix'] === 'string' ? { prefix: input['prefix'] } : {}),
    ...(typeof input['pattern'] === 'string' ? { pattern: input['pattern'] } : {}),
    ...(typeof input['category'] === 'string' ? { category: input['category'] } : {}),
  };
}

/**
 * GET shoppingCart/{id}/numberCandidate: free numbers the customer may pick from, at random,
 * matching the preference. Counted against the customer's searches per minute.
 */
export async function candidates(deps: NumberDeps, cartId: string, query: Record<string, unknown>, ip: string | undefined): Promise<{ number: string; category: string }[]> {
  const cart = await deps.carts.reachable(cartId);
  assertActive(cart);
  const count = query['count'] === undefined ? 10 : Number(query['count']);
  if (!Number.isInteger(count) || count < 1 || count > MAX_CANDIDATES) throw invalid(`count: 1 to ${MAX_CANDIDATES}`);
  const preference = preferenceOf(query);
  await deps.limits.search(customerKeyOf(cart, currentPrincipal(), ip));
  try {
    const numbers = await numberCandidates(deps.resources, { ...preference, count });
    return numbers.map((number) => ({ number, category: preference.category ?? 'standard' }));
  } catch (err) {
    if (err instanceof InventoryError) throw refused(err);
    throw err;
  }
}

function lineOf(input: Record<string, unknown>, item: CartItem, lines: number): number {
  const line = input['line'] ?? 1;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > lines) throw invalid(`line: which of cartItem ${item.id}'s phone numbers, 1 to ${lines}`);
  return line;
}

/** How many phone numbers an item takes (its units whose specification names an MSISDN); refused when none. */
async function numberLines(deps: NumberDeps, item: CartItem): Promise<number> {
  const lines = (await numberLinesOf(deps, item)).length;
  if (lines === 0) throw new Refusal(RefusalKind.unprocessable, 'NO_NUMBER_FOR_ITEM', 'The item takes no phone number', `cartItem ${item.id}: its offering needs no MSISDN`);
  return lines;
}

function itemOf(cart: StoredCart, itemId: string): CartItem {
  const item = allItems(cart.cartItem).find((i) => i.id === itemId);
  if (!item) throw new Refusal(RefusalKind.notFound, 'NOT_FOUND', 'CartItem not found', `ShoppingCart ${cart.id} has no item ${itemId}`);
  return item;
}

/**
 * POST shoppingCart/{id}/cartItem/{itemId}/numberHold: holds a number for one line of a mobile item,
 * as a TMF639 reservation that lives as long as the cart; a given `number`, or a random one matching
 * the preference. A line holding a number swaps it (the new one is taken before the old goes back).
 * Counted against the cart's and the customer's hourly limits, and a line holding nothing against
 * the customer's cap on numbers held at once.
 */
export async function holdCartNumber(deps: NumberDeps, cartId: string, itemId: string, body: unknown, ip: string | undefined): Promise<CartHold> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('a JSON object: { line?, number? } or { line?, prefix?, pattern?, category? }');
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !['line', 'number', 'prefix', 'pattern', 'category'].includes(k));
  if (unknown.length) throw invalid(`${unknown.join(', ')}: a hold takes line, number, prefix, pattern and category`);
  if (input['number'] !== undefined && (typeof input['number'] !== 'string' || !/^\d{4,20}$/.test(input['number']))) throw invalid('number: 4 to 20 digits, as the candidates give them');
  const cart = await deps.carts.reachable(cartId);
  assertActive(cart);
  const item = itemOf(cart, itemId);
  const line = lineOf(input, item, await numberLines(deps, item));
  const customerKey = customerKeyOf(cart, currentPrincipal(), ip);
  await deps.limits.hold(cartId, customerKey);
  const holder = { key: customerKey, atOnce: deps.limits.atOncePerCustomer };
  try {
    const held = await holdNumber(deps.resources, { cartId, itemId, line, ...(typeof input['number'] === 'string' ? { number: input['number'] } : preferenceOf(input)), expiresAt: holdsUntil(deps, cart), holder });
    if (!held) throw new Refusal(RefusalKind.conflict, 'NUMBER_NOT_AVAILABLE', 'No such number is free', typeof input['number'] === 'string' ? `${input['number']} is not free` : 'No free number matches the preference');
  } catch (err) {
    if (err instanceof InventoryError) throw refused(err);
    throw err;
  }
  try {
    await touchCart(deps, cartId);
  } catch (err) {
    // Checked out, deleted or expired while the number was taken: it goes back, and nothing holds it for nobody.
    await releaseCartHolds(deps.resources, cartId, 'the cart stopped being active while the number was held', { itemId, line });
    throw err;
  }
  const hold = (await cartHolds(deps.resources, cartId)).find((h) => h.itemId === itemId && h.line === line);
  if (!hold) throw new Refusal(RefusalKind.conflict, 'CART_BUSY', 'The number was released meanwhile', 'The cart changed while the number was held; hold it again');
  return hold;
}

/** DELETE shoppingCart/{id}/cartItem/{itemId}/numberHold?line=n: the number goes back to the pool. */
export async function releaseCartNumber(deps: NumberDeps, cartId: string, itemId: string, query: Record<string, unknown>): Promise<void> {
  const cart = await deps.carts.reachable(cartId);
  assertActive(cart);
  const item = itemOf(cart, itemId);
  const line = query['line'] === undefined ? 1 : Number(query['line']);
  if (!Number.isInteger(line) || line < 1) throw invalid(`line: which of cartItem ${item.id}'s phone numbers, from 1`);
  await releaseCartHolds(deps.resources, cartId, 'released by the customer', { itemId, line });
  await touchCart(deps, cartId);
}

