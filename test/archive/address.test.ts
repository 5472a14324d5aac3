/** The address scheme, the webUrl it gives the email, and the archive's loading and writing rules. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_MARKER, archiveBaseUrl, buildArchive, fileOfPath, issuePath, issueWebUrl, loadArchive, pageSlug, relativeHref, writeSite } from '../../src/archive/index.ts';
import { loadIssue } from '../../src/content/load.ts';
import { DispatchError } from '../../src/errors/errors.ts';
import { BRAND, SAMPLE_ISSUE, tempContent } from '../support/content.ts';

const sample = readFileSync(SAMPLE_ISSUE, 'utf8');
const brandYaml = readFileSync(BRAND, 'utf8');

/** The message a call is refused with. */
function refusal(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(DispatchError);
    return (error as DispatchError).message;
  }
  throw new Error('the call was accepted');
}

describe('the address scheme', () => {
  it('puts an issue at /<yyyy>/<mm>/<slug>/, without the file name’s date prefix', () => {
    expect(issuePath({ date: '2024-09-23' }, '2024-09-23-podcast-advocacy-updates')).toBe('/2024/09/podcast-advocacy-updates/');
    expect(issuePath({ date: '2024-10-02' }, 'weekly')).toBe('/2024/10/weekly/');
    expect(pageSlug('2024-09-23')).toBe('2024-09-23');
    expect(issuePath({ date: '2024-10-02' }, 'été à Montréal')).toBe('/2024/10/%C3%A9t%C3%A9%20%C3%A0%20Montr%C3%A9al/');
    expect(fileOfPath('/2024/10/%C3%A9t%C3%A9%20%C3%A0%20Montr%C3%A9al/')).toBe('2024/10/été à Montréal/index.html');
  });

  it('makes absolute URLs under the base URL, with or without its trailing slash', () => {
    const issue = { date: '2024-09-23' };
    const expected = 'https://example.org/newsletter/2024/09/x/';
    expect(issueWebUrl({ archiveUrl: 'https://example.org/newsletter' }, issue, 'x')).toBe(expected);
    expect(issueWebUrl({ archiveUrl: 'https://example.org/newsletter/' }, issue, 'x')).toBe(expected);
    expect(issueWebUrl({}, issue, 'x', 'https://example.org/newsletter')).toBe(expected);
    expect(issueWebUrl({ archiveUrl: 'https://elsewhere.example' }, issue, 'x', 'https://example.org/newsletter')).toBe(expected);
  });

  it('refuses a missing or unusable base URL with a hint', () => {
    expect(refusal(() => archiveBaseUrl({}))).toBe('the archive has no base URL');
    expect(refusal(() => archiveBaseUrl({}, 'example.org'))).toBe('--base-url "example.org" is not a full URL');
    expect(refusal(() => archiveBaseUrl({}, 'user:s3cret@example.org'))).toBe('--base-url must be an https:// (or http://) address (got user:)');
    expect(refusal(() => archiveBaseUrl({}, 's3cret@example.org'))).toBe('--base-url "…@example.org" is not a full URL');
    expect(refusal(() => archiveBaseUrl({}, 'ftp://example.org'))).toBe('--base-url must be an https:// (or http://) address (got ftp:)');
    expect(refusal(() => archiveBaseUrl({}, 'https://example.org/?a=1'))).toMatch(/^--base-url must not have a \?query or #fragment/);
    expect(refusal(() => archiveBaseUrl({}, 'https://example.org/?'))).toMatch(/^--base-url must not have a \?query or #fragment/);
    expect(refusal(() => archiveBaseUrl({}, 'https://user:s3cret@example.org/'))).toMatch(/^--base-url must not hold a user name or password/);
    expect(refusal(() => archiveBaseUrl({ archiveUrl: 'https://user:s3cret@example.org/' }))).toMatch(/^archiveUrl in the brand file must not hold a user name or password/);
    expect(archiveBaseUrl({}, 'http://localhost:8080')).toBe('http://localhost:8080/');
  });

  it('links pages to each other with relative URLs, so the site works under any base path', () => {
    expect(relativeHref('/2024/09/a/', '/')).toBe('../../../');
    expect(relativeHref('/', '/2024/09/a/')).toBe('2024/09/a/');
    expect(relativeHref('/2024/09/a/', '/2024/10/b/')).toBe('../../10/b/');
    expect(relativeHref('/2024/09/a/', '/feed.xml')).toBe('../../../feed.xml');
    expect(relativeHref('/', '/')).toBe('./');
  });
});

describe('webUrl ("View in browser")', () => {
  it('is derived from the scheme when the issue file sets none', () => {
    const issue = loadIssue(SAMPLE_ISSUE);
    expect(issue.webUrl).toBe('https://www.canadianmuslimpac.ca/newsletter/2024/09/podcast-advocacy-updates/');
  });

  it('keeps a webUrl the issue file sets', () => {
    const { issue } = tempContent({ 'x.yaml': `${sample}\nwebUrl: https://example.org/elsewhere\n` });
    expect(loadIssue(issue('x.yaml')).webUrl).toBe('https://example.org/elsewhere');
  });

  it('is absent when the brand has no archiveUrl', () => {
    const { dir, issue } = tempContent({ 'x.yaml': sample });
    writeFileSync(path.join(dir, 'brand.yaml'), brandYaml.replace(/^archiveUrl:.*$/m, ''));
    expect(loadIssue(issue('x.yaml'))).not.toHaveProperty('webUrl');
  });
});

describe('loading the archive', () => {
  it('reports every invalid issue file at once', () => {
    const { dir } = tempContent({ 'a.yaml': sample.replace(/^date: .*$/m, 'date: 2024-13-01'), 'b.yaml': sample.replace(/^locale: .*$/m, 'locale: "@@"') });
    try {
      loadArchive(dir);
      throw new Error('accepted');
    } catch (error) {
      expect((error as DispatchError).message).toBe('2 problems in the issue files; fix them and run again');
      expect((error as DispatchError).problems.join('\n')).toMatch(/a\.yaml:\d+: date[\s\S]*b\.yaml:\d+: locale/);
    }
  });

  it('refuses an issue file over 1 MB from its size, with the others', () => {
    const { dir, issue } = tempContent({ 'a.yaml': sample, 'b.yaml': sample.replace(/^date: .*$/m, 'date: 2024-09-30') });
    truncateSync(issue('b.yaml'), 150_000_000);
    try {
      loadArchive(dir);
      throw new Error('accepted');
    } catch (error) {
      expect((error as DispatchError).problems).toEqual([`${issue('b.yaml')}: the file is 150.0 MB, more than the 1 MB a content file may be; check that it is the file you meant`]);
    }
  });

  it('refuses two files that would share an address', () => {
    const { dir } = tempContent({ '2024-09-23-weekly.yaml': sample, '2024-09-30-weekly.yaml': sample.replace(/^date: .*$/m, 'date: 2024-09-30') });
    expect(refusal(() => loadArchive(dir))).toBe('issues 2024-09-30-weekly and 2024-09-23-weekly would both be published at /2024/09/weekly/');
  });

  it('refuses a content folder without issues', () => {
    const { dir } = tempContent({});
    expect(refusal(() => loadArchive(dir))).toMatch(/no issue files$/);
  });
});

describe('writing the site', () => {
  const site = (files: Record<string, string>) => new Map(Object.entries(files));

  it('replaces a previous build whole, so a renamed issue leaves no stale page', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-write-')), 'site');
    writeSite(out, site({ 'index.html': 'one', '2024/09/old/index.html': 'old' }));
    writeSite(out, site({ 'index.html': 'two', '2024/09/new/index.html': 'new' }));
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('two');
    expect(existsSync(path.join(out, '2024/09/old'))).toBe(false);
    expect(existsSync(path.join(out, ARCHIVE_MARKER))).toBe(true);
    expect(existsSync(`${out}.building-${process.pid}`)).toBe(false);
  });

  it('never replaces a folder it did not build', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'dispatch-write-'));
    writeFileSync(path.join(out, 'notes.txt'), 'keep me');
    expect(refusal(() => writeSite(out, site({ 'index.html': 'x' })))).toMatch(/already exists and was not built by npm run archive$/);
    expect(refusal(() => buildArchive({ outDir: out }))).toMatch(/was not built by npm run archive$/);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('writes into an empty folder', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'dispatch-write-'));
    mkdirSync(path.join(out, 'site'));
    writeSite(path.join(out, 'site'), site({ 'index.html': 'x' }));
    expect(readFileSync(path.join(out, 'site', 'index.html'), 'utf8')).toBe('x');
  });
});
