import type { Validator } from '../tmf/schema-validator.js';
import { catalogEntityTypes, optionalEntityTypes, type CatalogEntityType, type EntityRef, type ProductOfferingPrice } from './catalog-entities.js';
import { tmf620, tmf633, tmf634 } from './catalog-schemas.js';
import { validateFulfilmentProcess, validateMaxQuantity } from './fulfilment-process.js';
import { priceProblems } from './offering-price.js';

/** Attributes of Ordo's extension of ProductSpecification (schemas/catalog). */
const ordoSpecificationAttributes = ['fulfilmentProcess', 'maxQuantity'];

/** One thing wrong with a catalog dump: which entity, where in the dump (a JSON pointer), and what. */
export interface CatalogProblem {
  entityType?: CatalogEntityType;
  id?: string;
  path: string;
  message: string;
}

const tmfSchemaOf: Record<CatalogEntityType, Validator> = {
  productOffering: tmf620.validator('ProductOffering'),
  productOfferingPrice: tmf620.validator('ProductOfferingPrice'),
  productSpecification: tmf620.validator('ProductSpecification'),
  serviceSpecification: tmf633.validator('ServiceSpecification'),
  resourceSpecification: tmf634.validator('ResourceSpecification'),
};

const MAX_DEPTH = 32;
type Entity = Record<string, unknown>;
type Located = { entity: Entity; id: string; path: string };

/** Attribute names MongoDB must never see as operators or paths; `_` at the top is Ordo's bookkeeping. */
function unsafeAttribute(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return `${path} is nested more than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = unsafeAttribute(v, `${path}/${i}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.') || key.includes('\0') || key === '__proto__' || (depth === 0 && key.startsWith('_'))) {
      return `${path}/${key}: attribute names may not start with '$' (nor '_' at the top), contain '.' or be '__proto__'`;
    }
    const found = unsafeAttribute(v, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function checkEntity(type: CatalogEntityType, entity: unknown, path: string, problems: CatalogProblem[]): Located | undefined {
  if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) {
    problems.push({ entityType: type, path, message: `must be a ${type} object` });
    return undefined;
  }
  const e = entity as Entity;
  const id = typeof e['id'] === 'string' && e['id'].trim() !== '' ? e['id'] : undefined;
  const at = (message: string, where = path) => problems.push({ entityType: type, ...(id ? { id } : {}), path: where, message });
  const before = problems.length;
  if (!id) at('must have a non-empty string id', `${path}/id`);
  if (typeof e['name'] !== 'string' || e['name'].trim() === '') at('must have a non-empty name', `${path}/name`);
  const unsafe = unsafeAttribute(e, path);
  if (unsafe) at(unsafe);
  for (const p of tmfSchemaOf[type](e)) at(p.message, p.path === '/' ? path : `${path}${p.path}`);
  const extended = ordoSpecificationAttributes.filter((a) => e[a] !== undefined);
  if (type === 'productSpecification' && extended.length > 0) {
    if (e['@type'] !== 'OrdoProductSpecification' || e['@baseType'] !== 'ProductSpecification') {
      at(`${extended.join(' and ')} ${extended.length > 1 ? 'are attributes' : 'is an attribute'} of the OrdoProductSpecification extension: set "@type": "OrdoProductSpecification" and "@baseType": "ProductSpecification"`, `${path}/@type`);
    }
    if (e['fulfilmentProcess'] !== undefined) for (const p of validateFulfilmentProcess(e['fulfilmentProcess'])) at(p.message, `${path}/fulfilmentProcess${p.path === '/' ? '' : p.path}`);
    if (e['maxQuantity'] !== undefined) for (const p of validateMaxQuantity(e['maxQuantity'])) at(`maxQuantity ${p.message}`, `${path}/maxQuantity`);
  }
  // Only a price its schema accepts has the shape priceProblems reads.
  if (type === 'productOfferingPrice' && problems.length === before) for (const p of priceProblems(e as ProductOfferingPrice)) at(p.message, `${path}${p.path}`);
  return problems.length === before && id ? { entity: e, id, path } : undefined;
}

const refsOf = (entity: Entity, attribute: string): EntityRef[] => (Array.isArray(entity[attribute]) ? (entity[attribute] as EntityRef[]) : []);

/** Every reference from `from` entities through `attribute` must name an entity of `target`. */
function checkReferences(from: Located[], type: CatalogEntityType, attribute: string, target: CatalogEntityType, known: Map<CatalogEntityType, Set<string>>, problems: CatalogProblem[]): void {
  for (const { entity, id, path } of from) {
    const single = entity[attribute];
    const refs = Array.isArray(single) ? refsOf(entity, attribute).map((r, i) => ({ ref: r, where: `${path}/${attribute}/${i}/id` })) : single ? [{ ref: single as EntityRef, where: `${path}/${attribute}/id` }] : [];
    for (const { ref, where } of refs) {
      if (!known.get(target)!.has(ref.id)) problems.push({ entityType: type, id, path: where, message: `refers to ${target} ${ref.id}, which the dump does not contain` });
    }
  }
}

