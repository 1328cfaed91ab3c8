import type { Collection, Document } from 'mongodb';
import type { MessageSource } from './message-notifier.js';

/** A document that tells its process what happened (`_ordo.signal`), the process keyed by the document's id. */
export type Signalled = Document & { _id: string; _ordo: { signal?: { name: string; at: Date; pending?: true } } };

/**
 * The messages such documents owe their processes: the signal's name, to the process whose business
 * key is the document id; `idField` names the id in log lines (signUpId, cartId).
 */
export function signalMessages<D extends Signalled>(collection: Collection<Document & { _id: string }>, what: string, idField: string): MessageSource<D> {
  return {
    collection,
    pendingField: '_ordo.signal.pending',
    what,
    messageOf: (doc) => ({ name: doc._ordo.signal!.name, target: { businessKey: doc._id }, variables: {}, logFields: { [idField]: doc._id, message: doc._ordo.signal!.name } }),
    stillAsPublished: (doc) => ({ '_ordo.signal.at': doc._ordo.signal!.at }),
  };
}
