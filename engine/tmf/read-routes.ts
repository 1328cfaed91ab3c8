import { Router } from 'express';
import { methodNotAllowed } from '../http/app.js';
import type { Document } from 'mongodb';
import { notFound } from '../outcomes.js';
import { fieldsProjection, parseListQuery, type ListQuery, type ListSpec } from './list-query.js';

/** What a TMF resource store offers for reading. */
export interface ReadableStore {
  findById(id: string, projection?: Document): Promise<unknown>;
  list(query: ListQuery): Promise<{ total: number; items: unknown[] }>;
}

/** How another version of an API sees the stored resource: its query names and its shape. */
export interface ResourceView {
  query(query: Record<string, unknown>): Record<string, unknown>;
  present(resource: Record<string, unknown>): unknown;
}

const asStored: ResourceView = { query: (q) => q, present: (r) => r };

/** `GET /<resource>/{id}` (with `fields=`) and `GET /<resource>` (TMF630 list), the same for every TMF resource. */
export function addReadRoutes(router: Router, resource: string, typeName: string, store: ReadableStore, spec: ListSpec, view: ResourceView = asStored): void {
  router.get(`/${resource}/:id`, async (req, res) => {
    const found = await store.findById(req.params['id'] as string, fieldsProjection(view.query(req.query), spec.alwaysReturned));
    if (!found) throw notFound(typeName, req.params['id'] as string);
    res.json(view.present(found as Record<string, unknown>));
  });
  router.get(`/${resource}`, async (req, res) => {
    const { total, items } = await store.list(parseListQuery(view.query(req.query), spec));
    res.set('X-Total-Count', String(total)).set('X-Result-Count', String(items.length)).json(items.map((i) => view.present(i as Record<string, unknown>)));
  });
}

/** TMF resources Ordo writes itself and clients only read (payments, inventories): GET by id and list, 405 otherwise. */
export function readOnlyRoutes(resources: { resource: string; typeName: string; store: ReadableStore; spec: ListSpec }[]): Router {
  const router = Router();
  for (const { resource, typeName, store, spec } of resources) {
    addReadRoutes(router, resource, typeName, store, spec);
    router.all(`/${resource}`, methodNotAllowed('GET'));
    router.all(`/${resource}/:id`, methodNotAllowed('GET'));
  }
  return router;
}
