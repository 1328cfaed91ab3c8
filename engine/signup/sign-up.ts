import type { Collection, Db, Document } from 'mongodb';
import type { Channel } from '../notifications/notification-channel.js';
import { ensureStartIndexes, type ProcessStart } from '../process/process-starter.js';

export const SIGN_UP_BASE_PATH = '/ordo/signUp/v1';
/** The process every sign-up runs (bpmn/sign-up.bpmn), started by message `sign-up-requested`. */
export const SIGN_UP_PROCESS_ID = 'sign-up';
export const SIGN_UP_REQUESTED_MESSAGE = 'sign-up-requested';

export const SignUpState = {
  /** Accepted; the code is about to be sent. */
  requested: 'requested',
  codeSent: 'codeSent',
  verified: 'verified',
  completed: 'completed',
  /** The code ran out before it was entered. */
  expired: 'expired',
  /** Too many wrong codes. */
  locked: 'locked',
  /** The e-mail or phone became a customer's meanwhile (another sign-up, an operator). */
  rejected: 'rejected',
} as const;
export type SignUpState = (typeof SignUpState)[keyof typeof SignUpState];
export const finalSignUpStates: readonly SignUpState[] = [SignUpState.completed, SignUpState.expired, SignUpState.locked, SignUpState.rejected];

/** What a sign-up tells its process (bpmn/sign-up.bpmn waits for one of these). */
export const SignUpSignal = { verified: 'otp-verified', resend: 'otp-resend-requested', locked: 'sign-up-locked' } as const;
export type SignUpSignal = (typeof SignUpSignal)[keyof typeof SignUpSignal];

export interface OneTimePassword {
  /** HMAC-SHA256 of the code (never the code itself). */
  hash: string;
  /** Counts the codes sent; each hash covers its generation, so an old code never matches a new one. */
  generation: number;
  sentAt: Date;
  expiresAt: Date;
}

export interface SignUp extends Document {
  _id: string;
  id: string;
  state: SignUpState;
  channel: Channel;
  /** Dropped once the sign-up ends: the party keeps them, or nobody does. */
  givenName?: string;
  familyName?: string;
  email?: string;
  phone?: string;
  /** Where the code went, masked (a***@example.com, +41*******67): safe to show. */
  sentTo: string;
  wrongAttempts: number;
  createdAt: Date;
  reason?: string;
  result?: { individualId: string; customerId: string; billingAccountId: string; userId?: string };
  _ordo: {
    revision: number;
    /** The channel's address was a customer's when the sign-up was asked for: its owner is told, no code is sent. */
    alreadyRegistered?: true;
    otp?: OneTimePassword;
    /** The message the process is owed (see sign-up-messages.ts). */
    signal?: { name: SignUpSignal; at: Date; pending?: true };
    process: ProcessStart;
    /** When the ended sign-up is purged. */
    purgeAt?: Date;
  };
}

/** How long an ended sign-up is kept (ids only) for the client to read its outcome. */
export const ENDED_SIGN_UP_KEPT_MS = 7 * 24 * 3_600_000;

export class SignUpStore {
  readonly collection: Collection<SignUp>;

  constructor(
    db: Db,
    private readonly publicUrl: () => string,
  ) {
    this.collection = db.collection<SignUp>('signUp');
  }

  href(id: string): string {
    return `${this.publicUrl()}${SIGN_UP_BASE_PATH}/signUp/${id}`;
  }

  async ensureIndexes(): Promise<void> {
    await ensureStartIndexes(this.collection);
    await this.collection.createIndex({ '_ordo.signal.pending': 1 }, { sparse: true });
    await this.collection.createIndex({ '_ordo.purgeAt': 1 }, { sparse: true });
    await this.collection.createIndex({ email: 1 }, { sparse: true });
    await this.collection.createIndex({ phone: 1 }, { sparse: true });
  }

  find(id: string): Promise<SignUp | null> {
    return this.collection.findOne({ _id: id });
  }

  /** Applies `update` only if the sign-up is still at `revision`. */
  async updateAtRevision(id: string, revision: number, update: Document): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, '_ordo.revision': revision }, { ...update, $inc: { ...(update['$inc'] as Document | undefined), '_ordo.revision': 1 } });
    return result.modifiedCount === 1;
  }

  /** Ended sign-ups past their keeping time, and any sign-up that long unfinished (stuck on an incident: its personal data must not stay). */
  async purgeEnded(now = new Date()): Promise<number> {
    return (await this.collection.deleteMany({ $or: [{ '_ordo.purgeAt': { $lte: now } }, { createdAt: { $lte: new Date(now.getTime() - ENDED_SIGN_UP_KEPT_MS) } }] })).deletedCount;
  }
}

/** a***@example.com, +41*******67. */
export function maskAddress(channel: Channel, address: string): string {
  if (channel === 'email') {
    const [local, domain] = address.split('@') as [string, string];
    return `${local.slice(0, 1)}***@${domain}`;
  }
  return `${address.slice(0, 3)}${'*'.repeat(Math.max(0, address.length - 5))}${address.slice(-2)}`;
}
