import type { ProductOrder } from './product-order.js';

export interface Note {
  text: string;
  author: string;
  date: string;
}

/** The order's notes with one from Ordo added; undefined when it is there already (a repeated job). */
export function withOrdoNote(order: ProductOrder, text: string): Note[] | undefined {
  const notes = Array.isArray(order['note']) ? (order['note'] as Note[]) : [];
  if (notes.some((n) => n.text === text && n.author === 'Ordo')) return undefined;
  return [...notes, { text, author: 'Ordo', date: new Date().toISOString() }];
}
