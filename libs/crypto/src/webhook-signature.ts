import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed webhooks, one scheme for every provider: the sender puts a delivery id, a Unix
 * timestamp (seconds) and `v1=<hex HMAC-SHA256>` over `<id>.<timestamp>.<raw body>` under the
 * provider's shared secret in three headers. The id and the timestamp are inside the MAC, so
 * neither can be swapped to dodge the replay check or the tolerance window.
 */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

export type WebhookRefusal =
  'missing-headers' | 'malformed-signature' | 'bad-signature' | 'stale-timestamp';

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export interface VerifyWebhookOptions {
  /** Every secret the provider may be signing with (current first, then the one being retired). */
  secrets: readonly string[];
  /** How far the timestamp may be from now, either way. */
  toleranceSeconds: number;
  now?: Date;
}

export type WebhookVerification =
  { ok: true; id: string; timestamp: Date } | { ok: false; reason: WebhookRefusal };

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v1=([0-9a-f]{64})$/;

export function webhookMac(secret: string, id: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The headers a sender puts on `body` (tests and the docs' example sender use it). */
export function signWebhook(
  secret: string,
  id: string,
  body: Buffer,
  at: Date = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: timestamp,
    [WEBHOOK_HEADERS.signature]: `v1=${webhookMac(secret, id, timestamp, body).toString('hex')}`,
  };
}

/**
 * Checks the MAC in constant time against each secret, then the timestamp. The signature is
 * checked first so an unsigned request learns nothing about the clock window.
 */
export function verifyWebhook(
  headers: WebhookHeaders,
  body: Buffer,
  options: VerifyWebhookOptions,
): WebhookVerification {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing-headers' };
  const match = SIGNATURE.exec(signature.trim());
  if (!ID.test(id) || !TIMESTAMP.test(timestamp) || !match)
    return { ok: false, reason: 'malformed-signature' };
  const given = Buffer.from(match[1], 'hex');
  let valid = false;
  for (const secret of options.secrets) {
    // every secret is tried, so the time taken does not tell which one matched
    if (timingSafeEqual(webhookMac(secret, id, timestamp, body), given)) valid = true;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };
  const sentAt = Number(timestamp) * 1000;
  const now = (options.now ?? new Date()).getTime();
  if (Math.abs(now - sentAt) > options.toleranceSeconds * 1000)
    return { ok: false, reason: 'stale-timestamp' };
  return { ok: true, id, timestamp: new Date(sentAt) };
}
