import { createHash } from 'node:crypto';
import { createRecord } from '../customers/create-records.js';
import { LOST_RACE, retryOnRace } from '../db/retry-on-race.js';
import type { PartyRecords } from '../customers/party-records.js';
import type { PartyUsers } from '../customers/party-users.js';
import type { Notifications } from '../notifications/notifications.js';
import { CODE_DIGITS, hashCode, newCode } from './one-time-password.js';
import { ENDED_SIGN_UP_KEPT_MS, finalSignUpStates, SignUpState, type SignUp, type SignUpStore } from './sign-up.js';

/** A stable UUID-shaped id for what a sign-up creates, so a retried step finds what it made before. */
function derivedId(signUpId: string, what: string): string {
  const hex = createHash('sha256').update(`${signUpId}\u0000${what}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function load(signUps: SignUpStore, id: string): Promise<SignUp> {
  const signUp = await signUps.find(id);
  if (!signUp) throw new Error(`sign-up ${id} does not exist`);
  return signUp;
}

export interface CodeDeps {
  signUps: SignUpStore;
  notifications: Notifications;
  pepper: Buffer;
  otpTtlMs: number;
}

/**
 * A new code: its hash stored first (a code sent but not stored would be useless), then the code
 * sent. A retried step sends a newer code; the older one stops working. Nothing happens once the
 * sign-up is verified or over.
 */
export async function sendCode(deps: CodeDeps, id: string, signal?: AbortSignal): Promise<{ sent: boolean }> {
  return retryOnRace(`sign-up ${id} (sending its code)`, async () => {
    const signUp = await load(deps.signUps, id);
    if (signUp.state !== SignUpState.requested && signUp.state !== SignUpState.codeSent) return { sent: false };
    const generation = (signUp._ordo.otp?.generation ?? signUp['codesSent'] ?? 0) + 1;
    const code = newCode();
    const now = new Date();
    const otp = { hash: hashCode(deps.pepper, id, generation, code), generation, sentAt: now, expiresAt: new Date(now.getTime() + deps.otpTtlMs) };
    if (!(await deps.signUps.updateAtRevision(id, signUp._ordo.revision, { $set: { state: SignUpState.codeSent, codesSent: generation, '_ordo.otp': otp } }))) return LOST_RACE;
    const to = signUp.channel === 'sms' ? signUp.phone! : signUp.email!;
    const idempotencyKey = `signUp:${id}:code:${generation}`;
    if (signUp._ordo.alreadyRegistered) {
      // The stored hash is of a code nobody is sent: the sign-up cannot be verified and runs out.
      const text = 'Someone asked to sign up for Ordo with this address, which already has an account: sign in instead. If it was not you, ignore this message.';
      await deps.notifications.send({ channel: signUp.channel, to, subject: 'You already have an account', text, recordedText: text, idempotencyKey }, signal);
      return { sent: true };
    }
    const minutes = Math.max(1, Math.round(deps.otpTtlMs / 60_000));
    const text = (c: string) => `Your Ordo verification code is ${c}. It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. Never share it.`;
    await deps.notifications.send({ channel: signUp.channel, to, subject: 'Your Ordo verification code', text: text(code), recordedText: text('•'.repeat(CODE_DIGITS)), idempotencyKey }, signal);
    return { sent: true };
  });
}

export interface SignUpResult {
  individualId: string;
  customerId: string;
  billingAccountId: string;
}

/**
 * The verified person becomes a customer: an individual with the proven contacts, a customer and
 * one billing account (B2C). Each is created under an id derived from the sign-up, so a retried
 * step finds them. DuplicatePartyError when the e-mail or phone became someone's meanwhile.
 */
export async function createSignUpCustomer(deps: { signUps: SignUpStore; records: PartyRecords }, id: string): Promise<SignUpResult> {
  const signUp = await load(deps.signUps, id);
  if (signUp.result) return signUp.result;
  if (signUp.state !== SignUpState.verified) throw new Error(`sign-up ${id} is ${signUp.state}, not verified`);
  const name = `${signUp.givenName} ${signUp.familyName}`;
  const individualId = derivedId(id, 'individual');
  const customerId = derivedId(id, 'customer');
  const billingAccountId = derivedId(id, 'billingAccount');
  await deps.records.stores.individual.findLive(individualId) ?? await createRecord(deps.records, 'individual', {
    givenName: signUp.givenName,
    familyName: signUp.familyName,
    contactMedium: [
      { mediumType: 'email', preferred: signUp.channel === 'email', characteristic: { emailAddress: signUp.email, contactType: 'self-service' } },
      ...(signUp.phone ? [{ mediumType: 'mobile', preferred: signUp.channel === 'sms', characteristic: { phoneNumber: signUp.phone, contactType: 'self-service' } }] : []),
    ],
    '@type': 'Individual',
  }, { id: individualId, key: `signUp:${id}:individual`, unproven: signUp.channel === 'sms' ? [`email:${signUp.email}`] : signUp.phone ? [`phone:${signUp.phone}`] : [] });
  await createRecord(deps.records, 'customer', { name, engagedParty: { id: individualId, name, '@referredType': 'Individual' }, '@type': 'Customer' }, { id: customerId, key: `signUp:${id}:customer` });
  await createRecord(deps.records, 'billingAccount', { name, accountType: 'B2C', relatedParty: [{ id: customerId, name, role: 'owner', '@referredType': 'Customer' }], '@type': 'BillingAccount' }, { id: billingAccountId, key: `signUp:${id}:billingAccount` });
  const result = { individualId, customerId, billingAccountId };
  await deps.signUps.collection.updateOne({ _id: id }, { $set: { result }, $inc: { '_ordo.revision': 1 } });
  return result;
}

/** The new customer's user at the identity provider, bound to its party; the provider asks them to set a password. */
export async function enrolSignUpUser(deps: { signUps: SignUpStore; users: PartyUsers }, id: string, signal?: AbortSignal): Promise<{ userId: string }> {
  const signUp = await load(deps.signUps, id);
  if (!signUp.result) throw new Error(`sign-up ${id} has no customer yet`);
  const user = await deps.users.enrol(signUp.result.individualId, { email: signUp.channel === 'email' ? 'proven' : 'none', ...(signal ? { signal } : {}) });
  await deps.signUps.collection.updateOne({ _id: id }, { $set: { 'result.userId': user.userId }, $inc: { '_ordo.revision': 1 } });
  return { userId: user.userId };
}

/**
 * The sign-up's end: its state, and its personal data dropped (a customer keeps them in its party;
 * an abandoned sign-up keeps none). Ended sign-ups are purged after a week.
 */
export async function finishSignUp(signUps: SignUpStore, id: string, state: SignUpState, reason?: string): Promise<SignUpState> {
  const signUp = await load(signUps, id);
  const final = finalSignUpStates.includes(signUp.state) ? signUp.state : state;
  // The code was right, but the process could not be told before its timer ran out (the engine was slow or down).
  if (signUp.state === SignUpState.verified && final !== SignUpState.completed) reason ??= 'the code was verified too late to go on';
  await signUps.collection.updateOne(
    { _id: id },
    {
      $set: { state: final, '_ordo.purgeAt': new Date(Date.now() + ENDED_SIGN_UP_KEPT_MS), ...(reason && final === state && !signUp.reason ? { reason } : {}) },
      $unset: { givenName: '', familyName: '', email: '', phone: '', '_ordo.otp': '' },
      $inc: { '_ordo.revision': 1 },
    },
  );
  return final;
}
