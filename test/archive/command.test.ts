/** `npm run archive` as a user runs it: flags, output line, and one-line errors with exit 2. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../support/run-script.ts';

describe('npm run archive', () => {
  it('builds the site into --out for --base-url and says what it wrote', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-archive-cli-')), 'public');
    const result = runScript('archive', ['--out', out, '--base-url', 'https://news.example.org/archive']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`${out}: 2 issue pages, index.html, feed.xml, sitemap.xml for https://news.example.org/archive/`);
    const page = readFileSync(path.join(out, '2024/09/podcast-advocacy-updates/index.html'), 'utf8');
    expect(page).toContain('<link rel="canonical" href="https://news.example.org/archive/2024/09/podcast-advocacy-updates/"/>');
  });

  it.each([
    [['--base-url', 'https://user:s3cret@example.org/newsletter'], /^error: --base-url must not hold a user name or password: they would be published in every page, the feed and the sitemap \(write it as https:\/\/example\.org\/newsletter\)$/],
    [['--base-url', 'https://token@example.org/newsletter'], /^error: --base-url must not hold a user name or password: /],
    [['--base-url', 'https://example.org/newsletter?key=s3cret'], /^error: --base-url must not have a \?query or #fragment: every page's address is built under it \(write it as https:\/\/example\.org\/newsletter\)$/],
    [['--base-url', 'https://example.org/newsletter#top'], /^error: --base-url must not have a \?query or #fragment: /],
    [['--base-url', 'ftp://example.org'], /^error: --base-url must be an https:\/\/ \(or http:\/\/\) address \(got ftp:\) \(write it as https:\/\/example\.org\/newsletter\)$/],
    [['--base-url', 'javascript:alert(1)//'], /^error: --base-url must be an https:\/\/ \(or http:\/\/\) address \(got javascript:\)/],
    [['--base-url', 'example.org'], /^error: --base-url "example\.org" is not a full URL \(write it as https:\/\/example\.org\/newsletter\)$/],
    [['--colour'], /^error: Unknown option '--colour'.*\(usage: dispatch archive \[--out site\/\] \[--base-url https:\/\/…\] \[--brand FILE\]\)$/],
    [['content/issues'], /^error: unexpected argument "content\/issues" \(usage: dispatch archive/],
  ])('refuses %j with one line and exit 2, writing nothing', (args, message) => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-archive-cli-')), 'public');
    const result = runScript('archive', [...args, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(result.stderr).not.toContain('s3cret');
    expect(existsSync(out)).toBe(false);
  });
});
