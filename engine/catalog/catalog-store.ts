import type { Collection, Db, Document } from 'mongodb';
import { withTimeout } from '../with-timeout.js';
import { ensureListIndexes, runListQuery, type ListQuery } from '../tmf/list-query.js';
import type { ReadableStore } from '../tmf/read-routes.js';
import { catalogEntityTypes, type CatalogDump, type CatalogEntities, type CatalogEntityType, type ProductOffering, type ProductOfferingPrice, type ProductSpecification, type ResourceSpecification, type ServiceSpecification } from './catalog-entities.js';
import { Refusal, RefusalKind } from '../outcomes.js';
import { diffCatalog, type CatalogChanges } from './catalog-diff.js';
import { booleanAttributes, catalogListSpecs } from './catalog-list-specs.js';
import type { CatalogSource } from './catalog-source.js';

type CatalogDocument = Document & { _id: string };

/** The one document whose single write makes a new catalog generation current. */
interface CatalogPointer {
  _id: 'current';
  generation: number;
  importedAt?: Date;
}

interface GenerationSequence {
  _id: 'sequence';
  last: number;
}

export interface ReplacedCatalog {
  generation: number;
  changes: CatalogChanges;
}

const hidden = { _id: 0, _ordo: 0 } as const;
const INSERT_BATCH = 500;
/** A read is repeated when an import made another generation current while it ran; this many times at most. */
const MAX_READ_ATTEMPTS = 10;
/** Entities of one generation kept in memory at most: a catalog's worth, not every id a client can make up. */
const MAX_CACHED_ENTITIES = 20_000;

/** The entities of one generation read so far; a generation never changes, so neither do they. */
interface GenerationCache {
  generation: number;
  /** When the generation was made current: a catalog whose numbering started again is not the one cached. */
  importedAt: number;
  /** Which read of the pointer made this cache: one made from an older read never replaces it. */
  read: number;
  entities: Map<string, Document>;
}

/** The catalog pointer as a reader uses it. */
interface Pointer {
  generation: number;
  importedAt: number;
}

/** A read of the pointer, numbered in the order readers asked for theirs. */
interface PointerReading extends Pointer {
  read: number;
}

/** Every kind of catalog entity a decision may look up by id. */
export interface CatalogReader extends CatalogSource {
  getServiceSpecification(id: string): Promise<ServiceSpecification | null>;
  getResourceSpecification(id: string): Promise<ResourceSpecification | null>;
}

const noop = () => undefined;
/** A read of the pointer that takes longer fails its callers rather than hold up every reader queued behind it. */
const POINTER_READ_TIMEOUT_MS = 5000;

/** `isBundle=true` arrives as text; the catalog holds JSON booleans. */
function withBooleanValues(filter: Document): Document {
  const asBoolean = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);
  const out: Document = { ...filter };
  for (const attribute of booleanAttributes) {
    const condition = out[attribute] as Document | undefined;
    if (!condition) continue;
    out[attribute] = Object.fromEntries(Object.entries(condition).map(([op, v]) => [op, Array.isArray(v) ? v.map(asBoolean) : asBoolean(v)]));
  }
  return out;
}

/**
 * MongoDB store of the product (offerings, prices, specifications), service and resource catalog.
 * Without multi-document transactions, a whole catalog is replaced atomically by generations: the
 * new catalog is written beside the current one under a new generation number, then one write to
 * the `catalogState` pointer makes it current, then older generations are deleted. Readers read only
 * the current generation, and repeat a read during which the pointer moved, so they see the old or
 * the new catalog, never a mix. An import that dies midway leaves the old generation current; the
 * next import deletes its remains.
 */
export class CatalogStore implements CatalogReader {
  readonly collections: Record<CatalogEntityType, Collection<CatalogDocument>>;
  private readonly state: Collection<CatalogPointer | GenerationSequence>;
  private cache: GenerationCache = { generation: -1, importedAt: -1, read: 0, entities: new Map() };
  private pointerReads = 0;
  private pointerInFlight: Promise<Pointer> | undefined;
  private pointerQueued: Promise<Pointer> | undefined;

  /** `pointerTimeoutMs`: how long a read of the pointer may take before its callers are failed (every reader waits on it). */
  constructor(db: Db, private readonly pointerTimeoutMs = POINTER_READ_TIMEOUT_MS) {
    this.collections = Object.fromEntries(catalogEntityTypes.map((t) => [t, db.collection<CatalogDocument>(t)])) as Record<CatalogEntityType, Collection<CatalogDocument>>;
    this.state = db.collection<CatalogPointer | GenerationSequence>('catalogState');
  }

