/**
 * Personalise: one rendered issue, compiled once, filled per recipient with
 * their merge fields, signed unsubscribe link and List-Unsubscribe headers.
 * No React here: this runs once per subscriber and must cost microseconds.
 */
import type { Brand } from '../content/schema.ts';
import { compileMerge, RESERVED_FIELDS } from '../content/merge-fields.ts';
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

/** Compiles the rendered issue once and returns a function that fills it for one recipient. */
export function createPersonaliser(rendered: RenderedIssue, brand: Brand, options: PersonaliseOptions): Personaliser {
  const html = compileMerge(rendered.html, 'html');
  const text = compileMerge(rendered.text, 'text');
  const subject = compileMerge(`${options.subjectPrefix ?? ''}${rendered.subject}`, 'text');
  const tags = campaignTags(options);
  const from = options.from ?? brand.from;
  return (recipient) => {
    const { values, unsubscribeUrl } = mergeValuesFor(brand, recipient, options.secret);
    return {
      from,
      to: recipient.email,
      ...(brand.replyTo ? { replyTo: brand.replyTo } : {}),
      subject: subjectLine(subject.fill(values)),
      html: html.fill(values),
      text: text.fill(values),
      headers: unsubscribeHeaders(unsubscribeUrl, brand.unsubscribe.mailto),
      tags,
    };
  };
}
