import { Refusal, RefusalKind } from '../outcomes.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { allItems, type CartItem } from './cart.js';
import { tmf663 } from './tmf663.js';

const validateCreate = tmf663.validator('ShoppingCart_Create');
const validateUpdate = tmf663.validator('ShoppingCart_Update');

/** What a client may set; the rest (prices, status, the order, dates) is Ordo's. */
export const clientCartAttributes = ['cartItem', 'contactMedium', 'relatedParty', 'validFor', '@type', '@baseType', '@schemaLocation'] as const;
const MAX_NESTING = 3;
const MAX_QUANTITY = 99;
const itemIdShape = /^[A-Za-z0-9_-]{1,40}$/;

const invalid = (reason: string, message: string) => new Refusal(RefusalKind.invalid, 'INVALID_BODY', reason, message);

/** The body of POST shoppingCart (ShoppingCart_Create) or PATCH (ShoppingCart_Update, a merge patch), checked. */
export function cartInput(body: unknown, kind: 'Create' | 'Update'): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid(`Request body must be a ShoppingCart_${kind} JSON object`, 'send a JSON object');
  assertSafeBody(body);
  const input = body as Record<string, unknown>;
  const ordoOwned = Object.keys(input).filter((k) => !(clientCartAttributes as readonly string[]).includes(k) && k !== 'cartTotalPrice');
  if (ordoOwned.length > 0) throw invalid('Attributes not writable', `${ordoOwned.join(', ')}: a cart takes ${clientCartAttributes.join(', ')}; prices, status and dates are Ordo's`);
  // A merge patch's nulls remove attributes; the schema checks what is set.
  const set = Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== null && k !== 'cartTotalPrice'));
  const problems = (kind === 'Create' ? validateCreate : validateUpdate)(set);
  if (problems.length > 0) throw invalid(`Invalid ShoppingCart_${kind}`, formatProblems(problems));
  return input;
}

/**
 * The items as Ordo keeps them: every item has an id unique in the cart, a whole quantity from 1
 * to 99, an action (add) and a status (active); at most `maxItems` items at most three levels deep.
 * An item without an id gets the next number from `freshFrom` on that no item has, so a cart that
 * keeps its high-water mark (nextItemId) never gives a new item the id of one it had, and a number
 * held for an item never passes to another. Client prices are dropped: the catalog's are used.
 */
export function normaliseItems(items: unknown, maxItems: number, freshFrom = 1): CartItem[] {
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw invalid('cartItem must be an array', '/cartItem: an array of CartItem');
  const taken = new Set<string>();
  const collect = (list: unknown[], depth: number, path: string): void => {
    if (depth > MAX_NESTING) throw invalid('Items nested too deeply', `${path}: at most ${MAX_NESTING} levels of cartItem`);
    list.forEach((raw, i) => {
      const id = (raw as Record<string, unknown>)['id'];
      if (id === undefined) return;
      if (typeof id !== 'string' || !itemIdShape.test(id)) throw invalid('Invalid item id', `${path}/${i}/id: 1 to 40 letters, digits, '-' or '_'`);
      if (taken.has(id)) throw invalid('Duplicate item id', `${path}/${i}/id: ${id} is used twice`);
      taken.add(id);
      const nested = (raw as Record<string, unknown>)['cartItem'];
      if (Array.isArray(nested)) collect(nested, depth + 1, `${path}/${i}/cartItem`);
    });
  };
  collect(items, 1, '/cartItem');
  let next = freshFrom;
  const freshId = () => {
    while (taken.has(String(next))) next++;
    taken.add(String(next));
    return String(next);
  };
  const normalise = (raw: unknown, path: string): CartItem => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('Invalid item', `${path}: a CartItem object`);
    const { itemPrice: _p, ItemTotalPrice: _t, itemTotalPrice: _t2, unavailable: _u, ...item } = raw as Record<string, unknown>;
    const quantity = item['quantity'] ?? 1;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) throw new Refusal(RefusalKind.unprocessable, 'INVALID_QUANTITY', 'Invalid quantity', `${path}/quantity: a whole number from 1 to ${MAX_QUANTITY}`);
    const status = item['status'] ?? 'active';
    const nested = Array.isArray(item['cartItem']) ? { cartItem: (item['cartItem'] as unknown[]).map((n, i) => normalise(n, `${path}/cartItem/${i}`)) } : {};
    return { ...item, ...nested, id: typeof item['id'] === 'string' ? item['id'] : freshId(), quantity, action: item['action'] ?? 'add', status } as unknown as CartItem;
  };
  const normalised = items.map((raw, i) => normalise(raw, `/cartItem/${i}`));
  const count = allItems(normalised).length;
  if (count > maxItems) throw new Refusal(RefusalKind.unprocessable, 'TOO_MANY_ITEMS', 'Too many items', `the cart would hold ${count} items; at most ${maxItems}`);
  return normalised;
}

/** The id the next item without one gets: past every numbered item this cart has or had. */
export const nextItemIdAfter = (items: readonly CartItem[], before = 1): number =>
  Math.max(before, ...allItems(items).map((i) => (/^[1-9]\d{0,8}$/.test(i.id) ? Number(i.id) + 1 : 1)));
