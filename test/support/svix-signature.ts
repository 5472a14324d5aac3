/**
 * Signs a webhook delivery as Resend does (Svix headers, the Standard Webhooks
 * scheme), written by hand with node:crypto so the tests check serve's
 * verification (the `standardwebhooks` library) against an independent signer:
 *
 *   signature = base64(HMAC-SHA256(base64-decode(secret after whsec_), `${id}.${timestamp}.${body}`))
 */
import { createHmac } from 'node:crypto';

/** `v1,<base64>` for a body: what Resend would send in `svix-signature`. */
export function signSvix(secret: string, id: string, timestamp: number | string, body: string | Buffer): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