  async ensureIndexes(): Promise<void> {
    for (const type of catalogEntityTypes) {
      await this.collections[type].createIndex({ '_ordo.generation': 1, id: 1 }, { unique: true });
      await ensureListIndexes(this.collections[type], catalogListSpecs[type]);
    }
  }

  async currentGeneration(): Promise<number> {
    return (await this.currentPointer()).generation;
  }

  /**
   * The pointer as one read asked after this call began finds it. Reads overlap under load (every
   * step of every order asks): callers that ask while one is in flight share the next one, which
   * starts when it ends, so the pointer is read once per round trip, not once per caller.
   */
  private currentPointer(): Promise<Pointer> {
    if (this.pointerQueued) return this.pointerQueued;
    if (!this.pointerInFlight) return this.startPointerRead();
    this.pointerQueued = this.pointerInFlight.then(noop, noop).then(() => {
      this.pointerQueued = undefined;
      return this.startPointerRead();
    });
    return this.pointerQueued;
  }

  private async pointerReading(): Promise<PointerReading> {
    const read = ++this.pointerReads;
    return { ...(await this.currentPointer()), read };
  }

  private startPointerRead(): Promise<Pointer> {
    const read = withTimeout(this.readPointer(), this.pointerTimeoutMs, 'reading the catalog pointer').finally(() => {
      if (this.pointerInFlight === read) this.pointerInFlight = undefined;
    });
    this.pointerInFlight = read;
    return read;
  }

  private async readPointer(): Promise<Pointer> {
    const pointer = (await this.state.findOne({ _id: 'current' })) as CatalogPointer | null;
    return { generation: pointer?.generation ?? 0, importedAt: pointer?.importedAt?.getTime() ?? 0 };
  }

  /** Runs `read` against the current generation, again if another generation became current meanwhile. */
  private async atCurrentGeneration<T>(read: (generation: number) => Promise<T>): Promise<T> {
    let generation = await this.currentGeneration();
    for (let attempt = 1; ; attempt++) {
      const result = await read(generation);
      const after = await this.currentGeneration();
      if (after === generation) return result;
      if (attempt >= MAX_READ_ATTEMPTS) throw new Error(`the catalog changed ${attempt} times while being read`);
      generation = after;
    }
  }

  find<T extends CatalogEntityType>(type: T, id: string, projection?: Document): Promise<CatalogEntities[T] | null> {
    if (projection) return this.atCurrentGeneration((generation) => this.collections[type].findOne<CatalogEntities[T]>({ '_ordo.generation': generation, id }, { projection }));
    return this.findWhole(type, id);
  }

  /**
   * Every order asks for its offerings and specifications: after the first read an entity comes from
   * memory, for as long as its generation is current (one read of the pointer, which an import by any
   * Ordo moves). Callers get their own copy. Unknown ids are not kept.
   */
  private async findWhole<T extends CatalogEntityType>(type: T, id: string, reading?: PointerReading, moved?: () => void): Promise<CatalogEntities[T] | null> {
    const key = `${type}/${id}`;
    const { generation, importedAt, read } = reading ?? (await this.pointerReading());
    const current = (c: GenerationCache) => c.generation === generation && c.importedAt === importedAt;
    // A reader that saw the pointer before an import does not throw away the newer generation's entities.
    if (!current(this.cache) && read > this.cache.read) this.cache = { generation, importedAt, read, entities: new Map() };
    const cache = current(this.cache) ? this.cache : undefined;
    const cached = cache?.entities.get(key);
    if (cached) return structuredClone(cached) as CatalogEntities[T];
    const found = await this.collections[type].findOne<CatalogEntities[T]>({ '_ordo.generation': generation, id }, { projection: hidden });
    // Read while an import replaced the generation: it may be gone already, so the read starts over.
    if ((await this.currentGeneration()) !== generation) {
      moved?.();
      return this.atCurrentGeneration((g) => this.collections[type].findOne<CatalogEntities[T]>({ '_ordo.generation': g, id }, { projection: hidden }));
    }
    if (found && cache && cache.entities.size < MAX_CACHED_ENTITIES) cache.entities.set(key, structuredClone(found) as Document);
    return found;
  }

  /**
   * The catalog at one read of the pointer, made at its first lookup: a decision that looks up
   * several entities (an order's items, their specifications) waits for one round trip, not one per
   * lookup, once they are in memory. Once a lookup finds that an import made another generation
   * current, the later ones read the pointer each, as lookups outside a view do.
   */
  atOneReading(): CatalogReader {
    let reading: Promise<PointerReading> | undefined;
    let moved = false;
    const at =
      <T extends CatalogEntityType>(type: T) =>
      async (id: string) =>
        moved ? this.findWhole(type, id) : this.findWhole(type, id, await (reading ??= this.pointerReading()), () => (moved = true));
    return {
      getOffering: at('productOffering'),
      getOfferingPrice: at('productOfferingPrice'),
      getProductSpecification: at('productSpecification'),
      getServiceSpecification: at('serviceSpecification'),
      getResourceSpecification: at('resourceSpecification'),
    };
  }

