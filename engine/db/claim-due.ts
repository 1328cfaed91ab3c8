import type { Document } from 'mongodb';

/** What claiming needs of a collection. */
interface Updatable {
  updateOne(filter: Document, update: Document): Promise<{ modifiedCount: number }>;
}

/** The next try of work started at `startedAt`: after as long as it has waited, from 5 s up to 5 min, and not after `notAfter` when that is still to come. */
export function backedOff(startedAt: Date, now: Date, notAfter?: number): Date {
  const next = now.getTime() + Math.min(Math.max(5_000, now.getTime() - startedAt.getTime()), 300_000);
  return new Date(notAfter !== undefined && notAfter > now.getTime() ? Math.min(next, notAfter) : next);
}

/**
 * Claims each document found due by moving its `field` (a time) from the value it was read with to
 * its next try: of several instances that read it, the one whose write lands takes it. Answers the
 * documents this one took.
 */
export async function claimDue<D extends Document & { _id: string }>(collection: Updatable, due: readonly D[], field: string, readAt: (doc: D) => Date | undefined, nextTry: (doc: D) => Date): Promise<D[]> {
  const taken: D[] = [];
  for (const doc of due) {
    const claimed = await collection.updateOne({ _id: doc._id, [field]: readAt(doc) ?? { $exists: false } }, { $set: { [field]: nextTry(doc) } });
    if (claimed.modifiedCount === 1) taken.push(doc);
  }
  return taken;
}
