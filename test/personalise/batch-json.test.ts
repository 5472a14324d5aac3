import { beforeAll, describe, expect, it } from 'vitest';
import { loadIssue, type LoadedIssue } from '../../src/content/load.ts';
import { renderIssue, type RenderedIssue } from '../../src/render/render-issue.ts';
import { compileMessage, createPersonaliser, type Recipient } from '../../src/personalise/personalise.ts';
import { createBatchEncoder } from '../../src/personalise/batch-json.ts';
import { sdkPayload } from '../support/messages.ts';

let issue: LoadedIssue;
let rendered: RenderedIssue;
beforeAll(async () => {
  issue = loadIssue('content/issues/2024-09-23-podcast-advocacy-updates.yaml');
  rendered = await renderIssue(issue);
});

/** What the SDK's batch.send puts on the wire: its snake_case mapping, JSON.stringify'd. */
function sdkBody(payload: ReturnType<typeof sdkPayload>): string {
  return JSON.stringify(
    payload.map((email) => ({
      attachments: undefined,
      bcc: undefined,
      cc: undefined,
      from: email.from,
      headers: email.headers,
      html: email.html,
      reply_to: email.replyTo,
      scheduled_at: email.scheduledAt,
      subject: email.subject,
      tags: email.tags,
      text: email.text,
      to: email.to,
      template: undefined,
      topic_id: undefined,
    })),
  );
}

const recipients: Recipient[] = [
  { email: 'amina@example.org', fields: { first_name: 'Amina', last_name: 'Rahman' } },
  { email: 'tricky@example.org', fields: { first_name: '<b>x</b> "quoted" \\ back\u2028line \u{1F600}', city: 'Montréal' } },
  { email: 'nofields@example.org', fields: {} },
  { email: 'spaces@example.org', fields: { first_name: '   ' } },
  { email: 'newline@example.org', fields: { first_name: 'Eve\r\nBcc: x@evil.example' } },
];

describe('createBatchEncoder', () => {
  it.each([
    ['plain', {}],
    ['with a schedule and a subject prefix', { scheduledAt: '2030-01-01T09:00:00.000Z', subjectPrefix: '[TEST] ' }],
  ])('writes exactly the bytes the SDK would send (%s)', (_, extra) => {
    const options = { campaignId: 'camp 1', issueSlug: issue.slug, secret: 'secret-for-the-test', ...extra };
    const personalise = createPersonaliser(rendered, issue.brand, options);
    const emails = recipients.map(personalise);
    const scheduledAt = 'scheduledAt' in extra ? extra.scheduledAt : undefined;
    const expected = sdkBody(sdkPayload(emails, scheduledAt));
    const message = compileMessage(rendered, issue.brand, options);
    const encoded = createBatchEncoder(message)(recipients.map(message.plan), scheduledAt);
    expect(encoded.toString('utf8')).toBe(expected);
    expect(JSON.parse(encoded.toString('utf8'))[1].html).toContain('&lt;b&gt;x&lt;/b&gt; &quot;quoted&quot;');
  });

  it('is the same bytes on every call (idempotency keys depend on it)', () => {
    const message = compileMessage(rendered, issue.brand, { campaignId: 'c', issueSlug: 's', secret: 'x' });
    const encode = createBatchEncoder(message);
    expect(encode(recipients.map(message.plan)).equals(encode(recipients.map(message.plan)))).toBe(true);
  });
});