  getOffering(id: string): Promise<ProductOffering | null> {
    return this.find('productOffering', id);
  }

  getOfferingPrice(id: string): Promise<ProductOfferingPrice | null> {
    return this.find('productOfferingPrice', id);
  }

  getProductSpecification(id: string): Promise<ProductSpecification | null> {
    return this.find('productSpecification', id);
  }

  getServiceSpecification(id: string): Promise<ServiceSpecification | null> {
    return this.find('serviceSpecification', id);
  }

  getResourceSpecification(id: string): Promise<ResourceSpecification | null> {
    return this.find('resourceSpecification', id);
  }

  /** A TMF630 list of one entity type (see catalogListSpecs), from one generation. */
  list<T extends CatalogEntityType>(type: T, query: ListQuery): Promise<{ total: number; items: Partial<CatalogEntities[T]>[] }> {
    const typed = { ...query, filter: withBooleanValues(query.filter) };
    return this.atCurrentGeneration((generation) => runListQuery<Partial<CatalogEntities[T]>>(this.collections[type], typed, hidden, { '_ordo.generation': generation }));
  }

  /** One entity type as addReadRoutes reads it. */
  readable(type: CatalogEntityType): ReadableStore {
    return { findById: (id, projection) => this.find(type, id, projection), list: (query) => this.list(type, query) };
  }

  /** The whole current catalog. */
  readAll(): Promise<CatalogDump> {
    return this.atCurrentGeneration((generation) => this.readGeneration(generation));
  }

  /**
   * Makes `dump` the whole catalog, atomically, and reports what changed. The dump must already be
   * checked (checkCatalogDump). Refused (a conflict) if another import made its catalog current first.
   */
  async replaceAll(dump: CatalogDump): Promise<ReplacedCatalog> {
    const base = await this.currentGeneration();
    const before = await this.readGeneration(base);
    const generation = await this.nextGeneration();
    await this.writeGeneration(generation, dump);
    if (!(await this.makeCurrent(base, generation))) {
      await this.deleteGenerations({ $eq: generation });
      throw new Refusal(RefusalKind.conflict, 'CATALOG_CHANGED', 'The catalog changed during the import', `Another import replaced generation ${base} first; nothing was changed by this one: run it again`);
    }
    // Older generations (the replaced one, and the remains of imports that died) are no longer read.
    await this.deleteGenerations({ $lt: generation });
    return { generation, changes: diffCatalog(before, dump) };
  }

  private async readGeneration(generation: number): Promise<CatalogDump> {
    const dump = {} as Record<CatalogEntityType, unknown[]>;
    for (const type of catalogEntityTypes) dump[type] = await this.collections[type].find({ '_ordo.generation': generation }, { projection: hidden }).sort({ _id: 1 }).toArray();
    return dump as CatalogDump;
  }

  /** Generation numbers only grow, so a generation being written is always newer than the current one. */
  private async nextGeneration(): Promise<number> {
    const sequence = await this.state.findOneAndUpdate({ _id: 'sequence' }, { $inc: { last: 1 } }, { upsert: true, returnDocument: 'after' });
    if (!sequence) throw new Error('catalogState sequence was not returned');
    return (sequence as GenerationSequence).last;
  }

  private async writeGeneration(generation: number, dump: CatalogDump): Promise<void> {
    for (const type of catalogEntityTypes) {
      const documents = dump[type].map((entity) => ({ ...entity, _id: `${generation}/${entity.id}`, _ordo: { generation } }));
      for (let i = 0; i < documents.length; i += INSERT_BATCH) await this.collections[type].insertMany(documents.slice(i, i + INSERT_BATCH));
    }
  }

  /** The single write that switches readers to `generation`, only if `base` is still current. */
  private async makeCurrent(base: number, generation: number): Promise<boolean> {
    try {
      const result = await this.state.updateOne({ _id: 'current', generation: base }, { $set: { generation, importedAt: new Date() } }, { upsert: true });
      return result.modifiedCount === 1 || result.upsertedCount === 1;
    } catch (err) {
      // The upsert met a pointer at another generation: a concurrent import won.
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  private async deleteGenerations(which: Document): Promise<void> {
    for (const type of catalogEntityTypes) await this.collections[type].deleteMany({ '_ordo.generation': which });
  }
}
