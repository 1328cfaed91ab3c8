import { useEffect, useState } from 'preact/hooks';

/** A console page, from the address's hash: `#/orders?state=…`, `#/orders/<id>`, `#/catalog`, `#/inventory`. */
export type Route =
  | { page: 'orders'; query: URLSearchParams }
  | { page: 'order'; id: string }
  | { page: 'catalog' }
  | { page: 'inventory' }
  | { page: 'unknown' };

export function routeOf(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts[0] === 'orders' && parts.length === 1)) return { page: 'orders', query: new URLSearchParams(search) };
  if (parts[0] === 'orders' && parts.length === 2) return { page: 'order', id: parts[1]! };
  if (parts[0] === 'catalog' && parts.length === 1) return { page: 'catalog' };
  if (parts[0] === 'inventory' && parts.length === 1) return { page: 'inventory' };
  return { page: 'unknown' };
}

export const orderHref = (id: string): string => `#/orders/${encodeURIComponent(id)}`;
export const ordersHref = (query: URLSearchParams): string => `#/orders${query.size ? `?${query}` : ''}`;

/** The current route; follows the address as the user navigates. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
