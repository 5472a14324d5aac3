/**
 * Broadcasts: create (as a draft, or sent at once with `send: true`), list,
 * get, update and remove drafts, and send.
 *
 * Sending without `scheduled_at` delivers at once: one email per subscribed
 * contact of the segment is recorded in `emails` (with `via: 'broadcast'` and
 * `broadcastId`), with Resend's `{{{FIELD|fallback}}}` merge tags filled in.
 * With `scheduled_at` the broadcast only becomes `scheduled`; the stand-in's
 * `deliverScheduledBroadcasts()` delivers those when a test says so.
 */
import { randomUUID } from 'node:crypto';
import { notFound, validationError } from '../errors.ts';
import { isValidAddress, timestamp, type Broadcast, type Contact } from '../state.ts';
import { recordEmail } from './emails.ts';
import { listPage } from './list.ts';
import { requireSegment } from './segments.ts';
import type { Route, RouteAnswer, RouteContext } from './types.ts';

interface BroadcastFields {
  name?: string;
  segment_id?: string;
  audience_id?: string;
  from?: string;
  subject?: string;
  reply_to?: string[];
  preview_text?: string;
  html?: string;
  text?: string;
  topic_id?: string;
}

interface CreateBroadcastBody extends BroadcastFields {
  from: string;
  subject: string;
  send?: boolean;
  scheduled_at?: string;
}

export const broadcastRoutes: Route[] = [
  { method: 'POST', path: '/broadcasts', handle: createBroadcast },
  { method: 'GET', path: '/broadcasts', handle: listBroadcasts },
  { method: 'GET', path: '/broadcasts/{id}', handle: getBroadcast },
  { method: 'PATCH', path: '/broadcasts/{id}', handle: updateBroadcast },
  { method: 'DELETE', path: '/broadcasts/{id}', handle: removeBroadcast },
  { method: 'POST', path: '/broadcasts/{id}/send', handle: sendBroadcastRoute },
];

function requireBroadcast(context: RouteContext): Broadcast {
  const broadcast = context.state.broadcasts.get(context.params.id!);
  if (!broadcast) throw notFound('Broadcast');
  return broadcast;
}

function requireDraft(broadcast: Broadcast, action: string): void {
  if (broadcast.status !== 'draft') throw validationError(`Only draft broadcasts can be ${action}; this one is ${broadcast.status}.`);
}

function checkSender(fields: BroadcastFields): void {
  if (fields.from !== undefined && !isValidAddress(fields.from)) {
    throw validationError('Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.');
  }
}

function createBroadcast(context: RouteContext): RouteAnswer {
  const body = context.body as CreateBroadcastBody;
  checkSender(body);
  if (body.scheduled_at !== undefined && body.send !== true) {
    throw validationError('Invalid `scheduled_at` field: it can only be used if `send` is true.');
  }
  const segmentId = (body.segment_id ?? body.audience_id)!;
  requireSegment(context.state, segmentId);
  const broadcast: Broadcast = {
    id: randomUUID(),
    segment_id: segmentId,
    from: body.from,
    subject: body.subject,
    status: 'draft',
    created_at: timestamp(context.now),
    emailIds: [],
  };
  applyFields(broadcast, body);
  context.state.broadcasts.set(broadcast.id, broadcast);
  if (body.send) sendBroadcast(context, broadcast, body.scheduled_at);
  return { body: { id: broadcast.id, object: 'broadcast' } };
}

function applyFields(broadcast: Broadcast, fields: BroadcastFields): void {
  const { segment_id, audience_id, from, subject, ...optional } = fields;
  if (audience_id !== undefined) broadcast.audience_id = audience_id;
  if (segment_id !== undefined || audience_id !== undefined) broadcast.segment_id = (segment_id ?? audience_id)!;
  if (from !== undefined) broadcast.from = from;
  if (subject !== undefined) broadcast.subject = subject;
  for (const key of ['name', 'reply_to', 'preview_text', 'html', 'text', 'topic_id'] as const) {
    if (optional[key] !== undefined) (broadcast as unknown as Record<string, unknown>)[key] = optional[key];
  }
}

function listBroadcasts(context: RouteContext): RouteAnswer {
  const page = listPage(context.state.broadcasts.values(), context.query);
  return { body: { ...page, data: page.data.map(summariseBroadcast) } };
}

function summariseBroadcast(broadcast: Broadcast): Record<string, unknown> {
  const summary: Record<string, unknown> = {
    id: broadcast.id,
    segment_id: broadcast.segment_id,
    status: broadcast.status,
    created_at: broadcast.created_at,
  };
  for (const key of ['name', 'audience_id', 'scheduled_at', 'sent_at', 'topic_id'] as const) {
    if (broadcast[key] !== undefined) summary[key] = broadcast[key];
  }
  return summary;
}

