/**
 * Resend's webhook signatures (Svix's headers, the Standard Webhooks scheme),
 * checked by the `standardwebhooks` library: the one the `resend` SDK's own
 * `webhooks.verify` is built on (the `svix` package needs Node 22).
 *
 *   signed content = `${svix-id}.${svix-timestamp}.${raw body}`
 *   key            = base64-decode(secret without its `whsec_` prefix)
 *   signature      = base64(HMAC-SHA256(key, signed content))
 *   header         = space-separated `v1,<signature>` entries (several during key rotation)
 *
 * What stays here: the secret's checks (refused at start when it would make
 * signatures forgeable), the timestamp's form, and the replay window: the
 * timestamp must be within 5 minutes of serve's clock, so a captured request
 * cannot be replayed later (the library checks the same window against the
 * system clock); a replay within the window is caught by the `svix-id` record
 * in webhook.ts. Tests sign with their own implementation (test/support/svix-signature.ts).
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { DispatchError } from '../errors/errors.ts';

export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** Resend's signing keys are 32 bytes; an empty or short key lets anyone sign events. */
export const MIN_WEBHOOK_KEY_BYTES = 24;

export type SvixHeaders = Readonly<{ id?: string; timestamp?: string; signature?: string }>;

export type SvixCheck = { ok: true } | { ok: false; reason: string };

/** The HMAC key of a `whsec_…` secret (a bare base64 secret is accepted too). */
export function svixKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/**
 * Refuses a secret that would make signatures forgeable: not base64 (Node's
 * decoder skips what it cannot read, so `whsec_` alone or a mangled paste
 * decodes to few or no bytes) or shorter than MIN_WEBHOOK_KEY_BYTES. The
 * message never quotes the secret.
 */
export function checkWebhookSecret(secret: string, name = 'RESEND_WEBHOOK_SECRET'): void {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const hint = "copy the signing secret again from the webhook's page in the Resend dashboard (whsec_ and 44 base64 characters), or unset it to serve unsubscribes only";
  const decoded = Buffer.from(encoded, 'base64');
  // Canonical base64 only: re-encoding must give back what was written (padding aside).
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || decoded.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new DispatchError(`${name} is not base64 after its whsec_ prefix`, { hint });
  }
  if (decoded.length < MIN_WEBHOOK_KEY_BYTES) {
    throw new DispatchError(`${name} decodes to ${decoded.length} bytes; a signing key needs at least ${MIN_WEBHOOK_KEY_BYTES} (Resend's have 32)`, { hint });
  }
}

/** Checks the three headers against the raw body bytes. `now` is serve's clock, in milliseconds. */
export function verifySvix(headers: SvixHeaders, body: Buffer, secret: string, now: number = Date.now()): SvixCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing svix-id, svix-timestamp or svix-signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'invalid svix-timestamp' };
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'svix-timestamp outside the 5-minute tolerance' };
  try {
    // The key as bytes (`raw`): decoded by the same reader checkWebhookSecret accepted it with, padded or not.
    new Webhook(svixKey(secret), { format: 'raw' }).verify(body, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    return { ok: true };
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, reason: error.message.toLowerCase() };
    throw error;
  }
}
