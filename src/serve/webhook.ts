/**
 * Resend webhook events → the suppression list. Only what means "never mail
 * this address again" is recorded:
 *   - `email.bounced` with `bounce.type` Permanent (transient bounces retry by themselves)
 *   - `email.complained` (marked as spam)
 *   - `email.suppressed` (Resend refused to send: the address is on its suppression list)
 *   - `contact.updated` / `contact.created` with `unsubscribed: true` (an unsubscribe
 *     through Resend's own link in a broadcast)
 * Every email event is also kept for campaign results (src/results, src/store/results.ts).
 * Each delivery's `svix-id` is remembered in the same transaction as its
 * suppressions and event (the webhook log: src/store/webhook-log.ts), so a redelivery
 * (Svix retries until it sees a 2xx) is acknowledged without recording
 * twice, even across a crash.
 */
import { checkAddress } from '../audience/email-address.ts';
import { readEmailEvent, type EmailEvent } from '../results/resend-event.ts';
import type { Db } from '../store/db.ts';
import { recordEmailEvent } from '../store/results.ts';
import type { SuppressionReason } from '../store/suppressions.ts';
import { recordDelivery } from '../store/webhook-log.ts';

export type WebhookOutcome =
  | { kind: 'recorded'; type: string; suppressed: string[] }
  | { kind: 'replayed'; type: string }
  | { kind: 'invalid'; reason: string };

export type Planned = Readonly<{ address: string; reason: SuppressionReason; source: string }>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `Ann <ann@example.org>` or `ann@example.org` → the normalised address, or null. */
function addressIn(recipient: unknown): string | null {
  if (typeof recipient !== 'string' || recipient.length > 512) return null;
  const angle = /<([^<>]*)>\s*$/.exec(recipient);
  const checked = checkAddress(angle ? angle[1]! : recipient);
  return checked.ok ? checked.email : null;
}

function recipientsOf(data: Record<string, unknown>): string[] {
  const to = Array.isArray(data.to) ? data.to : [data.to];
  return to.map(addressIn).filter((address): address is string => address !== null);
}

const label = (value: unknown) => (typeof value === 'string' ? value.replace(/[^\w .:-]/g, '').slice(0, 80) : '');

/** What an event asks to suppress; an empty list for events that do not. */
export function plannedSuppressions(event: Record<string, unknown>): Planned[] | { invalid: string } {
  const { type, data } = event;
  if (!isObject(data)) return { invalid: 'the event has no data object' };
  const emailId = label(data.email_id);
  const fromEmail = (reason: SuppressionReason, detail: string) =>
    recipientsOf(data).map((address) => ({ address, reason, source: `resend-webhook ${type}${detail ? ` (${detail})` : ''}${emailId ? ` email ${emailId}` : ''}` }));
  switch (type) {
    case 'email.bounced': {
      const bounce = isObject(data.bounce) ? data.bounce : {};
      return bounce.type === 'Permanent' ? fromEmail('bounced', label(bounce.subType)) : [];
    }
    case 'email.complained':
      return fromEmail('complained', '');
    case 'email.suppressed': {
      const suppressed = isObject(data.suppressed) ? data.suppressed : {};
      return fromEmail('suppressed', label(suppressed.reason));
    }
    case 'contact.created':
    case 'contact.updated': {
      if (data.unsubscribed !== true) return [];
      const address = addressIn(data.email);
      return address ? [{ address, reason: 'unsubscribed', source: `resend-webhook ${type} contact ${label(data.id)}` }] : [];
    }
    default:
      return [];
  }
}

export type ParsedWebhook = { kind: 'event'; type: string; planned: Planned[]; event: EmailEvent | null } | { kind: 'invalid'; reason: string };

/** A verified delivery's body: its event type, what it asks to suppress, and the email event campaign results keep (src/results). */
export function parseWebhook(rawBody: Buffer): ParsedWebhook {
  let event: unknown;
  try {
    event = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { kind: 'invalid', reason: 'the body is not JSON' };
  }
  if (!isObject(event) || typeof event.type !== 'string') return { kind: 'invalid', reason: 'the body is not a Resend event' };
  const planned = plannedSuppressions(event);
  if (!Array.isArray(planned)) return { kind: 'invalid', reason: planned.invalid };
  return { kind: 'event', type: event.type, planned, event: readEmailEvent(event) };
}

/** Records a parsed delivery's suppressions and email event, once per `svix-id` (a redelivery or a replayed queue entry changes nothing). */
export function applyWebhook(db: Db, svixId: string, type: string, planned: readonly Planned[], time: string, event?: EmailEvent | null): Exclude<WebhookOutcome, { kind: 'invalid' }> {
  return db.transaction((): Exclude<WebhookOutcome, { kind: 'invalid' }> => {
    const suppressed = recordDelivery(db, { svixId, type, time }, planned);
    if (suppressed !== null && event) recordEmailEvent(db, svixId, event, time);
    return suppressed === null ? { kind: 'replayed', type } : { kind: 'recorded', type, suppressed };
  }).immediate();
}

/** Records one verified delivery (once per `svix-id`). */
export function recordWebhook(db: Db, svixId: string, rawBody: Buffer, now: Date = new Date()): WebhookOutcome {
  const parsed = parseWebhook(rawBody);
  return parsed.kind === 'invalid' ? parsed : applyWebhook(db, svixId, parsed.type, parsed.planned, now.toISOString(), parsed.event);
}
