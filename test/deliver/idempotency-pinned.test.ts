/**
 * Keys pinned: a campaign interrupted under one version of Dispatch and
 * resumed under the next must re-send its batches in doubt with the same
 * Idempotency-Key (and match the payload hash the record holds), or Resend
 * delivers them twice. These literals were computed by the code before the
 * per-recipient message plan (issue 15, item 6); any change to what the hash
 * covers, or how, must keep them or version the key.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadIssue } from '../../src/content/load.ts';
import type { Brand } from '../../src/content/content-schema.ts';
import type { RenderedIssue } from '../../src/render/render-issue.ts';
import { contentFingerprint, idempotencyKey, payloadHash } from '../../src/deliver/idempotency.ts';
import { compileMessage, type Recipient } from '../../src/personalise/personalise.ts';
import { createBatchEncoder } from '../../src/personalise/batch-json.ts';

const sample = loadIssue('content/issues/2024-09-23-podcast-advocacy-updates.yaml').brand;
const brand: Brand = {
  ...sample,
  from: 'Pinned News <news@example.org>',
  replyTo: 'reply@example.org',
  unsubscribe: { ...sample.unsubscribe, url: 'https://example.org/unsubscribe?token={{token}}', mailto: 'unsubscribe@example.org' },
};
const rendered: RenderedIssue = {
  html: '<p>Salaam {{first_name|friend}} {{ last_name }}</p><a href="{{unsubscribe_url}}">Unsubscribe</a><p>{{email}}</p>',
  text: 'Salaam {{first_name|friend}}\n{{unsubscribe_url}}',
  subject: 'News for {{first_name|you}} in {{city|Canada}}',
  preheader: 'Pinned',
};
const campaignId = 'pinned-campaign';
const content = contentFingerprint({
  html: rendered.html,
  text: rendered.text,
  subject: rendered.subject,
  from: brand.from,
  replyTo: brand.replyTo,
  unsubscribeUrl: brand.unsubscribe.url,
  unsubscribeMailto: brand.unsubscribe.mailto,
  campaign: campaignId,
  issue: 'pinned-issue',
});
const recipients: Recipient[] = [
  { email: 'amina@example.org', fields: { last_name: 'Rahman', first_name: 'Amina', city: 'Montréal' } },
  { email: 'nofields@example.org', fields: {} },
  { email: 'tricky@example.org', fields: { first_name: 'Eve\r\nBcc: x@evil.example', last_name: '<b>"x"</b> \u{1F600}', constructor: 'c' } },
  { email: 'blank@example.org', fields: { first_name: '   ', city: '' } },
];

/** The key and payload hash a batch of these recipients is recorded and sent with. */
function keyFor(batch: readonly Recipient[], scheduledAt?: string) {
  const message = compileMessage(rendered, brand, { campaignId, issueSlug: 'pinned-issue', secret: 'pinned-secret' });
  const hash = payloadHash(content, batch.map(message.plan), scheduledAt);
  return { hash, key: idempotencyKey(campaignId, hash) };
}

/** SHA-256 of the batch request body for these recipients. */
function bodySha(batch: readonly Recipient[], scheduledAt?: string): string {
  const message = compileMessage(rendered, brand, { campaignId, issueSlug: 'pinned-issue', secret: 'pinned-secret' });
  return createHash('sha256').update(createBatchEncoder(message)(batch.map(message.plan), scheduledAt)).digest('hex');
}

describe('idempotency keys are those earlier versions recorded', () => {
  it('content fingerprint', () => {
    expect(content).toBe('117789df6c909ef1196617be9700944bb60339bef9cf4e8115f3736a60c01985');
  });

  it('a batch, without and with a schedule', () => {
    expect(keyFor(recipients)).toEqual({
      hash: '40db2bece7c0d94d1d8b8a2c1291bb96506621d41acb8b6cebbae02381ce64d6',
      key: 'dispatch-82fb62fb15a535e747e81a62ec4c9443aa5929b6ff85a8ffcc4dfd56cf1f946f',
    });
    expect(keyFor(recipients, '2030-01-01T09:00:00.000Z')).toEqual({
      hash: '4112be2f9a6fddeb44583992ff0f9f51d41a71d3750dbe6446996ede9085972d',
      key: 'dispatch-a9d85c4789700d297f83c54a4d430ee958f68a6c7820c5e4156acd64ddcbd8d3',
    });
    expect(keyFor(recipients.slice(1, 2))).toEqual({
      hash: 'c9e0682f8acaf469acbfed170c7d2d5d522346c02fd5d001be5e44a40e6f2057',
      key: 'dispatch-3b11b78cf2795f8937668559685909385cce6124cf220324f212318529df5eb1',
    });
  });

  // Resend answers 409 invalid_idempotent_request when a key comes back with other bytes: the body must not change either.
  it('the request body sent under that key', () => {
    expect(bodySha(recipients)).toBe('7354749d81c001bcb78b777889921ba7177f82434933ef9489ef57e69fc5e23b');
    expect(bodySha(recipients, '2030-01-01T09:00:00.000Z')).toBe('bf0c079a28ff6dd1651cfcbb53fdea749547dbe11049aba82d7274c4355d6624');
  });
});
