import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../engine/paths.js';

/**
 * Each concern kept in a document's `_ordo` has its owning modules: only they name its fields in
 * MongoDB filters, updates, projections and indexes. Everyone else calls them (or reads the typed
 * sub-document they define).
 */
const concerns: { concern: string; fields: string[]; owners: string[] }[] = [
  { concern: 'create keys (idempotency)', fields: ['requestHash', 'idempotencyKey', 'externalIdKey'], owners: ['engine/tmf/idempotent-create.ts'] },
  { concern: 'information requests', fields: ['informationRequired'], owners: ['engine/orders/information-request.ts'] },
  { concern: 'freeze', fields: ['freeze'], owners: ['engine/orders/freeze-record.ts'] },
  { concern: 'process start', fields: ['process'], owners: ['engine/process/process-starter.ts', 'engine/process/process-instance.ts'] },
  { concern: 'fulfilment units', fields: ['fulfilment'], owners: ['engine/orders/fulfilment.ts'] },
  { concern: 'held resources', fields: ['resources'], owners: ['engine/orders/order-resources.ts'] },
  {
    concern: 'outbox',
    fields: ['outbox', 'outboxPending', 'fanOutPending', 'fannedOut', 'outboxLeaseUntil', 'outboxLeaseOwner', 'outboxFailures', 'deadLetters'],
    owners: ['engine/events/outbox.ts', 'engine/events/outbox-relay.ts', 'engine/events/kafka-dead-letters.ts'],
  },
];

/** The outbox's path constants are the relay's: a store that names them takes part in its bookkeeping. */
const outboxConstants = /\b(OUTBOX_PENDING|FANOUT_PENDING)\b/;

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** Whether the code (comments aside) names `_ordo.<field>` (or `$_ordo.<field>`) in a string, for any of the fields. */
function namesFieldPath(source: string, fields: readonly string[]): boolean {
  const fieldPath = new RegExp(`['"\`]\\$?_ordo\\.(${fields.join('|')})\\b`);
  return fieldPath.test(withoutComments(source));
}

/** The .ts files under engine/ and workers/, as paths from the package root. */
function sources(): { file: string; source: string }[] {
  return ['engine', 'workers']
    .flatMap((dir) => readdirSync(path.join(packageRoot, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f).split(path.sep).join('/')))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => ({ file, source: readFileSync(path.join(packageRoot, file), 'utf8') }));
}

describe('the order record: who owns which part of _ordo', () => {
  it('tells a field path in code from one in a comment', () => {
    expect(namesFieldPath(`const f = { '_ordo.freeze.cycle': 1 };`, ['freeze'])).to.equal(true);
    expect(namesFieldPath('aggregate([{ $group: { _id: "$_ordo.resources.number" } }])', ['resources'])).to.equal(true);
    expect(namesFieldPath('/** kept in `_ordo.freeze` */\nconst x = 1; // see `_ordo.freeze`', ['freeze'])).to.equal(false);
    expect(namesFieldPath(`const f = '_ordo.processed';`, ['process'])).to.equal(false);
  });

  const all = sources();
  for (const { concern, fields, owners } of concerns) {
    it(`${concern}: only ${owners.join(', ')} name ${fields.map((f) => `_ordo.${f}`).join(', ')}`, () => {
      const others = all.filter(({ file, source }) => !owners.includes(file) && namesFieldPath(source, fields)).map(({ file }) => file);
      expect(others, `call the owner (${owners[0]}) instead`).to.deep.equal([]);
    });
  }

  it('outbox: only engine/events names OUTBOX_PENDING and FANOUT_PENDING', () => {
    const others = all.filter(({ file, source }) => !file.startsWith('engine/events/') && outboxConstants.test(withoutComments(source))).map(({ file }) => file);
    expect(others, 'use ensureOutboxIndexes, queuedEvents, withEvents, noEventsPending of engine/events/outbox.ts').to.deep.equal([]);
  });
});
