import type { Logger } from '../observability/logger.js';
import { generatePool } from './generate-pool.js';
import { loadResources } from './load-pool.js';
import type { ResourceStore } from './resource-store.js';

/**
 * A first stock for an empty inventory, so the local demo and the tests can fulfil mobile orders:
 * `size` standard MSISDNs (4179…), as many SIM cards (894101…), and a tenth as many golden MSISDNs
 * (4179999…). An inventory that holds anything is left alone.
 */
export async function seedInventory(resources: ResourceStore, size: number, log: Logger): Promise<void> {
  if (size <= 0 || (await resources.collection.findOne({}, { projection: { _id: 1 } }))) return;
  const started = Date.now();
  const msisdns = await loadResources(resources, generatePool({ kind: 'msisdn', count: size, prefix: '4179' }), { kind: 'msisdn' });
  const golden = await loadResources(resources, generatePool({ kind: 'msisdn', count: Math.max(1, Math.floor(size / 10)), prefix: '4179999', category: 'golden' }), { kind: 'msisdn', category: 'golden' });
  const sims = await loadResources(resources, generatePool({ kind: 'iccid', count: size, prefix: '894101' }), { kind: 'iccid' });
  log.info('inventory seeded', { msisdn: msisdns.loaded, goldenMsisdn: golden.loaded, sim: sims.loaded, ms: Date.now() - started });
}
