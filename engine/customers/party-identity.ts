import type { Collection, Db } from 'mongodb';
import { Refusal, RefusalKind } from '../outcomes.js';
import type { IdentityKey } from './identity-keys.js';

interface Claim {
  _id: IdentityKey;
  partyId: string;
  partyType: string;
  claimedAt: Date;
}

/** A claim its party does not list (its writer died, or lost a race, before storing it) is free again after this (ms). */
const ABANDONED_AFTER_MS = 60_000;

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

const keyNames: Record<string, string> = { email: 'e-mail address', phone: 'phone number', nationalId: 'national id', registration: 'registration number' };

/** A party already holds one of the identity keys. */
export class DuplicatePartyError extends Refusal {
  constructor(
    readonly existing: { id: string; type: string },
    key: IdentityKey,
  ) {
    super(RefusalKind.conflict, 'DUPLICATE_PARTY', 'The party already exists', key.startsWith('customer:') ? `The party is already customer ${existing.id}` : `${existing.type} ${existing.id} already has this ${keyNames[key.slice(0, key.indexOf(':'))] ?? 'identifier'}`);
  }
}

/**
 * Who holds which identity key, one document per key: MongoDB's unique `_id` makes claiming
 * race-safe (no read-then-write), so two concurrent creations with one e-mail give one party.
 * A party claims its keys before it is stored and gives them back when it goes or changes them.
 */
export class PartyIdentities {
  readonly collection: Collection<Claim>;

  constructor(
    db: Db,
    /** Whether the party a claim names is stored (not deleted) and has the key. */
    private readonly holds: (type: string, id: string, key: IdentityKey) => Promise<boolean>,
  ) {
    this.collection = db.collection<Claim>('partyIdentity');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ partyId: 1 });
  }

  /** The party holding `key`, if any. */
  async holder(key: IdentityKey): Promise<{ id: string; type: string } | undefined> {
    const claim = await this.collection.findOne({ _id: key });
    return claim ? { id: claim.partyId, type: claim.partyType } : undefined;
  }

  /** Claims every key for the party, or none: DuplicatePartyError names the party holding one already. */
  async claim(keys: IdentityKey[], party: { id: string; type: string }): Promise<void> {
    const taken: IdentityKey[] = [];
    try {
      for (const key of keys) if (await this.claimOne(key, party)) taken.push(key);
    } catch (err) {
      await this.releaseKeys(party.id, taken);
      throw err;
    }
  }

  /** Gives back all of the party's keys. */
  async release(partyId: string): Promise<void> {
    await this.collection.deleteMany({ partyId });
  }

  /** Gives back these keys, where the party holds them. */
  async releaseKeys(partyId: string, keys: IdentityKey[]): Promise<void> {
    await this.collection.deleteMany({ partyId, _id: { $in: keys } });
  }

  /** True when this call took the key (false: the party held it already). */
  private async claimOne(key: IdentityKey, party: { id: string; type: string }): Promise<boolean> {
    for (;;) {
      try {
        await this.collection.insertOne({ _id: key, partyId: party.id, partyType: party.type, claimedAt: new Date() });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const claim = await this.collection.findOne({ _id: key });
      if (!claim) continue; // given back meanwhile
      if (claim.partyId === party.id) return false;
      // Abandoned: its writer died before storing the party, or a lost race left it behind.
      const abandoned = claim.claimedAt.getTime() < Date.now() - ABANDONED_AFTER_MS && !(await this.holds(claim.partyType, claim.partyId, key));
      if (!abandoned) throw new DuplicatePartyError({ id: claim.partyId, type: claim.partyType }, key);
      const taken = await this.collection.updateOne({ _id: key, partyId: claim.partyId }, { $set: { partyId: party.id, partyType: party.type, claimedAt: new Date() } });
      if (taken.modifiedCount === 1) return true;
    }
  }
}
