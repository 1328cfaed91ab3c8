import { randomBytes } from 'node:crypto';
import { notFound, Refusal, RefusalKind } from '../outcomes.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { normaliseEmail, normalisePhone } from '../customers/identity-keys.js';
import type { PartyIdentities } from '../customers/party-identity.js';
import { codeMatches } from './one-time-password.js';
import { finalSignUpStates, maskAddress, SIGN_UP_PROCESS_ID, SignUpSignal, SignUpState, type SignUp, type SignUpStore } from './sign-up.js';
import type { SignUpLimits } from './sign-up-limits.js';
import { pendingStart } from '../process/process-starter.js';

export interface SignUpDeps {
  signUps: SignUpStore;
  identities: PartyIdentities;
  limits: SignUpLimits;
  pepper: Buffer;
  maxAttempts: number;
  resendCooldownMs: number;
  /** Start the sign-up's process now (the starter retries anyway). */
  start(id: string): void;
  /** Deliver the message the sign-up now owes its process. */
  signal(id: string): void;
}

const MAX_NAME = 100;
const invalid = (reason: string, message: string) => new Refusal(RefusalKind.invalid, 'INVALID_BODY', reason, message);
/** The same answer for an unknown sign-up and a wrong code: neither says which part was wrong. */
const wrongCode = () => new Refusal(RefusalKind.unprocessable, 'INVALID_CODE', 'The code is not valid', 'The code is wrong, expired or no longer usable; check it or ask for a new one');

function nameOf(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !value.trim()) throw invalid(`${field} is required`, `${field}: a non-empty string`);
  if (value.length > MAX_NAME || /[\u0000-\u001f\u007f<>]/.test(value)) throw new Refusal(RefusalKind.unprocessable, 'INVALID_NAME', `Invalid ${field}`, `${field}: at most ${MAX_NAME} characters, without control characters or < >`);
  return value.trim();
}

/** What a client sees of a sign-up: never the code, its hash or the full address. */
export function presentSignUp(signUps: SignUpStore, s: SignUp, maxAttempts: number): Record<string, unknown> {
  return {
    id: s.id,
    href: signUps.href(s.id),
    state: s.state,
    channel: s.channel,
    sentTo: s.sentTo,
    ...(s.state === SignUpState.codeSent && s._ordo.otp ? { codeExpiresAt: s._ordo.otp.expiresAt.toISOString(), attemptsLeft: Math.max(0, maxAttempts - s.wrongAttempts) } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.result ? { individualId: s.result.individualId, customerId: s.result.customerId, billingAccountId: s.result.billingAccountId } : {}),
    createdAt: s.createdAt.toISOString(),
  };
}

/**
 * POST signUp: a person asks to become a customer. A code goes to the chosen channel (sms when a
 * phone is given, else email) once the process runs; an address that is already a customer's gets
 * a note saying so instead, and the answer here is the same either way.
 */
export async function requestSignUp(deps: SignUpDeps, body: unknown, ip: string | undefined): Promise<SignUp> {
  await deps.limits.request(ip);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('Request body must be a JSON object', '{ givenName, familyName, email, phone?, channel? }');
  assertSafeBody(body);
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !['givenName', 'familyName', 'email', 'phone', 'channel'].includes(k));
  if (unknown.length) throw invalid('Unknown attributes', `${unknown.join(', ')}: a sign-up takes givenName, familyName, email, phone and channel`);
  const givenName = nameOf(input, 'givenName');
  const familyName = nameOf(input, 'familyName');
  if (typeof input['email'] !== 'string') throw invalid('email is required', 'email: the address the account is for');
  const email = normaliseEmail(input['email'], 'email');
  if (input['phone'] !== undefined && typeof input['phone'] !== 'string') throw invalid('Invalid phone', 'phone: a string in international form');
  const phone = typeof input['phone'] === 'string' ? normalisePhone(input['phone'], 'phone') : undefined;
  const channel = input['channel'] ?? (phone ? 'sms' : 'email');
  if (channel !== 'sms' && channel !== 'email') throw invalid('Invalid channel', 'channel: sms or email');
  if (channel === 'sms' && !phone) throw invalid('No phone for sms', 'channel sms needs a phone');

  await deps.limits.codeTo([email, ...(phone ? [phone] : [])]);
  // An address someone already has is answered like any other (no enumeration): its owner gets a
  // note instead of a code, and the sign-up runs out unverified.
  const channelKey = channel === 'sms' ? `phone:${phone}` : `email:${email}`;
  const registered = !!(await deps.identities.holder(channelKey));
  const id = randomBytes(16).toString('base64url');
  const signUp: SignUp = {
    _id: id,
    id,
    state: SignUpState.requested,
    channel,
    givenName,
    familyName,
    email,
    ...(phone ? { phone } : {}),
    sentTo: maskAddress(channel, channel === 'sms' ? phone! : email),
    wrongAttempts: 0,
    createdAt: new Date(),
    _ordo: { revision: 0, ...(registered ? { alreadyRegistered: true } : {}), process: pendingStart(SIGN_UP_PROCESS_ID) },
  };
  await deps.signUps.collection.insertOne(signUp);
  deps.start(id);
  return signUp;
}

