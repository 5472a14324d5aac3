/**
 * A Resend email event (`email.sent` … `email.scheduled`), read from a
 * verified webhook body into the few fields campaign results need. Resend's
 * shapes are in its OpenAPI description (`webhooks:` → `Email*Event`); any
 * other event (contacts, domains, inbound mail) is not an email event here.
 */
import { checkAddress } from '../audience/email-address.ts';

/** The outbound email events Resend sends, by the short name the record keeps. */
export const EMAIL_EVENT_TYPES = ['sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'opened', 'clicked', 'failed', 'suppressed', 'scheduled'] as const;
export type EmailEventType = (typeof EMAIL_EVENT_TYPES)[number];

export type EmailEvent = Readonly<{
  type: EmailEventType;
  emailId: string;
  /** When it happened (a click's own timestamp, else the event's `created_at`); null when neither reads as a time (the record then uses the time serve took it). */
  occurredAt: string | null;
  /** The first recipient (batch emails have exactly one). */
  recipient: string | null;
  broadcastId: string | null;
  /** The email's `campaign` tag (every Dispatch email carries one). */
  campaignTag: string | null;
  /** `clicked`: the link, and the block it sits in (its `utm_content`). */
  link: string | null;
  block: string | null;
  /** `bounced`: Permanent, Transient or Undetermined, and the sub-type. */
  bounceType: string | null;
  bounceSubType: string | null;
  /** `failed` and `suppressed`: Resend's reason. */
  detail: string | null;
}>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short printable string or null: event fields end up in a terminal and a page. */
function field(value: unknown, max = 200): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '');
  return clean.length > max ? clean.slice(0, max) : clean;
}

function firstAddress(to: unknown): string | null {
  const list = Array.isArray(to) ? to : [to];
  for (const entry of list) {
    if (typeof entry !== 'string' || entry.length > 512) continue;
    const angle = /<([^<>]*)>\s*$/.exec(entry);
    const checked = checkAddress(angle ? angle[1]! : entry);
    if (checked.ok) return checked.email;
  }
  return null;
}

function isoTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The block a clicked link sits in: its `utm_content` (src/render/utm.ts tags each block's links, e.g. `statement-3`). */
function blockOf(link: string | null): string | null {
  if (!link) return null;
  try {
    return field(new URL(link).searchParams.get('utm_content'), 100);
  } catch {
    return null;
  }
}

/**
 * The email event in a webhook body, or null when the body is not an outbound
 * email event (or lacks the email id every one carries).
 */
export function readEmailEvent(body: unknown): EmailEvent | null {
  if (!isObject(body) || typeof body.type !== 'string' || !body.type.startsWith('email.')) return null;
  const type = body.type.slice('email.'.length) as EmailEventType;
  if (!(EMAIL_EVENT_TYPES as readonly string[]).includes(type)) return null;
  const data = body.data;
  if (!isObject(data)) return null;
  const emailId = field(data.email_id, 100);
  if (!emailId) return null;
  const click = isObject(data.click) ? data.click : {};
  const bounce = isObject(data.bounce) ? data.bounce : {};
  const tags = isObject(data.tags) ? data.tags : {};
  const link = type === 'clicked' ? field(click.link, 2_000) : null;
  const detail = type === 'failed' && isObject(data.failed) ? field(data.failed.reason) : type === 'suppressed' && isObject(data.suppressed) ? field(data.suppressed.reason) : null;
  return {
    type,
    emailId,
    occurredAt: (type === 'clicked' ? isoTime(click.timestamp) : null) ?? isoTime(body.created_at),
    recipient: firstAddress(data.to),
    broadcastId: field(data.broadcast_id, 100),
    campaignTag: field(tags.campaign, 256),
    link,
    block: blockOf(link),
    bounceType: type === 'bounced' ? field(bounce.type, 40) : null,
    bounceSubType: type === 'bounced' ? field(bounce.subType, 40) : null,
    detail,
  };
}
