/**
 * Idempotency keys derived from what is sent, so a batch re-sent after a crash
 * (or retried after a timeout) carries the same key and the API answers the
 * stored result instead of delivering twice. Resend keeps keys 24 hours.
 *
 * Hashing every byte of a 100-email batch (5 MB of HTML) would cost more than
 * sending it, so the payload hash covers what determines those bytes: the
 * fingerprint of the rendered issue and sender settings (once per campaign)
 * and, per email, its `MessagePlan`: the recipient, subject, headers (with
 * the signed unsubscribe link) and audience columns. The HTML and text are
 * filled from the plan, so equal hashes mean equal payloads, and the hash
 * never needs them filled. `idempotency-pinned.test.ts` pins the keys: a
 * campaign interrupted under one version resumes under the next.
 */
import { createHash } from 'node:crypto';
import type { MessagePlan } from '../personalise/personalise.ts';

/** Fingerprint of everything a campaign sends that is the same for every recipient. */
export function contentFingerprint(parts: Readonly<Record<string, string | null | undefined>>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(parts).sort()) hash.update(`${key}\u0000${parts[key] ?? ''}\u0001`);
  return hash.digest('hex');
}

/** Merge values in a canonical order, so the hash does not depend on the CSV's column order. */
function canonicalFields(fields: Readonly<Record<string, string>>): string {
  const keys = Object.keys(fields).sort();
  let out = '';
  for (const key of keys) out += `${key}\u0000${fields[key]}\u0001`;
  return out;
}

/** The hash of a batch's exact contents (see above). */
export function payloadHash(contentHash: string, plans: readonly MessagePlan[], scheduledAt?: string): string {
  const hash = createHash('sha256');
  hash.update(`${contentHash}\u0002${scheduledAt ?? ''}\u0002`);
  for (const plan of plans) {
    hash.update(plan.to);
    hash.update('\u0000');
    hash.update(plan.subject);
    hash.update('\u0000');
    for (const name of Object.keys(plan.headers).sort()) hash.update(`${name}: ${plan.headers[name]}\u0000`);
    hash.update(canonicalFields(plan.fields));
    hash.update('\u0003');
  }
  return hash.digest('hex');
}

/** `dispatch-<sha256(campaign id, payload hash)>`: 73 ASCII characters (Resend allows 256). */
export function idempotencyKey(campaignId: string, hashOfPayload: string): string {
  return `dispatch-${createHash('sha256').update(`${campaignId}\n${hashOfPayload}`).digest('hex')}`;
}
