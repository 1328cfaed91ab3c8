import type { Config } from '../config/config.js';
import { connectMongo } from '../db/mongo.js';
import { eventApis, outboxCollections } from '../events/event-resources.js';
import { listKafkaDeadLetters, replayKafkaDeadLetters, type DeadLetterSelection, type KafkaDeadLetter } from '../events/kafka-dead-letters.js';
import { confirmed, parseOptions, UsageError, withUsage, type CliOutput } from './command.js';
import { plural, table } from './table.js';

export const deadLettersUsage = `  dead-letters list [--collection <c>] [--id <document id>] [--json]
                      events Kafka refused (too large, invalid), parked by the event relay in their documents
  dead-letters replay [--collection <c>] [--id <document id>] [--yes]
                      put them back into their outboxes, in order: the relay sends them to Kafka again
                      (not to hub listeners: they had them); asks unless --yes`;

const selectionOptions = { collection: { type: 'string' }, id: { type: 'string' } } as const;

function selectionOf(values: { collection?: string | undefined; id?: string | undefined }): DeadLetterSelection {
  if (values.collection !== undefined && !(values.collection in eventApis)) throw new UsageError(`--collection ${values.collection}: not an outbox collection (${Object.keys(eventApis).join(', ')})`);
  return { collection: values.collection, id: values.id };
}

function summary(letters: KafkaDeadLetter[]): string {
  return `${plural(letters.length, 'dead letter')} in ${plural(new Set(letters.map((l) => `${l.collection}/${l.documentId}`)).size, 'document')}`;
}

/** `ordo dead-letters list|replay ...`: exit code 0 when done, 1 when refused or another replay changed a document, 2 for wrong arguments. */
export function runDeadLettersCommand(config: Config, args: string[], out: CliOutput): Promise<number> {
  return withUsage(deadLettersUsage, out, async () => {
    const [action, ...rest] = args;
    if (action === 'list') {
      const { values } = parseOptions(rest, { ...selectionOptions, json: { type: 'boolean' } });
      const selection = selectionOf(values);
      const db = await connectMongo(config.mongo);
      try {
        const letters = await listKafkaDeadLetters(outboxCollections(db.db), selection);
        if (values.json) out.log(JSON.stringify(letters, null, 2));
        else if (letters.length === 0) out.log('no Kafka dead letters');
        else {
          out.log(table(
            ['COLLECTION', 'DOCUMENT', 'EVENT TYPE', 'EVENT ID', 'PARKED AT', 'ERROR'],
            letters.map((l) => [l.collection, l.documentId, l.event.body.eventType, l.event.body.eventId, new Date(l.at).toISOString(), l.error]),
          ));
          out.log(summary(letters));
        }
        return 0;
      } finally {
        await db.close();
      }
    }
    if (action === 'replay') {
      const { values } = parseOptions(rest, { ...selectionOptions, yes: { type: 'boolean', short: 'y' } });
      const selection = selectionOf(values);
      const db = await connectMongo(config.mongo);
      try {
        const collections = outboxCollections(db.db);
        const letters = await listKafkaDeadLetters(collections, selection);
        if (letters.length === 0) {
          out.log('no Kafka dead letters: nothing to replay');
          return 0;
        }
        out.log(summary(letters));
        if (!(await confirmed(out, values.yes, `Send ${plural(letters.length, 'event')} to Kafka again?`))) return 1;
        const report = await replayKafkaDeadLetters(collections, selection);
        out.log(`${plural(report.events, 'event')} of ${plural(report.documents, 'document')} queued again for Kafka`);
        if (report.changedMeanwhile.length === 0) return 0;
        out.error(`changed by someone else meanwhile, left alone (run again): ${report.changedMeanwhile.join(', ')}`);
        return 1;
      } finally {
        await db.close();
      }
    }
    throw new UsageError(action ? `unknown action: dead-letters ${action}` : 'dead-letters: list or replay?');
  });
}
