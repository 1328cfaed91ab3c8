import type { PaymentWebhook, WebhookReading } from '../../engine/payments/payment-provider.js';
import { SIGNATURE_HEADER, type ProviderWebhookEvent } from './provider-api.js';
import { verifyWebhookSignature } from './webhook-signature.js';

export interface ProviderWebhookOptions {
  /** Shared with the provider; callbacks are signed with it. */
  secret: string;
  /** How old (or how far ahead) a signed callback may be: older ones are replays. */
  toleranceMs: number;
}

const isEvent = (v: unknown): v is ProviderWebhookEvent => {
  const e = v as ProviderWebhookEvent | null;
  const p = e?.data?.payment;
  return typeof e?.id === 'string' && typeof p?.id === 'string' && typeof p.reference === 'string' && typeof p.status === 'string' && typeof p.amount?.minor === 'number';
};

/** The provider's callbacks: signed in the `Payment-Signature` header over the exact bytes sent, then read as JSON. */
export class ProviderWebhook implements PaymentWebhook {
  constructor(private readonly options: ProviderWebhookOptions) {}

  read(rawBody: Buffer, header: (name: string) => string | undefined): WebhookReading {
    const verified = verifyWebhookSignature(header(SIGNATURE_HEADER), rawBody, this.options.secret, this.options.toleranceMs, new Date());
    if (!verified.ok) return { ok: false, refused: 'signature', reason: verified.reason };
    let event: unknown;
    try {
      event = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { ok: false, refused: 'body', reason: 'Callback body is not JSON' };
    }
    if (!isEvent(event)) return { ok: false, refused: 'body', reason: 'Not a payment callback', detail: 'expected { id, data: { payment: { id, reference, status, amount } } }' };
    return { ok: true, event: { id: event.id, charge: event.data.payment } };
  }
}
