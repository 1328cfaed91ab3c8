import { tmfEvent, type OutboxEvent } from '../events/tmf-event.js';
import type { ShoppingCart } from './cart.js';

export const CartEventType = {
  create: 'ShoppingCartCreateEvent',
  attributeValueChange: 'ShoppingCartAttributeValueChangeEvent',
  delete: 'ShoppingCartDeleteEvent',
} as const;

export const cartCreatedEvent = (cart: ShoppingCart): OutboxEvent => tmfEvent('shoppingCart', CartEventType.create, cart.id, { ...cart });

/** The cart after a change, with the names of the attributes that changed. */
export const cartChangedEvent = (cart: ShoppingCart, changed: string[]): OutboxEvent => tmfEvent('shoppingCart', CartEventType.attributeValueChange, cart.id, { ...cart }, undefined, changed.join(','));

export const cartDeletedEvent = (cart: ShoppingCart): OutboxEvent => tmfEvent('shoppingCart', CartEventType.delete, cart.id, { id: cart.id, href: cart.href, status: cart.status, '@type': cart['@type'] });

/** The top-level attributes whose values differ between two versions of a cart. */
export function changedAttributes(before: ShoppingCart, after: ShoppingCart): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => n !== 'lastUpdate' && JSON.stringify(before[n]) !== JSON.stringify(after[n])).sort();
}
