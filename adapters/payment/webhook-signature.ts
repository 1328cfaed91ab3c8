import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. While a secret is being
 * rotated the sender may add one `v1=` entry per secret; any one of them matching is enough.
 */

export type WebhookVerification = { ok: true; timestamp: Date } | { ok: false; reason: string };

function hmac(secret: string, timestamp: string, rawBody: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** The `Payment-Signature` header value for `rawBody` sent at `at`. */
export function signWebhook(secret: string, rawBody: string, at: Date): string {
  const t = String(Math.floor(at.getTime() / 1000));
  return `t=${t},v1=${hmac(secret, t, rawBody).toString('hex')}`;
}

/**
 * Checks `header` against the exact bytes received (`rawBody`, before any JSON parsing) and refuses timestamps more
 * than `toleranceMs` away from `now`, in either direction, so a captured delivery cannot be replayed later.
 */
export function verifyWebhookSignature(header: string | undefined, rawBody: string | Buffer, secret: string, toleranceMs: number, now: Date): WebhookVerification {
  if (!header?.trim()) return { ok: false, reason: 'missing signature header' };
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, reason: 'malformed signature header' };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return { ok: false, reason: 'malformed signature header: bad or repeated t' };
      timestamp = value;
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return { ok: false, reason: 'malformed signature header: v1 is not a hex SHA-256' };
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined) return { ok: false, reason: 'malformed signature header: no t' };
  if (signatures.length === 0) return { ok: false, reason: 'malformed signature header: no v1 signature' };

  const expected = hmac(secret, timestamp, rawBody);
  let matched = false;
  // Every candidate is compared, so the time taken does not tell which entry (if any) matched.
  for (const candidate of signatures) if (timingSafeEqual(candidate, expected)) matched = true;
  if (!matched) return { ok: false, reason: 'signature mismatch' };

  const at = new Date(Number(timestamp) * 1000);
  const skew = now.getTime() - at.getTime();
  if (skew > toleranceMs) return { ok: false, reason: `timestamp too old (${Math.round(skew / 1000)} s ago)` };
  if (-skew > toleranceMs) return { ok: false, reason: `timestamp too far in the future (${Math.round(-skew / 1000)} s ahead)` };
  return { ok: true, timestamp: at };
}
