import type { Collection, Db } from 'mongodb';
import { notFound, Refusal, RefusalKind } from '../outcomes.js';
import { contactsOf } from './identity-keys.js';
import type { Forgetter } from './erase-customer.js';
import { IdentityRejectedError, type IdentityProvider } from './identity-provider.js';
import type { PartyRecords } from './party-records.js';

/** A user at the identity provider, signing in for an individual and acting for a party (the individual, or its organization). */
export interface PartyUser {
  _id: string;
  userId: string;
  individualId: string;
  party: string;
  createdAt: Date;
}

export interface EnrolOptions {
  /**
   * `proven`: a one-time code proved the e-mail (the provider need not verify it again); `given`: an
   * operator gave it (the provider sends the password link there); `none`: nobody proved it, so it
   * is not given to the provider and no password link goes anywhere (an SMS sign-up: the realm
   * signs such users in by phone).
   */
  email: 'proven' | 'given' | 'none';
  signal?: AbortSignal;
}

/**
 * Users of self-service channels, as Ordo links them: one per individual, created at the identity
 * provider under the individual's id (a repeated enrolment finds the same user), bound to the party
 * it acts for, and asked to set a password. A B2B contact acts for its organization, so all of the
 * organization's users see its orders.
 */
export class PartyUsers {
  readonly collection: Collection<PartyUser>;

  constructor(
    db: Db,
    private readonly records: PartyRecords,
    private readonly provider: IdentityProvider | undefined,
  ) {
    this.collection = db.collection<PartyUser>('partyUser');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ party: 1 });
  }

  async enrol(individualId: string, options: EnrolOptions): Promise<PartyUser> {
    if (!this.provider) throw new Refusal(RefusalKind.unavailable, 'NO_IDENTITY_PROVIDER', 'No identity provider', 'Ordo has no identity provider configured (ORDO_IDP_URL)');
    const individual = await this.records.stores.individual.findLive(individualId);
    if (!individual) throw notFound('Individual', individualId);
    if (individual._ordo.erasure) throw new Refusal(RefusalKind.conflict, 'ERASURE_IN_PROGRESS', 'Being erased', `Individual ${individualId} is being erased`);
    const contacts = contactsOf(individual);
    const email = options.email === 'none' ? undefined : contacts.email;
    const phone = contacts.phone && !individual._ordo.unproven?.includes(`phone:${contacts.phone}`) ? contacts.phone : undefined;
    if (options.email !== 'none' && !email) throw new Refusal(RefusalKind.unprocessable, 'NO_EMAIL', 'The individual has no e-mail address', `A user signs in and sets a password by e-mail: give individual ${individualId} a contactMedium with an emailAddress`);
    const { userId } = await this.provider.ensureUser(
      {
        username: individual.id,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
        ...(typeof individual['givenName'] === 'string' ? { givenName: individual['givenName'] } : {}),
        ...(typeof individual['familyName'] === 'string' ? { familyName: individual['familyName'] } : {}),
        emailVerified: options.email === 'proven',
      },
      options.signal,
    );
    await this.provider.linkParty(userId, individual._ordo.party, options.signal);
    const user: PartyUser = { _id: individual.id, userId, individualId: individual.id, party: individual._ordo.party, createdAt: new Date() };
    const known = await this.collection.findOne({ _id: individual.id });
    if (known) return known;
    // Before the record: a step retried after a crash asks again (one more e-mail) rather than never.
    if (email) await this.provider.requestPasswordSetup(userId, options.signal);
    await this.collection.updateOne({ _id: individual.id }, { $setOnInsert: user }, { upsert: true });
    return user;
  }

  /** Removes the individuals' users at the provider, then forgets them; answers how many. */
  async remove(individualIds: string[]): Promise<number> {
    const users = await this.collection.find({ individualId: { $in: individualIds } }).toArray();
    for (const user of users) {
      if (!this.provider) throw new Refusal(RefusalKind.unavailable, 'NO_IDENTITY_PROVIDER', 'No identity provider', `user ${user.userId} cannot be removed: no identity provider is configured`);
      try {
        await this.provider.deleteUser(user.userId);
      } catch (err) {
        if (err instanceof IdentityRejectedError) throw new Refusal(RefusalKind.dependencyRefused, 'IDENTITY_PROVIDER_REFUSED', 'The identity provider refused to remove a user', `user ${user.userId}: ${err.message}`);
        throw new Refusal(RefusalKind.unavailable, 'IDENTITY_PROVIDER_UNAVAILABLE', 'The identity provider cannot be reached', `user ${user.userId} could not be removed yet; try again (nothing is lost: the next attempt goes on where this one stopped)`);
      }
      await this.collection.deleteOne({ _id: user._id });
    }
    return users.length;
  }

  /** Erasure: the users of the parties, and any user acting for them, go. */
  forgetter(): Forgetter {
    return {
      what: 'identityUsers',
      forget: async (subject) => {
        const acting = await this.collection.find({ party: { $in: subject.partyIds } }, { projection: { individualId: 1 } }).toArray();
        return this.remove([...new Set([...subject.partyIds, ...acting.map((u) => u.individualId)])]);
      },
    };
  }
}
