import { MongoClient, type Db } from 'mongodb';
import type { Config } from '../config/config.js';

export interface Database {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

export async function connectMongo(config: Config['mongo']): Promise<Database> {
  // Command events let the event relay start as soon as a write queues an event (OutboxRelay.wakeOnWrites).
  const client = new MongoClient(config.url, { serverSelectionTimeoutMS: 10_000, monitorCommands: true });
  await client.connect();
  return { client, db: client.db(config.db), close: () => client.close() };
}
