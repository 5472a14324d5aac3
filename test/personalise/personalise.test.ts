import { beforeAll, describe, expect, it } from 'vitest';
import { loadIssue, type LoadedIssue } from '../../src/content/load.ts';
import { renderIssue, type RenderedIssue } from '../../src/render/render-issue.ts';
import { createPersonaliser } from '../../src/personalise/personalise.ts';
import { verifyUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';

const SECRET = 'test-secret-0123456789abcdef';
let issue: LoadedIssue;
let rendered: RenderedIssue;

beforeAll(async () => {
  issue = loadIssue('content/issues/2024-09-23-podcast-advocacy-updates.yaml');
  rendered = await renderIssue(issue);
});

describe('createPersonaliser', () => {
  it('fills merge fields, escaping them in HTML only', () => {
    const personalise = createPersonaliser(rendered, issue.brand, { campaignId: 'c', issueSlug: issue.slug, secret: SECRET });
    const email = personalise({ email: 'amina@example.org', fields: { first_name: '<b>x</b> & "co"' } });
    expect(email.html).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;co&quot;');
    expect(email.html).not.toContain('<b>x</b>');
    expect(email.text).toContain('<b>x</b> & "co"');
    expect(email.to).toBe('amina@example.org');
    expect(email.html).not.toMatch(/\{\{\s*first_name/);
  });

  it('uses fallbacks for missing fields', () => {
    const personalise = createPersonaliser(rendered, issue.brand, { campaignId: 'c', issueSlug: issue.slug, secret: SECRET });
    const email = personalise({ email: 'someone@example.org', fields: {} });
    expect(email.html).not.toContain('{{');
    expect(email.text).not.toContain('{{');
  });

  it('signs a per-recipient unsubscribe link that verifies, in both parts and the RFC 8058 headers', () => {
    const personalise = createPersonaliser(rendered, issue.brand, { campaignId: 'camp', issueSlug: issue.slug, secret: SECRET, subjectPrefix: '[TEST] ' });
    const email = personalise({ email: 'yusuf@example.org', fields: { first_name: 'Yusuf' } });
    const url = /<(https:[^>]+)>/.exec(email.headers['List-Unsubscribe']!)![1]!;
    expect(email.headers['List-Unsubscribe']).toMatch(/^<https:\/\/[^>]+>, <mailto:unsubscribe@canadianmuslimpac\.ca\?subject=unsubscribe>$/);
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(email.text).toContain(url);
    expect(email.html).toContain(url.replace(/&/g, '&amp;'));
    const token = new URL(url).searchParams.get('token')!;
    expect(verifyUnsubscribeToken(token, SECRET)).toBe('yusuf@example.org');
    expect(verifyUnsubscribeToken(token, 'another-secret')).toBeNull();
    expect(email.subject.startsWith('[TEST] ')).toBe(true);
    expect(email.tags).toEqual([
      { name: 'campaign', value: 'camp' },
      { name: 'issue', value: '2024-09-23-podcast-advocacy-updates' },
    ]);
  });

  it('keeps the subject on one line whatever the merge value holds', () => {
    const withField = { ...rendered, subject: 'Hello {{first_name|friend}}' };
    const personalise = createPersonaliser(withField, issue.brand, { campaignId: 'c', issueSlug: 's', secret: SECRET });
    expect(personalise({ email: 'a@example.org', fields: { first_name: 'Eve\r\nBcc: x@evil.example' } }).subject).toBe('Hello Eve Bcc: x@evil.example');
  });

  it('costs microseconds per recipient, not milliseconds (no React per recipient)', () => {
    const personalise = createPersonaliser(rendered, issue.brand, { campaignId: 'c', issueSlug: issue.slug, secret: SECRET });
    for (let i = 0; i < 500; i++) personalise({ email: `w${i}@example.org`, fields: { first_name: 'W' } });
    const n = 5_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) personalise({ email: `user${i}@example.org`, fields: { first_name: `User ${i}`, last_name: 'X' } });
    const perRecipientUs = ((performance.now() - started) * 1000) / n;
    // The benchmark (issue 6) holds the 20 µs target on a quiet machine; this only guards against a regression to rendering per recipient.
    expect(perRecipientUs).toBeLessThan(200);
  });
});
