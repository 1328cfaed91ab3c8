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
});
