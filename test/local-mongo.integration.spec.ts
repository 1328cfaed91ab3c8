import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Double, Long, MongoClient, type Document, type Sort } from 'mongodb';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { findJdks, pickJdk } from '../compose/local/jdk.js';
import { portOpen, servers } from '../compose/local/servers.js';
import { stackDirs } from '../compose/local/stack.js';
import { eventually, freePort, testConfig } from './support/harness.js';

const config = testConfig();

/**
 * Every revision-checked write in Ordo decides on what it read: a read that shows half of another
 * write (a new revision next to an old state) lets two reservations take one number. MongoDB never
 * answers such a read; the local server must not either.
 */
describe('the local MongoDB-wire server (compose/local/mongo)', function () {
  this.timeout(60_000);
  let database: Database;
  before(async () => {
    database = await connectMongo({ ...config.mongo, db: `${config.mongo.db}_wire` });
  });
  after(async () => {
    await database?.db.dropDatabase();
    await database?.close();
  });

  it('a read never shows half of an update, under writers and readers at once', async () => {
    const docs = database.db.collection<{ _id: string; state: number; padding: string; _ordo: { revision: number } }>('halves');
    // Big documents take long to send: the window in which a reply could be changed under it.
    await docs.insertOne({ _id: 'one', state: 0, padding: 'x'.repeat(20_000), _ordo: { revision: 0 } });
    const until = Date.now() + 4_000;
    const halves: string[] = [];
    let reads = 0;
    const write = async () => {
      while (Date.now() < until) await docs.updateOne({ _id: 'one' }, { $inc: { state: 1, '_ordo.revision': 1 } });
    };
    const writeAndRead = async () => {
      while (Date.now() < until) {
        const after = await docs.findOneAndUpdate({ _id: 'one' }, { $inc: { state: 1, '_ordo.revision': 1 } }, { returnDocument: 'after' });
        if (after && after.state !== after._ordo.revision) halves.push(`findOneAndUpdate: state ${after.state}, revision ${after._ordo.revision}`);
      }
    };
    const read = async () => {
      while (Date.now() < until) {
        const seen = await docs.findOne({ _id: 'one' });
        reads++;
        if (seen && seen.state !== seen._ordo.revision) halves.push(`findOne: state ${seen.state}, revision ${seen._ordo.revision}`);
      }
    };
    await Promise.all([write(), write(), writeAndRead(), ...Array.from({ length: 6 }, read)]);
    expect(reads).to.be.greaterThan(100);
    expect(halves.slice(0, 5), `${halves.length} of ${reads} reads showed half an update`).to.deep.equal([]);
  });

  it('a query naming an _id beside other conditions finds by the _id and still checks every condition', async () => {
    const docs = database.db.collection<{ _id: string; state: number; tags?: string[] }>('byId');
    await docs.insertMany([{ _id: 'a', state: 1, tags: ['x'] }, { _id: 'b', state: 2 }, { _id: 'c', state: 1 }]);
    const ids = async (filter: object) => (await docs.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ _id: 'a', state: 1 })).to.deep.equal(['a']);
    expect(await ids({ _id: 'a', state: 2 })).to.deep.equal([]);
    expect(await ids({ _id: 'zzz', state: 1 })).to.deep.equal([]);
    expect(await ids({ _id: { $in: ['a', 'b', 'c', 'zzz'] }, state: 1 })).to.deep.equal(['a', 'c']);
    expect(await ids({ _id: { $in: [] }, state: 1 })).to.deep.equal([]);
    expect(await ids({ _id: 'a', tags: 'x', state: { $lt: 5 } })).to.deep.equal(['a']);
    expect(await ids({ _id: { $nin: ['a'] }, state: 1 })).to.deep.equal(['c']);
    expect((await docs.updateOne({ _id: 'b', state: 1 }, { $set: { state: 9 } })).modifiedCount).to.equal(0);
    expect((await docs.updateOne({ _id: 'b', state: 2 }, { $set: { state: 9 } })).modifiedCount).to.equal(1);
    expect((await docs.deleteOne({ _id: 'c', state: 2 })).deletedCount).to.equal(0);
    expect(await docs.findOneAndUpdate({ _id: 'c', state: 1 }, { $set: { state: 3 } }, { returnDocument: 'after' })).to.deep.equal({ _id: 'c', state: 3 });
    await docs.updateOne({ _id: 'd', state: 4 }, { $set: { tags: ['new'] } }, { upsert: true });
    expect(await docs.findOne({ _id: 'd' })).to.deep.equal({ _id: 'd', state: 4, tags: ['new'] });
  });

  it('a revision-checked write found by its _id lets exactly one of racing writers win each revision', async () => {
    const docs = database.db.collection<{ _id: string; wins: number; _ordo: { revision: number } }>('racing');
    await docs.insertOne({ _id: 'one', wins: 0, _ordo: { revision: 0 } });
    let won = 0;
    let lost = 0;
    const writer = async () => {
      for (let k = 0; k < 60; k++) {
        const seen = (await docs.findOne({ _id: 'one' }))!;
        const result = await docs.updateOne({ _id: 'one', '_ordo.revision': seen._ordo.revision }, { $inc: { wins: 1, '_ordo.revision': 1 } });
        if (result.modifiedCount === 1) won++;
        else lost++;
      }
    };
    await Promise.all(Array.from({ length: 4 }, writer));
    const final = (await docs.findOne({ _id: 'one' }))!;
    expect(lost, 'the writers never raced').to.be.greaterThan(0);
    expect(final.wins).to.equal(won);
    expect(final._ordo.revision).to.equal(won);
  });

  it('a collection with non-unique indexes answers every query, count and change exactly as one without them, and keeps its indexes up to date', async () => {
    type Doc = Document & { _id: string };
    const indexed = database.db.collection<Doc>('indexed');
    const plain = database.db.collection<Doc>('plain');
    let seed = 20;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(choices: readonly T[]): T => choices[Math.floor(random() * choices.length)]!;
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d));
    // Every shape a field may take: missing, null, another type, arrays (empty too) of values and of documents.
    const make = (i: number): Doc => {
      const doc: Doc = { _id: `d${String(i).padStart(3, '0')}` };
      const state = pick(['acknowledged', 'inProgress', 'completed', 'failed', 'failed', 3, null, undefined]);
      if (state !== undefined) doc['state'] = state;
      const when = pick(['date', 'date', 'date', 'string', 'none']);
      if (when === 'date') doc['orderDate'] = day(Math.floor(random() * 60));
      if (when === 'string') doc['orderDate'] = '2026-01-05';
      doc['n'] = pick([1, new Double(1), 2, 2.5, 3, Long.fromNumber(4), 7]);
      const items = pick([0, 1, 2, 3, -1]);
      if (items >= 0) doc['items'] = Array.from({ length: items }, () => ({ id: pick(['i1', 'i2', 'i3']), offering: { id: pick(['o1', 'o2', 'o3']) } }));
      const tags = pick(['one', 'many', 'none']);
      if (tags === 'one') doc['tags'] = pick(['t1', 't2', 't3']);
      if (tags === 'many') doc['tags'] = [pick(['t0', 't1']), pick(['t3', 't4'])];
      const flag = random();
      if (flag < 0.2) doc['flag'] = true;
      else if (flag < 0.25) doc['flag'] = null;
      // Values the index cannot hold (a list in a list on the path; numbers the server cannot order): it must step aside.
      const deep = pick(['nested', 'list', 'one', 'other', 'none', 'none'] as const);
      if (deep !== 'none') doc['deep'] = { nested: [[{ id: 'x' }]], list: [{ id: 'x' }], one: { id: 'x' }, other: [{ id: 'y' }] }[deep];
      // (Not sorted on: the server's own order of such numbers is not transitive, so a sort of them depends on the order read.)
      const big = pick([3e9 + 0.25, 3e9 + 0.75, Long.fromNumber(3e9), 3e9 + 2, 1, undefined]);
      if (big !== undefined) doc['big'] = big;
      const ordo = random();
      if (ordo < 0.1) doc['_ordo'] = { deletedAt: day(1) };
      else if (ordo < 0.15) doc['_ordo'] = { deletedAt: null };
      else if (ordo < 0.2) doc['_ordo'] = 'not a document';
      else if (ordo < 0.9) doc['_ordo'] = {};
      return doc;
    };
    const docs = Array.from({ length: 400 }, (_, i) => make(i));
    const both = async (change: (c: typeof indexed) => Promise<unknown>) => {
      const [a, b] = await Promise.all([change(indexed), change(plain)]);
      expect(a).to.deep.equal(b);
    };
    await both((c) => c.insertMany(docs.slice(0, 200)));
    // Built over the documents already there, then kept by each change.
    for (const key of [{ state: 1, orderDate: -1 }, { orderDate: 1 }, { orderDate: -1, _id: 1 }, { 'items.id': 1 }, { 'items.offering.id': 1 }, { tags: 1 }, { n: 1 }, { 'deep.id': 1 }, { big: 1 }, { 'pair.b': 1 }]) await indexed.createIndex(key as Document);
    await indexed.createIndex({ flag: 1 }, { sparse: true });
    await indexed.createIndex({ '_ordo.deletedAt': 1 }, { sparse: true });
    await both((c) => c.insertMany(docs.slice(200)));

    const filters: Document[] = [
      {}, { state: 'completed' }, { state: { $in: ['failed', 'completed'] } }, { state: { $in: [] } }, { state: 3 }, { state: null }, { state: { $eq: 'failed' } }, { state: { $ne: 'failed' } },
      { orderDate: { $gte: day(20) } }, { orderDate: { $gte: day(10), $lt: day(30) } }, { orderDate: { $lte: day(5) } }, { orderDate: { $gt: day(40), $exists: true } }, { orderDate: '2026-01-05' },
      { 'items.id': 'i3' }, { 'items.offering.id': { $in: ['o1', 'o2'] } }, { 'items.id': 'i1', 'items.offering.id': 'o2' }, { tags: 't3' }, { tags: { $gte: 't1', $lte: 't2' } }, { tags: { $gt: 't0', $lt: 't4' } },
      { n: 1 }, { n: { $gt: 2, $lt: 5 } }, { n: { $in: [1, 7] } }, { flag: true }, { flag: { $exists: true } }, { flag: { $exists: false }, state: 'failed' },
      { state: 'completed', '_ordo.deletedAt': { $exists: false } }, { '_ordo.deletedAt': { $exists: false } }, { '_ordo.deletedAt': { $gte: day(0) } }, { state: 'failed', orderDate: { $lt: day(30) } },
      // Counted from the index alone, where it can tell (not a multikey or stopped one: tags, deep.id).
      { '_ordo.deletedAt': { $exists: true } }, { flag: { $exists: false } }, { orderDate: { $exists: false } }, { n: { $exists: true } }, { tags: { $exists: false } }, { 'deep.id': { $exists: false } },
      { orderDate: { $gte: day(10), $lt: day(30) }, '_ordo.deletedAt': { $exists: false } }, { n: { $in: [1, 2.5] }, flag: { $exists: true } }, { n: 1.0, state: { $in: ['failed', 3] } },
      { orderDate: '2026-01-05', n: { $gt: 1 } }, { flag: { $exists: true }, '_ordo.deletedAt': { $exists: true } }, { state: { $gt: 'c' }, tags: 't1' },
      // No value meets both bounds.
      { orderDate: { $gt: day(40), $lt: day(10) } }, { n: { $gt: 5, $lte: 5 } }, { n: { $gte: 4, $lte: 4 } },
      // Beside $ne, $nin or $all, on a path through an array, upstream's matcher heeds only those.
      { 'items.id': { $in: ['i1'], $ne: 'i2' } }, { 'items.id': { $in: ['i1', 'i3'], $nin: ['i2'] } }, { tags: { $all: ['t0'], $gte: 't0' } }, { 'items.offering.id': { $eq: 'o1', $ne: 'o2' } },
      { 'deep.id': 'x' }, { 'pair.b': 2 }, { big: 3e9 }, { big: { $in: [Long.fromNumber(3e9)] } }, { big: { $gt: 2999999999 } },
    ];
    const sorts: Document[] = [{ _id: 1 }, { orderDate: -1, _id: 1 }, { orderDate: 1, _id: 1 }, { state: 1, _id: 1 }, { n: -1, _id: -1 }, { tags: 1, _id: 1 }];
    const pages = [[0, 0], [0, 5], [3, 10], [0, 100]] as const;
    const answers = async () => {
      let compared = 0;
      for (const filter of filters) {
        expect(await indexed.countDocuments(filter), JSON.stringify(filter)).to.equal(await plain.countDocuments(filter));
        for (const sort of sorts) {
          for (const [skip, limit] of pages) {
            const find = (c: typeof indexed) => c.find(filter).sort(sort as Sort).skip(skip).limit(limit).toArray();
            expect(await find(indexed), `${JSON.stringify(filter)} sorted ${JSON.stringify(sort)}, skip ${skip} limit ${limit}`).to.deep.equal(await find(plain));
            compared++;
          }
        }
        // Unsorted, the order is the server's to choose (as on MongoDB): the same documents, though.
        const byId = (found: Doc[]) => found.sort((a, b) => a._id.localeCompare(b._id));
        expect(byId(await indexed.find(filter).toArray())).to.deep.equal(byId(await plain.find(filter).toArray()));
      }
      return compared;
    };
    expect(await answers()).to.equal(filters.length * sorts.length * pages.length);

    await both((c) => c.updateMany({ state: 'failed' }, { $set: { state: 'completed', orderDate: day(70) } }));
    await both((c) => c.updateMany({ tags: 't3' }, { $unset: { tags: '' } }));
    await both((c) => c.updateMany({ 'items.id': 'i2' }, { $push: { items: { id: 'i4', offering: { id: 'o9' } } } as Document }));
    await both((c) => c.updateMany({ flag: true, n: { $lt: 3 } }, { $unset: { flag: '' }, $set: { state: 'failed' } }));
    await both((c) => c.deleteMany({ orderDate: { $lt: day(8) } }));
    await both((c) => c.deleteMany({ n: 7, state: 'inProgress' }));
    await both((c) => c.findOneAndUpdate({ state: 'acknowledged' }, { $set: { state: 'failed', flag: true } }, { sort: { orderDate: -1, _id: 1 }, returnDocument: 'after' }));
    await both((c) => c.findOneAndDelete({ n: { $gte: 3 } }, { sort: { orderDate: 1, _id: 1 } }));
    await both((c) => c.updateOne({ _id: 'new', state: 'failed' }, { $set: { orderDate: day(3), tags: ['t9'] } }, { upsert: true }));
    await both((c) => c.replaceOne({ _id: 'd010' }, { state: 'failed', orderDate: day(50), items: [{ id: 'i1', offering: { id: 'o1' } }] }));
    // A list put into a list on an indexed path, where the path reader sees no change.
    await both((c) => c.updateOne({ _id: 'd020' }, { $set: { pair: [{ b: 1 }, 5] } }));
    await both((c) => c.updateOne({ _id: 'd020' }, { $set: { 'pair.1': [{ b: 2 }] } }));
    // An array on the path: the index can no longer count documents without the field.
    await both((c) => c.updateOne({ _id: 'd030' }, { $set: { _ordo: [{ deletedAt: day(2) }, {}] } }));
    expect(await answers()).to.equal(filters.length * sorts.length * pages.length);

    // The server's count of each index's entries: every document in a plain index, only those with the field in a sparse one.
    const { keysPerIndex } = (await database.db.command({ validate: 'indexed' })) as { keysPerIndex: Record<string, number> };
    const total = await indexed.countDocuments();
    expect(keysPerIndex['orderDate_1']).to.equal(total);
    expect(keysPerIndex['state_1_orderDate_-1']).to.equal(total);
    expect(keysPerIndex['flag_1']).to.equal(await indexed.countDocuments({ flag: { $exists: true } }));
    expect(keysPerIndex['_ordo.deletedAt_1']).to.equal(await indexed.countDocuments({ '_ordo.deletedAt': { $exists: true } }));
    // These indexes hold nothing once they met what they cannot hold; the queries above read without them.
    expect([keysPerIndex['deep.id_1'], keysPerIndex['big_1'], keysPerIndex['pair.b_1']]).to.deep.equal([0, 0, 0]);
  });

  it('after a restart, it fills its indexes again from the stored documents: unique ones still refuse duplicates, and lookups find what they did', async function () {
    this.timeout(180_000);
    // A second server of the stack's own make, on a store file of its own (no shared class archive).
    const mongo = servers.find((s) => s.name === 'mongo')!;
    const jdk = pickJdk(findJdks(), mongo.java, mongo.name);
    const dirs = stackDirs(config);
    mongo.prepare(dirs, jdk); // the launcher built from the source as it is now
    const launch = mongo.launch(dirs, jdk, config);
    const args = launch.args.slice(0, -3).filter((a) => !a.includes('SharedArchive'));
    const dir = mkdtempSync(path.join(tmpdir(), 'ordo-restart-'));
    const port = await freePort();
    const url = `mongodb://127.0.0.1:${port}/?directConnection=true`;
    const start = async () => {
      const server = spawn(jdk.java, [...args, '127.0.0.1', String(port), path.join(dir, 'store.mv')], { cwd: dir, stdio: 'ignore' });
      await eventually('the restarted server to listen', () => portOpen(port), 60_000).catch((e: Error) => {
        server.kill('SIGKILL');
        throw e;
      });
      return server;
    };
    const stop = (server: ReturnType<typeof spawn>) => new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
    let server = await start();
    try {
      let client = await MongoClient.connect(url);
      const docs = () => client.db('restart').collection<{ _id: string; key: string; state: string; _ordo: { revision: number } }>('docs');
      await docs().createIndex({ key: 1 }, { unique: true });
      await docs().createIndex({ state: 1 });
      await docs().createIndex({ _id: 1, '_ordo.revision': 1 }, { unique: true });
      await docs().insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}`, key: `k${i}`, state: i % 5 === 0 ? 'failed' : 'completed', _ordo: { revision: 0 } })));
      await client.close();
      await stop(server);

      server = await start();
      client = await MongoClient.connect(url);
      // A write comes first: the indexes must be filled before it, not only before a query.
      const refused = await docs().insertOne({ _id: 'd50', key: 'k7', state: 'completed', _ordo: { revision: 0 } }).catch((e: Error) => e);
      expect(refused).to.be.instanceOf(Error).with.property('message').that.matches(/duplicate key/i);
      expect(await docs().insertOne({ _id: 'd1', key: 'k-new', state: 'completed', _ordo: { revision: 0 } }).catch((e: Error) => e)).to.be.instanceOf(Error);
      expect((await docs().find({ state: 'failed' }).sort({ _id: 1 }).toArray()).map((d) => d._id)).to.deep.equal(['d0', 'd10', 'd15', 'd20', 'd25', 'd30', 'd35', 'd40', 'd45', 'd5']);
      expect((await docs().updateOne({ _id: 'd3', '_ordo.revision': 0 }, { $set: { state: 'failed', key: 'k3b' }, $inc: { '_ordo.revision': 1 } })).modifiedCount).to.equal(1);
      expect((await docs().updateOne({ _id: 'd3', '_ordo.revision': 0 }, { $set: { state: 'completed' } })).modifiedCount).to.equal(0);
      expect(await docs().updateOne({ _id: 'd4' }, { $set: { key: 'k3b' } }).catch((e: Error) => e)).to.be.instanceOf(Error);
      await docs().insertOne({ _id: 'd51', key: 'k3', state: 'completed', _ordo: { revision: 0 } });
      expect(await docs().countDocuments({ state: 'failed' })).to.equal(11);
      const { keysPerIndex } = (await client.db('restart').command({ validate: 'docs' })) as { keysPerIndex: Record<string, number> };
      expect(keysPerIndex).to.deep.equal({ _id_: 51, key_1: 51, state_1: 51, '_id_1__ordo.revision_1': 51 });
      await client.close();
    } finally {
      await stop(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
