/**
 * Personalise: one rendered issue, compiled once (`compileMessage`), planned
 * per recipient: their merge values, signed unsubscribe link, List-Unsubscribe
 * headers, filled subject and tags (`MessagePlan`). Everything sent derives
 * from the plan: the idempotency hash (which needs no HTML), the `.eml` and the
 * Resend batch body (each fills the HTML and text from the plan's values).
 * No React here: this runs once per subscriber and must cost microseconds.
 */
import type { Brand } from '../content/content-schema.ts';
import { compileMerge, RESERVED_FIELDS, type CompiledMerge } from '../content/merge-fields.ts';
import { unsubscribeUrlFor } from '../content/brand.ts';
import type { RenderedIssue } from '../render/render-issue.ts';
import { signUnsubscribeToken } from './unsubscribe-token.ts';

export type Recipient = Readonly<{
  /** Lower-cased, trimmed address. */
  email: string;
  /** Other audience columns by name (first_name, last_name, …). */
  fields: Readonly<Record<string, string>>;
}>;

export type EmailTag = Readonly<{ name: string; value: string }>;

/** One message, ready for any transport (outbox, Resend batch). */
export type OutgoingEmail = Readonly<{
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers: Readonly<Record<string, string>>;
  tags: readonly EmailTag[];
}>;

/**
 * One recipient's message, short of its HTML and text: what differs between
 * recipients, computed once. The HTML and text are filled from `values` only
 * where they are written (the `.eml`, the batch body), never kept.
 */
export type MessagePlan = Readonly<{
  to: string;
  /** The recipient's audience columns as imported (the idempotency hash covers these). */
  fields: Readonly<Record<string, string>>;
  /** Merge values: the columns, then the reserved fields (address, signed unsubscribe link). */
  values: Readonly<Record<string, string>>;
  /** Filled, on one line. */
  subject: string;
  /** List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers: Readonly<Record<string, string>>;
  tags: readonly EmailTag[];
}>;

/** A send's message compiled once: what every recipient shares, and how each one's plan and email are made. */
export type CompiledMessage = Readonly<{
  from: string;
  replyTo?: string;
  /** The HTML part with its merge fields, split once. */
  html: CompiledMerge;
  /** The plain-text part with its merge fields, split once. */
  text: CompiledMerge;
  /** The tags every plan carries (the same array). */
  tags: readonly EmailTag[];
  plan: (recipient: Recipient) => MessagePlan;
  /** The whole email of a plan, HTML and text filled: what the `.eml` encoder and preflight read. */
  email: (plan: MessagePlan) => OutgoingEmail;
}>;

export type PersonaliseOptions = Readonly<{
  /** Names the campaign in tags. */
  campaignId: string;
  /** Names the issue in tags. */
  issueSlug: string;
  /** UNSUBSCRIBE_SECRET: signs each recipient's unsubscribe token. */
  secret: string;
  /** Prepended to the subject, e.g. "[TEST] ". Default: none. */
  subjectPrefix?: string;
  /** Sender. Default: the brand's `from`. */
  from?: string;
}>;

export type Personaliser = (recipient: Recipient) => OutgoingEmail;

/** Resend tag names and values: ASCII letters, digits, underscores and dashes, at most 256 characters. */
export function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';
}

/** A filled subject as a header value: one line, whatever a merge value held. */
export const subjectLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ');

/** The List-Unsubscribe headers for one recipient: one-click https first, then mailto. */
export function unsubscribeHeaders(unsubscribeUrl: string, mailto: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>, <mailto:${mailto}?subject=unsubscribe>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** A recipient's merge values: audience columns, then the reserved fields (their address and signed unsubscribe link). */
export function mergeValuesFor(brand: Brand, recipient: Recipient, secret: string): { values: Record<string, string>; unsubscribeUrl: string } {
  const unsubscribeUrl = unsubscribeUrlFor(brand, signUnsubscribeToken(recipient.email, secret));
  return { values: { ...recipient.fields, [RESERVED_FIELDS.email]: recipient.email, [RESERVED_FIELDS.unsubscribeUrl]: unsubscribeUrl }, unsubscribeUrl };
}

/** The tags every email of a campaign carries (Resend: letters, digits, `_` and `-`). */
export function campaignTags(options: Pick<PersonaliseOptions, 'campaignId' | 'issueSlug'>): EmailTag[] {
  return [
    { name: 'campaign', value: tagValue(options.campaignId) },
    { name: 'issue', value: tagValue(options.issueSlug) },
  ];
}

/** Compiles the rendered issue once, for planning and filling each recipient's message. */
export function compileMessage(rendered: RenderedIssue, brand: Brand, options: PersonaliseOptions): CompiledMessage {
  const html = compileMerge(rendered.html, 'html');
  const text = compileMerge(rendered.text, 'text');
  const subject = compileMerge(`${options.subjectPrefix ?? ''}${rendered.subject}`, 'text');
  const tags = campaignTags(options);
  const from = options.from ?? brand.from;
  const replyTo = brand.replyTo;
  const mailto = brand.unsubscribe.mailto;
  return {
    from,
    ...(replyTo ? { replyTo } : {}),
    html,
    text,
    tags,
    plan: (recipient) => {
      const { values, unsubscribeUrl } = mergeValuesFor(brand, recipient, options.secret);
      return {
        to: recipient.email,
        fields: recipient.fields,
        values,
        subject: subjectLine(subject.fill(values)),
        headers: unsubscribeHeaders(unsubscribeUrl, mailto),
        tags,
      };
    },
    email: (plan) => ({
      from,
      to: plan.to,
      ...(replyTo ? { replyTo } : {}),
      subject: plan.subject,
      html: html.fill(plan.values),
      text: text.fill(plan.values),
      headers: plan.headers,
      tags: plan.tags,
    }),
  };
}

/** Compiles the rendered issue once and returns a function that fills it for one recipient. */
export function createPersonaliser(rendered: RenderedIssue, brand: Brand, options: PersonaliseOptions): Personaliser {
  const message = compileMessage(rendered, brand, options);
  return (recipient) => message.email(message.plan(recipient));
}