/** Bundles must contain offerings, say they are bundles, and never contain themselves, directly or not. */
function checkBundles(offerings: Located[], problems: CatalogProblem[]): void {
  const byId = new Map(offerings.map((o) => [o.id, o]));
  for (const { entity, id, path } of offerings) {
    const bundled = refsOf(entity, 'bundledProductOffering');
    if (entity['isBundle'] === true && bundled.length === 0) problems.push({ entityType: 'productOffering', id, path: `${path}/bundledProductOffering`, message: 'a bundle (isBundle true) must list its bundledProductOffering' });
    if (entity['isBundle'] !== true && bundled.length > 0) problems.push({ entityType: 'productOffering', id, path: `${path}/isBundle`, message: 'lists bundledProductOffering, so isBundle must be true' });
  }
  const finished = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (finished.has(id)) return;
    const loopStart = trail.indexOf(id);
    if (loopStart >= 0) {
      const loop = [...trail.slice(loopStart), id];
      const origin = byId.get(id)!;
      problems.push({ entityType: 'productOffering', id, path: `${origin.path}/bundledProductOffering`, message: `bundles itself: ${loop.join(' -> ')}` });
      return;
    }
    for (const ref of refsOf(byId.get(id)?.entity ?? {}, 'bundledProductOffering')) if (byId.has(ref.id)) visit(ref.id, [...trail, id]);
    finished.add(id);
  };
  for (const { id } of offerings) visit(id, []);
}

/**
 * Everything wrong with a catalog dump, each with its entity and path; none means it may be
 * imported. Checks each entity against its TMF schema (and Ordo's fulfilmentProcess extension),
 * amounts a cart can be priced with, unique ids, and that every reference between offerings, prices
 * and specifications resolves in the dump. A dump without productOfferingPrice has no prices.
 */
export function checkCatalogDump(dump: unknown): CatalogProblem[] {
  if (dump === null || typeof dump !== 'object' || Array.isArray(dump)) return [{ path: '/', message: `must be an object with the arrays ${catalogEntityTypes.join(', ')}` }];
  const problems: CatalogProblem[] = [];
  for (const key of Object.keys(dump)) {
    if (!(catalogEntityTypes as readonly string[]).includes(key)) problems.push({ path: `/${key}`, message: `is not a catalog entity type; expected ${catalogEntityTypes.join(', ')}` });
  }
  const valid = new Map<CatalogEntityType, Located[]>();
  const known = new Map<CatalogEntityType, Set<string>>();
  for (const type of catalogEntityTypes) {
    const entities = (dump as Record<string, unknown>)[type];
    valid.set(type, []);
    known.set(type, new Set());
    if (entities === undefined && optionalEntityTypes.includes(type)) continue;
    if (!Array.isArray(entities)) {
      problems.push({ entityType: type, path: `/${type}`, message: 'must be an array (empty when the catalog has none)' });
      continue;
    }
    entities.forEach((entity, i) => {
      const path = `/${type}/${i}`;
      const id = (entity as Entity | null)?.['id'];
      if (typeof id === 'string' && known.get(type)!.has(id)) problems.push({ entityType: type, id, path: `${path}/id`, message: `duplicate id: another ${type} has id ${id}` });
      if (typeof id === 'string') known.get(type)!.add(id);
      const located = checkEntity(type, entity, path, problems);
      if (located) valid.get(type)!.push(located);
    });
  }
  checkReferences(valid.get('productOffering')!, 'productOffering', 'productSpecification', 'productSpecification', known, problems);
  checkReferences(valid.get('productOffering')!, 'productOffering', 'bundledProductOffering', 'productOffering', known, problems);
  checkReferences(valid.get('productOffering')!, 'productOffering', 'productOfferingPrice', 'productOfferingPrice', known, problems);
  checkReferences(valid.get('productOfferingPrice')!, 'productOfferingPrice', 'popRelationship', 'productOfferingPrice', known, problems);
  checkReferences(valid.get('productOfferingPrice')!, 'productOfferingPrice', 'bundledPopRelationship', 'productOfferingPrice', known, problems);
  checkReferences(valid.get('productSpecification')!, 'productSpecification', 'serviceSpecification', 'serviceSpecification', known, problems);
  checkReferences(valid.get('productSpecification')!, 'productSpecification', 'resourceSpecification', 'resourceSpecification', known, problems);
  checkReferences(valid.get('productSpecification')!, 'productSpecification', 'bundledProductSpecification', 'productSpecification', known, problems);
  checkReferences(valid.get('serviceSpecification')!, 'serviceSpecification', 'resourceSpecification', 'resourceSpecification', known, problems);
  checkBundles(valid.get('productOffering')!, problems);
  return problems;
}