/**
 * POST signUp/{id}/verify: the code, compared in constant time with its hash. A wrong one counts;
 * the last allowed wrong one locks the sign-up. The answer never says which part was wrong.
 */
export async function verifyCode(deps: SignUpDeps, id: string, body: unknown, ip: string | undefined): Promise<SignUp> {
  await deps.limits.request(ip);
  const code = (body as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^\d{4,10}$/.test(code)) throw invalid('code is required', 'code: the digits received');
  for (;;) {
    const signUp = await deps.signUps.find(id);
    const otp = signUp?._ordo.otp;
    if (!signUp || !otp || signUp.state !== SignUpState.codeSent || otp.expiresAt.getTime() <= Date.now()) throw wrongCode();
    if (codeMatches(deps.pepper, id, otp.generation, code, otp.hash)) {
      const verified = await deps.signUps.updateAtRevision(id, signUp._ordo.revision, { $set: { state: SignUpState.verified, '_ordo.signal': { name: SignUpSignal.verified, at: new Date(), pending: true } }, $unset: { '_ordo.otp': '' } });
      if (!verified) continue;
      deps.signal(id);
      return (await deps.signUps.find(id))!;
    }
    const locks = signUp.wrongAttempts + 1 >= deps.maxAttempts;
    const update = locks
      ? { $set: { state: SignUpState.locked, reason: 'too many wrong codes', '_ordo.signal': { name: SignUpSignal.locked, at: new Date(), pending: true } }, $unset: { '_ordo.otp': '' }, $inc: { wrongAttempts: 1 } }
      : { $inc: { wrongAttempts: 1 } };
    if (!(await deps.signUps.updateAtRevision(id, signUp._ordo.revision, update))) continue;
    if (locks) deps.signal(id);
    throw wrongCode();
  }
}

/** POST signUp/{id}/resend: a new code (the old one stops working), at most once per cooldown and within the per-address limit. */
export async function resendCode(deps: SignUpDeps, id: string, ip: string | undefined): Promise<SignUp> {
  await deps.limits.request(ip);
  for (;;) {
    const signUp = await deps.signUps.find(id);
    if (!signUp) throw notFound('SignUp', id);
    if (finalSignUpStates.includes(signUp.state) || signUp.state === SignUpState.verified) throw new Refusal(RefusalKind.conflict, 'SIGN_UP_ENDED', `The sign-up is ${signUp.state}`, signUp.state === SignUpState.verified ? 'The code was verified already' : 'Start a new sign-up');
    const sentAt = signUp._ordo.otp?.sentAt;
    if (signUp.state !== SignUpState.codeSent || !sentAt || signUp._ordo.signal?.pending) throw new Refusal(RefusalKind.conflict, 'CODE_ON_ITS_WAY', 'A code is on its way', 'Wait for the code being sent');
    const waitMs = sentAt.getTime() + deps.resendCooldownMs - Date.now();
    if (waitMs > 0) {
      const retryAfterS = Math.ceil(waitMs / 1000);
      throw new Refusal(RefusalKind.tooMany, 'RESEND_TOO_SOON', 'Too soon for a new code', `A new code can be sent in ${retryAfterS} s`, retryAfterS);
    }
    await deps.limits.codeTo([signUp.email, signUp.phone].filter((a): a is string => !!a));
    if (!(await deps.signUps.updateAtRevision(id, signUp._ordo.revision, { $set: { '_ordo.signal': { name: SignUpSignal.resend, at: new Date(), pending: true } } }))) continue;
    deps.signal(id);
    return (await deps.signUps.find(id))!;
  }
}
