import axios, { type AxiosInstance } from 'axios';
import { answerOf, RetriesSpentError, RetryableFailure, retryPolicy, withRetries, type RetryPolicy } from '../http-retry.js';
import type { ProductOffering, ProductOfferingPrice, ProductSpecification } from '../../engine/catalog/catalog-entities.js';
import { tmf620 } from '../../engine/catalog/catalog-schemas.js';
import { priceProblems } from '../../engine/catalog/offering-price.js';
import { CatalogUnavailableError, type CatalogSource } from '../../engine/catalog/catalog-source.js';
import { formatProblems, type Validator } from '../../engine/tmf/schema-validator.js';
import { TtlCache } from './ttl-cache.js';

export interface Tmf620ClientOptions {
  /** The API's base URL, e.g. https://catalog.example.com/tmf-api/productCatalogManagement/v4 */
  baseUrl: string;
  /** Per request (ms); default 5000. */
  timeoutMs?: number;
  /** How long a fetched entity is reused (ms); default 60 000. */
  ttlMs?: number;
  /** How long "not found" is reused (ms); default 5000. */
  negativeTtlMs?: number;
  /** Entities kept per resource type; default 10 000. */
  maxCachedEntries?: number;
  /** Further attempts after a network failure or 5xx answer; default 1. */
  retries?: number;
  /** Pause before each retry (ms), the same every time; default 200. */
  retryDelayMs?: number;
  /** Sent with every request, e.g. Authorization. */
  headers?: Record<string, string>;
  now?: () => number;
}

/** The remote TMF620 catalog could not answer (down, too slow, an error status or an invalid body). */
export class Tmf620UnavailableError extends CatalogUnavailableError {}

type Resource = 'productOffering' | 'productOfferingPrice' | 'productSpecification';

const offeringPriceSchema = tmf620.validator('ProductOfferingPrice');
const validators: Record<Resource, Validator> = {
  productOffering: tmf620.validator('ProductOffering'),
  // A price whose amount or tax rate cannot be charged exactly is as unusable as one off its schema.
  productOfferingPrice: (body) => {
    const problems = offeringPriceSchema(body);
    return problems.length > 0 ? problems : priceProblems(body as ProductOfferingPrice);
  },
  productSpecification: tmf620.validator('ProductSpecification'),
};

/** Client of a remote TMF620 Product Catalog API: single entities by id, cached with a TTL. */
export class Tmf620Client implements CatalogSource {
  private readonly http: AxiosInstance;
  private readonly caches: Record<Resource, TtlCache<Record<string, unknown>>>;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: Tmf620ClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 5000,
      headers: { Accept: 'application/json', ...options.headers },
      validateStatus: () => true,
    });
    const cacheOptions = { ttlMs: options.ttlMs ?? 60_000, negativeTtlMs: options.negativeTtlMs ?? 5000, maxEntries: options.maxCachedEntries ?? 10_000, ...(options.now ? { now: options.now } : {}) };
    this.caches = { productOffering: new TtlCache(cacheOptions), productOfferingPrice: new TtlCache(cacheOptions), productSpecification: new TtlCache(cacheOptions) };
    this.retry = retryPolicy(options, { retries: 1, delayMs: 200, factor: 1 });
  }

  async getOffering(id: string): Promise<ProductOffering | null> {
    return (await this.caches.productOffering.get(id, () => this.fetch('productOffering', id))) as ProductOffering | null;
  }

  async getOfferingPrice(id: string): Promise<ProductOfferingPrice | null> {
    return (await this.caches.productOfferingPrice.get(id, () => this.fetch('productOfferingPrice', id))) as ProductOfferingPrice | null;
  }

  async getProductSpecification(id: string): Promise<ProductSpecification | null> {
    return (await this.caches.productSpecification.get(id, () => this.fetch('productSpecification', id))) as ProductSpecification | null;
  }

  /** Forgets every cached answer. */
  clearCache(): void {
    for (const cache of Object.values(this.caches)) cache.clear();
  }

  private async fetch(resource: Resource, id: string): Promise<Record<string, unknown> | null> {
    const path = `/${resource}/${encodeURIComponent(id)}`;
    const unavailable = (why: string) => new Tmf620UnavailableError(this.options.baseUrl, `GET ${path}: ${why}`);
    try {
      return await withRetries(`GET ${path}`, this.retry, async () => {
        const res = await answerOf(this.http.get<unknown>(path), { timeoutMs: this.http.defaults.timeout });
        if (res.status === 404) return null;
        if (res.status === 200) return this.checked(resource, id, res.data, unavailable);
        if (res.status >= 500) throw new RetryableFailure(`HTTP ${res.status}`);
        throw unavailable(`HTTP ${res.status}`);
      });
    } catch (err) {
      // Callers know a catalog that cannot be asked by its own error, whatever went wrong on the way.
      if (err instanceof CatalogUnavailableError) throw err;
      throw unavailable(err instanceof RetriesSpentError ? err.last.message : (err as Error).message);
    }
  }

  private checked(resource: Resource, id: string, body: unknown, unavailable: (why: string) => Error): Record<string, unknown> {
    if (body === null || typeof body !== 'object' || Array.isArray(body) || (body as Record<string, unknown>)['id'] !== id) {
      throw unavailable(`the answer is not the ${resource} ${id}`);
    }
    const problems = validators[resource](body);
    if (problems.length > 0) throw unavailable(`the answer is not a valid ${resource}: ${formatProblems(problems)}`);
    return body as Record<string, unknown>;
  }
}
