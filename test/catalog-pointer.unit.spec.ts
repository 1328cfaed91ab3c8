import { expect } from 'chai';
import type { Db } from 'mongodb';
import { CatalogStore } from '../engine/catalog/catalog-store.js';

/** A catalogState collection whose reads of the pointer the test answers by hand. */
function pointerByHand() {
  const reads: { resolve(generation: number): void; reject(err: Error): void }[] = [];
  const state = {
    findOne: () => new Promise((resolve, reject) => reads.push({ resolve: (generation) => resolve({ _id: 'current', generation, importedAt: new Date(0) }), reject })),
  };
  const db = { collection: (name: string) => (name === 'catalogState' ? state : {}) } as unknown as Db;
  return { db, reads };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('engine/catalog: readers share the reads of the pointer', () => {
  it('a caller gets a read begun after it asked: those who ask while one runs share the next', async () => {
    const { db, reads } = pointerByHand();
    const store = new CatalogStore(db);
    const first = store.currentGeneration();
    const [second, third] = [store.currentGeneration(), store.currentGeneration()];
    expect(reads, 'one read at a time').to.have.length(1);
    reads[0]!.resolve(1);
    expect(await first).to.equal(1);
    await settled();
    expect(reads, 'the next read starts once the first ended').to.have.length(2);
    reads[1]!.resolve(2);
    expect(await Promise.all([second, third]), 'both asked while the first ran: an import in between is seen').to.deep.equal([2, 2]);
    await settled();
    expect(reads, 'no read left behind').to.have.length(2);
  });

  it('a failed read fails only those it served; the one queued behind it still runs', async () => {
    const { db, reads } = pointerByHand();
    const store = new CatalogStore(db);
    const first = store.currentGeneration();
    const second = store.currentGeneration();
    reads[0]!.reject(new Error('connection reset'));
    await first.then(() => expect.fail('the failed read answered'), (err: Error) => expect(err.message).to.equal('connection reset'));
    await settled();
    reads[1]!.resolve(3);
    expect(await second).to.equal(3);
    const later = store.currentGeneration();
    expect(reads, 'a later caller starts a read of its own').to.have.length(3);
    reads[2]!.resolve(3);
    expect(await later).to.equal(3);
  });

  it('a read that does not answer fails its callers after the time limit instead of holding up every reader', async () => {
    const { db, reads } = pointerByHand();
    const store = new CatalogStore(db, 50);
    const stuck = store.currentGeneration();
    const queued = store.currentGeneration();
    await stuck.then(() => expect.fail('the stuck read answered'), (err: Error) => expect(err.message).to.equal('reading the catalog pointer took longer than 50 ms'));
    await settled();
    reads[1]!.resolve(4);
    expect(await queued, 'the reader queued behind it is served by the next read').to.equal(4);
  });
});
