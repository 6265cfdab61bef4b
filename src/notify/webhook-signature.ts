// Standard Webhooks signing (https://www.standardwebhooks.com/, docs/alerting.md "Channels"): the
// receiver checks that a webhook came from this logwarden and was not altered or replayed. The
// signed content is `<webhook-id>.<webhook-timestamp>.<body>`, HMAC-SHA256 with the secret's bytes,
// sent as `webhook-signature: v1,<base64>`. The secret is written `whsec_<base64>` (24 to 64
// random bytes) so the same string works in every Standard Webhooks library. Pure.
import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
export const WEBHOOK_ID = /^[A-Za-z0-9._:-]{1,200}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A secret that cannot be used; the message says how to make a good one and never repeats the secret. */
export class WebhookSecretError extends Error {
  constructor(message: string) {
    super(`${message}: expected whsec_ and the base64 of ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} random bytes, e.g. "whsec_$(openssl rand -base64 32)"`);
    this.name = 'WebhookSecretError';
  }
}

/** The HMAC key of a `whsec_…` secret; throws WebhookSecretError when it is not one (checked at start). */
export function webhookKey(secret: string): Buffer {
  const text = secret.trim();
  if (!text.startsWith(SECRET_PREFIX)) throw new WebhookSecretError('the webhook secret does not start with whsec_');
  const encoded = text.slice(SECRET_PREFIX.length);
  // Buffer.from(…, 'base64') skips what is not base64; check first so a typo is refused, not half-used.
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new WebhookSecretError('the webhook secret is not valid base64 after whsec_');
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) throw new WebhookSecretError(`the webhook secret holds ${key.length} bytes`);
  return key;
}

/** The three Standard Webhooks headers of one request. */
export interface WebhookSignatureHeaders {
  readonly 'webhook-id': string;
  /** Seconds since the epoch, when the request is sent (receivers refuse ones far from their clock). */
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * Sign one request. `id` stays the same across retries (receivers dedupe by it); `sentAtMs` is the
 * time of this attempt, so a retry hours later still falls inside the receiver's tolerance.
 */
export function signWebhook(key: Buffer, id: string, sentAtMs: number, body: string): WebhookSignatureHeaders {
  // Receivers keep the id to dedupe and log it: keep it to characters every header and log takes.
  if (!WEBHOOK_ID.test(id)) throw new Error('a webhook id is 1 to 200 letters, digits, ".", "_", ":" or "-"');
  const timestamp = String(Math.floor(sentAtMs / 1000));
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
