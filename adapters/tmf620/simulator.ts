import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import { withEveryEntityType, type CatalogDump } from '../../engine/catalog/catalog-entities.js';
import { TMF620_BASE_PATH } from '../../engine/catalog/catalog-schemas.js';
import { InMemoryCatalog } from '../../engine/catalog/catalog-source.js';
import { bpmnDir } from '../../engine/paths.js';
import { listenOn } from '../simulator-support.js';

export interface Tmf620SimulatorOptions {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  catalog?: Partial<CatalogDump>;
}

/** What the simulator does instead of answering, until cleared. */
export interface SimulatedFault {
  /** Answer every request with this HTTP status (e.g. 503). */
  status?: number;
  /** Wait this long before answering (ms). */
  delayMs?: number;
}

type Resource = 'productOffering' | 'productOfferingPrice' | 'productSpecification';
const servedResources: readonly Resource[] = ['productOffering', 'productOfferingPrice', 'productSpecification'];
const isServed = (resource: string): resource is Resource => (servedResources as readonly string[]).includes(resource);

const tmfError = (status: number, code: string, reason: string, message: string) => ({ code, reason, message, status: String(status), '@type': 'Error' });

/**
 * A TMF620 Product Catalog API over real HTTP, serving productOffering, productOfferingPrice and
 * productSpecification from an in-memory catalog dump. It counts the requests for each entity and can be made to fail
 * or to answer slowly, so tests and the demo can see caching and outages from outside.
 */
export class Tmf620Simulator {
  private catalog = new InMemoryCatalog(withEveryEntityType({}));
  private fault: SimulatedFault = {};
  private readonly counts = new Map<string, { resource: string; id: string | undefined; requests: number }>();

  private constructor(private readonly server: Server, readonly baseUrl: string) {}

  static async start(options: Tmf620SimulatorOptions = {}): Promise<Tmf620Simulator> {
    const app = express();
    let simulator: Tmf620Simulator | undefined;
    app.get(`${TMF620_BASE_PATH}/:resource/:id`, (req, res, next) => void simulator!.answer(req.params['resource'] as string, req.params['id'] as string, res).catch(next));
    app.get(`${TMF620_BASE_PATH}/:resource`, (req, res, next) => void simulator!.answer(req.params['resource'] as string, undefined, res).catch(next));
    const { server, baseUrl } = await listenOn(app, options.host ?? '127.0.0.1', options.port);
    simulator = new Tmf620Simulator(server, `${baseUrl}${TMF620_BASE_PATH}`);
    if (options.catalog) simulator.load(options.catalog);
    return simulator;
  }

  /** Serves `dump` from now on (entity types it lacks are empty). */
  load(dump: Partial<CatalogDump>): void {
    this.catalog = new InMemoryCatalog(withEveryEntityType(dump));
  }

  loadFile(file: string): void {
    this.load(JSON.parse(readFileSync(file, 'utf8')) as Partial<CatalogDump>);
  }

  /** Fails or slows every request until `clearFault()`. */
  setFault(fault: SimulatedFault): void {
    this.fault = { ...fault };
  }

  clearFault(): void {
    this.fault = {};
  }

  /** Requests received for one entity (`requestCount('productOffering', 'x')`), one resource, or all. */
  requestCount(resource?: Resource, id?: string): number {
    let total = 0;
    for (const c of this.counts.values()) if ((resource === undefined || c.resource === resource) && (id === undefined || c.id === id)) total += c.requests;
    return total;
  }

  resetCounts(): void {
    this.counts.clear();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async answer(resource: string, id: string | undefined, res: express.Response): Promise<void> {
    const key = JSON.stringify([resource, id]);
    const count = this.counts.get(key) ?? { resource, id, requests: 0 };
    count.requests++;
    this.counts.set(key, count);
    const { status, delayMs } = this.fault;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (status) {
      res.status(status).json(tmfError(status, 'SIMULATED_FAULT', 'Simulated fault', `The simulator was told to answer ${status}`));
      return;
    }
    if (!isServed(resource)) {
      res.status(404).json(tmfError(404, 'NOT_FOUND', 'Unknown resource', `This TMF620 simulator serves ${servedResources.join(', ')}, not ${resource}`));
      return;
    }
    if (id === undefined) {
      const all = this.catalog.all(resource);
      res.set('X-Total-Count', String(all.length)).set('X-Result-Count', String(all.length)).json(all);
      return;
    }
    const found = this.catalog.get(resource, id);
    if (!found) res.status(404).json(tmfError(404, 'NOT_FOUND', `${resource} not found`, `No ${resource} with id ${id}`));
    else res.json(found);
  }
}

/** `node dist/adapters/tmf620/simulator.js [catalog.json] [port]`: the simulator for the local demo. */
async function main(args: string[]): Promise<void> {
  const file = args[0] ?? path.join(bpmnDir, 'catalog', 'default-catalog.json');
  const simulator = await Tmf620Simulator.start({ port: Number(args[1] ?? 8620) });
  simulator.loadFile(file);
  console.log(`TMF620 simulator serving ${file} at ${simulator.baseUrl}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void simulator.close().then(() => process.exit(0)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((err: Error) => {
    console.error(`tmf620 simulator: ${err.message}`);
    process.exit(1);
  });
}