/** The spec's GetBroadcastResponseSuccess: content fields it marks nullable are null when unset. */
function getBroadcast(context: RouteContext): RouteAnswer {
  const broadcast = requireBroadcast(context);
  const body: Record<string, unknown> = {
    object: 'broadcast',
    ...summariseBroadcast(broadcast),
    audience_id: broadcast.audience_id ?? null,
    from: broadcast.from,
    subject: broadcast.subject,
    html: broadcast.html ?? null,
    text: broadcast.text ?? null,
    topic_id: broadcast.topic_id ?? null,
  };
  if (broadcast.reply_to !== undefined) body.reply_to = broadcast.reply_to;
  if (broadcast.preview_text !== undefined) body.preview_text = broadcast.preview_text;
  return { body };
}

function updateBroadcast(context: RouteContext): RouteAnswer {
  const broadcast = requireBroadcast(context);
  requireDraft(broadcast, 'updated');
  const fields = context.body as BroadcastFields;
  checkSender(fields);
  const segmentId = fields.segment_id ?? fields.audience_id;
  if (segmentId !== undefined) requireSegment(context.state, segmentId);
  applyFields(broadcast, fields);
  return { body: { id: broadcast.id, object: 'broadcast' } };
}

/** Resend allows removing drafts, and scheduled broadcasts (which cancels them). */
function removeBroadcast(context: RouteContext): RouteAnswer {
  const broadcast = requireBroadcast(context);
  if (broadcast.status === 'sent') throw validationError('Only draft or scheduled broadcasts can be removed; this one is sent.');
  context.state.broadcasts.delete(broadcast.id);
  return { body: { id: broadcast.id, object: 'broadcast', deleted: true } };
}

function sendBroadcastRoute(context: RouteContext): RouteAnswer {
  const broadcast = requireBroadcast(context);
  requireDraft(broadcast, 'sent');
  sendBroadcast(context, broadcast, (context.body as { scheduled_at?: string }).scheduled_at);
  return { body: { id: broadcast.id } };
}

function sendBroadcast(context: RouteContext, broadcast: Broadcast, scheduledAt: string | undefined): void {
  if (scheduledAt !== undefined) {
    broadcast.status = 'scheduled';
    broadcast.scheduled_at = scheduledAt;
    return;
  }
  deliverBroadcast(context, broadcast);
}

/** Records one email per subscribed contact of the broadcast's segment. */
export function deliverBroadcast(context: RouteContext, broadcast: Broadcast): void {
  for (const contact of context.state.contacts.values()) {
    if (contact.unsubscribed || !contact.segmentIds.has(broadcast.segment_id)) continue;
    const fill = (template: string | undefined) =>
      template === undefined ? undefined : fillMergeTags(template, contact, unsubscribeUrl(context, broadcast, contact));
    const email = recordEmail(
      context,
      {
        from: broadcast.from,
        to: contact.email,
        subject: fill(broadcast.subject)!,
        html: fill(broadcast.html),
        text: fill(broadcast.text),
        reply_to: broadcast.reply_to,
        topic_id: broadcast.topic_id,
      },
      'broadcast',
      broadcast.id,
    );
    broadcast.emailIds.push(email.id);
  }
  broadcast.status = 'sent';
  broadcast.sent_at = timestamp(context.now);
}

/** A placeholder link; the stand-in does not serve it. */
function unsubscribeUrl(context: RouteContext, broadcast: Broadcast, contact: Contact): string {
  return `${context.baseUrl}/unsubscribe/${broadcast.id}/${contact.id}`;
}

const MERGE_TAG = /\{\{\{\s*([A-Za-z0-9_]+)\s*(?:\|([^}]*))?\}\}\}/g;

/** Resend's broadcast merge tags: `{{{FIRST_NAME|there}}}`, `{{{RESEND_UNSUBSCRIBE_URL}}}`, contact properties. */
export function fillMergeTags(template: string, contact: Contact, unsubscribe: string): string {
  return template.replace(MERGE_TAG, (_tag, name: string, fallback: string | undefined) => {
    const value = mergeValue(name, contact, unsubscribe);
    return value === undefined || value === '' ? (fallback ?? '') : String(value);
  });
}

function mergeValue(name: string, contact: Contact, unsubscribe: string): unknown {
  switch (name.toUpperCase()) {
    case 'FIRST_NAME':
      return contact.first_name;
    case 'LAST_NAME':
      return contact.last_name;
    case 'EMAIL':
      return contact.email;
    case 'RESEND_UNSUBSCRIBE_URL':
      return unsubscribe;
    default: {
      const key = Object.keys(contact.properties).find((property) => property.toLowerCase() === name.toLowerCase());
      return key === undefined ? undefined : contact.properties[key];
    }
  }
}
