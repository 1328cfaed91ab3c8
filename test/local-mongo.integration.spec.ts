import { expect } from 'chai';
import { connectMongo, type Database } from '../engine/db/mongo.js';
import { testConfig } from './support/harness.js';

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
});
