import type { PaymentStore } from './payment-store.js';

type PartyRef = { id?: string; name?: string; [k: string]: unknown };

const MAX_RACE_RETRIES = 10;

/** Erasure of a party: its payments and refunds stay (accounting law), naming the pseudonym instead of the person. */
export async function pseudonymisePayments(payments: PaymentStore, subject: { partyIds: string[]; customerId: string; pseudonym: string }): Promise<number> {
  const ids = [subject.customerId, ...subject.partyIds];
  const renamed = (parties: PartyRef[]) => parties.map((p) => (p.id && ids.includes(p.id) && p.name !== undefined && p.name !== subject.pseudonym ? { ...p, name: subject.pseudonym } : p));
  let changed = 0;
  for (const store of [payments.payments, payments.refunds]) {
    for (const { _id } of await store.findWhere({ 'relatedParty.id': { $in: ids } })) {
      for (let attempt = 0; ; attempt++) {
        const record = await store.findStored(_id);
        const parties = ((record as Record<string, unknown> | null)?.['relatedParty'] as PartyRef[] | undefined) ?? [];
        const relatedParty = renamed(parties);
        if (!record || JSON.stringify(relatedParty) === JSON.stringify(parties)) break;
        if (await store.updateAtRevision(_id, record._ordo.revision, { $set: { relatedParty } })) {
          changed++;
          break;
        }
        if (attempt >= MAX_RACE_RETRIES) throw new Error(`payment record ${_id} kept changing while its parties were pseudonymised`);
      }
    }
  }
  return changed;
}
