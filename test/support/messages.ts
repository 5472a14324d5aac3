/**
 * Messages for transport and encoder tests: a compiled message from a few
 * literal parts, and the SDK's own form of a batch (`batch.send`'s argument),
 * the reference the batch bodies Dispatch writes are checked against.
 */
import { loadIssue } from '../../src/content/load.ts';
import type { Brand } from '../../src/content/content-schema.ts';
import { compileMessage, type CompiledMessage, type OutgoingEmail } from '../../src/personalise/personalise.ts';

export type MessageParts = Readonly<{
  from: string;
  replyTo?: string;
  html: string;
  text: string;
  subject: string;
  campaignId?: string;
  issueSlug?: string;
}>;

let sampleBrand: Brand | undefined;

/** A message compiled from literal parts (merge fields allowed), with the sample brand's other settings. */
export function compiledTestMessage(parts: MessageParts): CompiledMessage {
  sampleBrand ??= loadIssue('content/issues/2024-09-23-podcast-advocacy-updates.yaml').brand;
  const { replyTo: _replyTo, ...rest } = sampleBrand;
  const brand: Brand = { ...rest, from: parts.from, ...(parts.replyTo ? { replyTo: parts.replyTo } : {}) } as Brand;
  return compileMessage({ html: parts.html, text: parts.text, subject: parts.subject, preheader: '' }, brand, {
    campaignId: parts.campaignId ?? 'c',
    issueSlug: parts.issueSlug ?? 'i',
    secret: 'test-secret',
  });
}

/** One email as the SDK's `batch.send` takes it (camelCase; the SDK maps them to the API's). */
export type SdkEmail = Omit<OutgoingEmail, 'headers' | 'tags'> &
  Readonly<{
    headers: Record<string, string>;
    tags: Array<{ name: string; value: string }>;
    scheduledAt?: string;
  }>;

/** The SDK's fields for each email: what `batch.send` would be given for them. */
export function sdkPayload(emails: readonly OutgoingEmail[], scheduledAt?: string): SdkEmail[] {
  return emails.map((email) => ({
    from: email.from,
    to: email.to,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: { ...email.headers },
    tags: email.tags.map((tag) => ({ name: tag.name, value: tag.value })),
    ...(scheduledAt ? { scheduledAt } : {}),
  }));
}
