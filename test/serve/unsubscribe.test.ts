/**
 * The unsubscribe loop over real HTTP: a token taken from a delivered
 * message's List-Unsubscribe header, posted as RFC 8058 one-click, keeps the
 * address out of the next send; hostile tokens and bodies change nothing.
 */
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { filterAudience, memoryAdmit, readAudience } from '../../src/audience/audience.ts';
import { loadIssue } from '../../src/content/load.ts';
import { buildEml } from '../../src/deliver/mime.ts';
import { createPersonaliser } from '../../src/personalise/personalise.ts';
import { signUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';
import { renderTemplate } from '../../src/render/render-issue.ts';
import { startServe } from '../../src/serve/server.ts';
import { findSuppression, suppressionLookup } from '../../src/suppressions/suppressions.ts';
import { UNSUBSCRIBE_SECRET, useTestServe } from '../support/serve.ts';

const ONE_CLICK = { 'content-type': 'application/x-www-form-urlencoded' };
const suite = useTestServe();
const count = suite.suppressionCount;
const post = (query: string, body: string, headers: Record<string, string> = ONE_CLICK) =>
  fetch(`${suite.serve.url}/unsubscribe${query}`, { method: 'POST', body, headers, redirect: 'manual' });

/** The https target of a List-Unsubscribe header, moved onto the test server (the brand's URL is the organisation's site). */
function oneClickTarget(header: string): string {
  const https = /<(https:[^>]+)>/.exec(header)?.[1];
  if (!https) throw new Error(`no https URL in ${header}`);
  const url = new URL(https);
  return `${suite.serve.url}/unsubscribe${url.search}`;
}

describe('one-click unsubscribe from a delivered message', () => {
  it('suppresses the address, and the next send skips it', async () => {
    // Deliver the sample issue to one sample subscriber as the outbox would.
    const issue = loadIssue('content/issues/2024-09-23-podcast-advocacy-updates.yaml');
    const personalise = createPersonaliser(await renderTemplate(issue), issue.brand, { campaignId: 'serve-test', issueSlug: issue.slug, secret: UNSUBSCRIBE_SECRET });
    const eml = await buildEml(personalise({ email: 'yusuf.ali@example.org', fields: { first_name: 'Yusuf' } }), { messageId: 'serve-test.1@example.org' });
    const parsed = await simpleParser(eml);
    const headerLine = (key: string) => parsed.headerLines.find((line) => line.key === key)?.line ?? '';
    expect(headerLine('list-unsubscribe-post')).toMatch(/List-Unsubscribe=One-Click/);
    const listUnsubscribe = headerLine('list-unsubscribe').replace(/^List-Unsubscribe:\s*/i, '').replace(/\r?\n\s+/g, ' ');
    expect(listUnsubscribe).toMatch(/^<https:\/\/.+\?token=.+>, <mailto:/);

    const response = await fetch(oneClickTarget(listUnsubscribe), { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: ONE_CLICK, redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('location')).toBeNull();
    expect(findSuppression(suite.serve.db, 'yusuf.ali@example.org')).toMatchObject({ reason: 'unsubscribed', source: 'one-click' });

    // The send applies the suppression list: the audience filter drops the address with the reason.
    const audience = await readAudience('content/audiences/sample.csv');
    const kept: string[] = [];
    const skipped: string[] = [];
    for await (const entry of filterAudience(audience.entries, { suppression: suppressionLookup(suite.serve.db), admit: memoryAdmit() })) {
      if (entry.kind === 'row') kept.push(entry.email);
      else if (entry.reason === 'suppressed') skipped.push(`${entry.email}: ${entry.detail}`);
    }
    expect(kept).not.toContain('yusuf.ali@example.org');
    expect(kept).toContain('amina.rahman@example.org');
    expect(skipped).toEqual([expect.stringMatching(/^yusuf\.ali@example\.org: on the suppression list \(unsubscribed, one-click\)$/)]);
  });

  it('accepts the multipart/form-data body some providers send, and a repeat changes nothing', async () => {
    const token = signUnsubscribeToken('multi@example.org', UNSUBSCRIBE_SECRET);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const first = await fetch(`${suite.serve.url}/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST', body: form });
    expect(first.status).toBe(200);
    const before = count();
    const again = await post(`?token=${encodeURIComponent(token)}`, 'List-Unsubscribe=One-Click');
    expect(again.status).toBe(200);
    expect(count()).toBe(before);
  });
});

describe('the confirmation page', () => {
  it('GET shows a one-button form in the reader language and changes nothing', async () => {
    const token = signUnsubscribeToken('page@example.org', UNSUBSCRIBE_SECRET);
    const before = count();
    const en = await fetch(`${suite.serve.url}/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(en.status).toBe(200);
    const html = await en.text();
    expect(html).toContain('lang="en"');
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('method="post"');
    expect(html).toContain('page@example.org');
    expect(en.headers.get('referrer-policy')).toBe('no-referrer');
    expect(count()).toBe(before);

    const fr = await (await fetch(`${suite.serve.url}/unsubscribe?token=${encodeURIComponent(token)}`, { headers: { 'accept-language': 'fr-CA,fr;q=0.9' } })).text();
    expect(fr).toContain('lang="fr"');
    expect(fr).toContain('Se désabonner');
    const ar = await (await fetch(`${suite.serve.url}/unsubscribe?token=${encodeURIComponent(token)}&lang=ar`)).text();
    expect(ar).toContain('dir="rtl"');
    expect(ar).toContain('إلغاء الاشتراك');
  });

  it("the page's button posts the one-click body back and records the page as the source", async () => {
    const token = signUnsubscribeToken('button@example.org', UNSUBSCRIBE_SECRET);
    const html = await (await fetch(`${suite.serve.url}/unsubscribe?token=${encodeURIComponent(token)}&lang=fr`)).text();
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map((m) => [m[1]!, m[2]!]);
    const response = await post(action, new URLSearchParams(fields).toString());
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('ne recevra plus');
    expect(findSuppression(suite.serve.db, 'button@example.org')).toMatchObject({ reason: 'unsubscribed', source: 'unsubscribe-page' });
  });
});

describe('hostile tokens and bodies', () => {
  const good = signUnsubscribeToken('victim@example.org', UNSUBSCRIBE_SECRET);
  const [payload, mac] = good.split('.') as [string, string];
  const otherAddress = Buffer.from('attacker@example.org').toString('base64url');
  const hostile: Record<string, string> = {
    missing: '',
    empty: '?token=',
    truncated: `?token=${good.slice(0, -3)}`,
    'address only': `?token=${payload}`,
    'tampered address': `?token=${otherAddress}.${mac}`,
    'flipped signature': `?token=${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
    'signed with another secret': `?token=${encodeURIComponent(signUnsubscribeToken('victim@example.org', 'another-secret'))}`,
    'extra part': `?token=${good}.x`,
    'markup in the token': `?token=${encodeURIComponent('<script>alert(1)</script>.x')}`,
    'huge token': `?token=${'A'.repeat(5000)}.${mac}`,
    'non-canonical base64': `?token=${payload}=.${mac}`,
  };

  it.each(Object.entries(hostile))('%s: 400 on GET and POST, nothing recorded', async (_name, query) => {
    const before = count();
    const get = await fetch(`${suite.serve.url}/unsubscribe${query}`);
    expect(get.status).toBe(400);
    expect(await get.text()).not.toContain('<script>alert');
    const response = await post(query, 'List-Unsubscribe=One-Click');
    expect(response.status).toBe(400);
    expect(count()).toBe(before);
    expect(findSuppression(suite.serve.db, 'victim@example.org')).toBeNull();
  });

  it('a valid token without the one-click body is refused (RFC 8058 requires it)', async () => {
    for (const body of ['', 'List-Unsubscribe=Yes', 'list-unsubscribe=one-click', '\u0000\u0001garbage']) {
      expect((await post(`?token=${encodeURIComponent(good)}`, body)).status).toBe(400);
    }
    expect(findSuppression(suite.serve.db, 'victim@example.org')).toBeNull();
  });

  it('an oversized body gets 413 and changes nothing', async () => {
    const response = await post(`?token=${encodeURIComponent(good)}`, `List-Unsubscribe=One-Click&pad=${'x'.repeat(100_000)}`);
    expect(response.status).toBe(413);
    expect(findSuppression(suite.serve.db, 'victim@example.org')).toBeNull();
  });

  it('other paths and methods: 404 and 405; healthz answers without secrets', async () => {
    expect((await fetch(`${suite.serve.url}/unsubscribe/../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${suite.serve.url}/unsubscribe?token=${good}`, { method: 'DELETE' })).status).toBe(405);
    const health = await fetch(`${suite.serve.url}/healthz`);
    expect(health.status).toBe(200);
    const text = await health.text();
    expect(JSON.parse(text)).toEqual({ ok: true, unsubscribe: true, webhooks: true });
    expect(text).not.toContain(UNSUBSCRIBE_SECRET);
    expect(suite.serve.logs.join('\n')).not.toContain(UNSUBSCRIBE_SECRET);
    expect(suite.serve.logs.join('\n')).not.toContain(good);
  });
});

describe('language tags that name Object.prototype properties', () => {
  // Locale tables are plain objects: `constructor`, `__proto__`… must not be taken for a language.
  const tags = ['constructor', 'constructor-CA', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
  const channels = {
    '?lang=': (tag: string) => ({ query: `&lang=${encodeURIComponent(tag)}`, headers: {} as Record<string, string> }),
    'Accept-Language': (tag: string) => ({ query: '', headers: { 'accept-language': `${tag},en;q=0.1` } as Record<string, string> }),
  };

  for (const [channel, make] of Object.entries(channels)) {
    it.each(tags)(`${channel} %s: GET and POST answer 200 in English, and the POST is recorded`, async (tag) => {
      const address = `${channel === '?lang=' ? 'q' : 'h'}-${tag.replace(/[^a-z]/gi, '')}@example.org`.toLowerCase();
      const token = encodeURIComponent(signUnsubscribeToken(address, UNSUBSCRIBE_SECRET));
      const { query, headers } = make(tag);
      const get = await fetch(`${suite.serve.url}/unsubscribe?token=${token}${query}`, { headers });
      expect(get.status).toBe(200);
      expect(await get.text()).toContain('lang="en"');
      const response = await post(`?token=${token}${query}`, 'List-Unsubscribe=One-Click', { ...ONE_CLICK, ...headers });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('will not receive');
      expect(findSuppression(suite.serve.db, address)).toMatchObject({ reason: 'unsubscribed' });
      const invalid = await fetch(`${suite.serve.url}/unsubscribe?token=x${query}`, { headers });
      expect(invalid.status).toBe(400);
    });
  }

  it.each(tags)('the service default language %s (serve --lang) falls back to English', async (tag) => {
    const other = await startServe({ db: suite.serve.db, unsubscribeSecret: UNSUBSCRIBE_SECRET, listName: 'CMPAC Newsletter', language: tag });
    try {
      const address = `lang-${tag.replace(/[^a-z]/gi, '')}@example.org`.toLowerCase();
      const token = encodeURIComponent(signUnsubscribeToken(address, UNSUBSCRIBE_SECRET));
      const get = await fetch(`${other.url}/unsubscribe?token=${token}`);
      expect(get.status).toBe(200);
      expect(await get.text()).toContain('lang="en"');
      const response = await fetch(`${other.url}/unsubscribe?token=${token}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: ONE_CLICK });
      expect(response.status).toBe(200);
      expect(findSuppression(suite.serve.db, address)).toMatchObject({ reason: 'unsubscribed' });
    } finally {
      await other.close();
    }
  });
});
