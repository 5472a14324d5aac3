/**
 * The archive built from the real content/ folder, checked the way the web will
 * see it: the Nu HTML Checker over every page (one JVM start), the Atom feed and
 * sitemap parsed, every internal link crawled from the index, the reference
 * issue's content on its page, and the index and one issue in Chromium.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchive, fileOfPath, issuePath, issueWebUrl, siteUrl, type BuildResult } from '../../src/archive/index.ts';
import { collectContent, slugOf, yamlFiles } from '../../src/content/collect.ts';
import { loadIssue } from '../../src/content/load.ts';
import { chromiumLaunchOptions, CHROMIUM_PATH } from '../support/chromium.ts';
import { inspectEmail, MIN_CONTRAST } from '../support/inspect-email.ts';
import { loadHtml, normalise, visibleText, type LoadedHtml } from '../support/html.ts';
import { SAMPLE_ISSUE } from '../support/content.ts';
import { PLATFORM_ONLY, referenceLines } from '../support/reference-text.ts';

const VNU_JAR = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar')), 'build/dist/vnu.jar');
/** Stands in for every remote image (no network here): large, so an unconstrained image would overflow. */
const PLACEHOLDER_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675"><rect width="100%" height="100%" fill="gray"/></svg>';

/** Invalid on purpose: no title, an image without alt. */
const CANARY_PAGE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body><img src="x.png"></body></html>';

const content = collectContent('content');
const issueFiles = yamlFiles('content/issues');
const sample = loadIssue(SAMPLE_ISSUE);

type VnuMessage = Readonly<{ type: string; subType?: string; url: string; message: string; extract?: string }>;

/** One run of the Nu HTML Checker over many files (a JVM start costs seconds, so never one per page). */
function runVnu(files: readonly string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    // vnu exits 1 when it finds errors; the JSON report on stdout is what counts.
    execFile('java', ['-jar', VNU_JAR, '--format', 'json', '--stdout', ...files], { maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        resolve((JSON.parse(stdout) as { messages: VnuMessage[] }).messages);
      } catch {
        reject(new Error(`vnu did not report: ${error?.message ?? ''} ${stderr}`));
      }
    });
  });
}

function htmlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => path.join(dir, file))
    .sort();
}

/** A second site from the fixtures (Arabic, French, many cards with images), to validate edge cases too. */
function buildFixtureSite(root: string): BuildResult {
  const dir = path.join(root, 'fixture-content');
  mkdirSync(path.join(dir, 'issues'), { recursive: true });
  writeFileSync(path.join(dir, 'brand.yaml'), readFileSync('content/brand.yaml'));
  for (const file of yamlFiles('content/fixtures')) writeFileSync(path.join(dir, 'issues', path.basename(file)), readFileSync(file));
  return buildArchive({ contentDir: dir, outDir: path.join(root, 'fixture-site') });
}

let site: BuildResult;
let fixtureSite: BuildResult;
let vnu: Promise<VnuMessage[]>;

const read = (file: string) => readFileSync(path.join(site.outDir, file), 'utf8');
const pageOf = (issue: { date: string }, slug: string) => loadHtml(read(fileOfPath(issuePath(issue, slug))));
const sampleFile = () => fileOfPath(issuePath(sample, sample.slug));

beforeAll(() => {
  const root = mkdtempSync(path.join(tmpdir(), 'dispatch-archive-'));
  site = buildArchive({ contentDir: 'content', outDir: path.join(root, 'site') });
  fixtureSite = buildFixtureSite(root);
  // Started now, awaited by its test: the JVM works while the other checks run.
  // A page known to be invalid rides along, to prove the checker ran and reports errors.
  writeFileSync(path.join(root, 'canary.html'), CANARY_PAGE);
  vnu = runVnu([...htmlFilesUnder(site.outDir), ...htmlFilesUnder(fixtureSite.outDir), path.join(root, 'canary.html')]);
  vnu.catch(() => undefined);
});

describe('the built site', () => {
  it('has the index, one page per issue file at its address, the feed and the sitemap', () => {
    const expected = issueFiles.map((file) => {
      const issue = content.issues[slugOf(file)]!;
      return fileOfPath(issuePath(issue, slugOf(file)));
    });
    expect(htmlFilesUnder(site.outDir).map((f) => path.relative(site.outDir, f))).toEqual(['index.html', ...expected].sort());
    for (const file of ['feed.xml', 'sitemap.xml']) expect(existsSync(path.join(site.outDir, file))).toBe(true);
    expect(site.baseUrl).toBe(`${content.brand.archiveUrl!.replace(/\/$/, '')}/`);
  });

  it('passes the Nu HTML Checker with no errors and no warnings, fixtures included', async () => {
    const messages = await vnu;
    const problems = messages.filter((m) => m.type === 'error' || m.subType === 'warning' || m.type === 'non-document-error');
    const [canary, pages] = [problems.filter((m) => m.url.endsWith('/canary.html')), problems.filter((m) => !m.url.endsWith('/canary.html'))];
    expect(canary.length, 'errors found in the deliberately invalid page').toBeGreaterThanOrEqual(2);
    expect(pages.map((m) => `${m.url.split(/\/(?:fixture-)?site\//).pop()}: ${m.message} | ${m.extract ?? ''}`)).toEqual([]);
    expect(new Set(messages.map((m) => m.url)).size, 'files vnu looked at').toBeGreaterThan(1);
  });

  it('never shows a merge field, in any file', () => {
    for (const dir of [site.outDir, fixtureSite.outDir]) {
      for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        if (!/\.(html|xml)$/.test(file)) continue;
        const text = readFileSync(path.join(dir, file), 'utf8');
        expect(text, file).not.toMatch(/\{\{|%7B%7B/i);
      }
    }
    expect(visibleText(read(sampleFile()))).toContain('Salaam friend,');
  });
});

describe('the feed and the sitemap', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  const asList = <T,>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  /** Atom text constructs carry `type="text"`, so the parser gives `{ '#text', type }`. */
  type Text = string | { '#text': string };
  const textOf = (value: Text) => (typeof value === 'string' ? value : value['#text']);
  const newestFirst = () => [...issueFiles].map((file) => ({ slug: slugOf(file), issue: content.issues[slugOf(file)]! })).sort((a, b) => b.issue.date.localeCompare(a.issue.date));

  it('is well-formed Atom listing every issue, newest first, with its page URL', () => {
    const xml = read('feed.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parser.parse(xml).feed;
    expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
    const entries = asList<{ title: Text; id: string; link: { href: string }; summary: Text }>(feed.entry).map((e) => ({ ...e, title: textOf(e.title), summary: textOf(e.summary) }));
    const expected = newestFirst();
    expect(entries.map((e) => e.link.href)).toEqual(expected.map(({ issue, slug }) => issueWebUrl(content.brand, issue, slug)));
    expect(entries.map((e) => e.title)).toEqual(expected.map(({ issue }) => issue.subject));
    expect(entries.map((e) => e.summary)).toEqual(expected.map(({ issue }) => issue.preheader));
    for (const entry of entries) expect(entry.id).toBe(entry.link.href);
    expect(asList<{ rel: string; href: string }>(feed.link).find((l) => l.rel === 'self')?.href).toBe(siteUrl(site.baseUrl, '/feed.xml'));
  });

  it('lists the index and every issue page in sitemap.xml, each one a built file', () => {
    const xml = read('sitemap.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = asList<{ loc: string; lastmod: string }>(parser.parse(xml).urlset.url);
    expect(urls.map((u) => u.loc)).toEqual([site.baseUrl, ...newestFirst().map(({ issue, slug }) => issueWebUrl(content.brand, issue, slug))]);
    for (const { loc, lastmod } of urls) {
      expect(existsSync(path.join(site.outDir, fileOfPath(`/${loc.slice(site.baseUrl.length)}`)))).toBe(true);
      expect(lastmod).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

/** Every link, stylesheet and image address of a page. */
function addressesOf($: LoadedHtml): string[] {
  return [...$('a[href]').map((_, el) => $(el).attr('href')!), ...$('link[href]').map((_, el) => $(el).attr('href')!), ...$('img[src]').map((_, el) => $(el).attr('src')!)];
}

/**
 * The archive's own addresses under the base URL: the index, issue pages, the feed and the sitemap.
 * Other pages under it (the sample brand's /newsletter/subscribe) belong to the organisation's site.
 */
const ARCHIVE_ADDRESS = /^(|\d{4}\/\d{2}\/[^/]+\/|feed\.xml|sitemap\.xml)(#.*)?$/;

/** The built file an address points to, when it is this site's own (relative, or an archive address under the base URL). */
function localTarget(address: string, fromFile: string): { file: string; fragment: string } | undefined {
  const underBase = address.startsWith(site.baseUrl) ? address.slice(site.baseUrl.length) : undefined;
  if (underBase !== undefined && !ARCHIVE_ADDRESS.test(underBase)) return undefined;
  const absolute = new URL(underBase ?? address, underBase !== undefined ? pathToFileURL(`${site.outDir}/`) : pathToFileURL(fromFile));
  if (absolute.protocol !== 'file:') return undefined;
  const file = decodeURIComponent(absolute.pathname);
  return { file: file.endsWith('/') ? `${file}index.html` : file, fragment: absolute.hash.slice(1) };
}

/** Follows every internal address from a page: which HTML files it reaches, and which addresses lead nowhere. */
function crawl(start: string): { visited: string[]; broken: string[] } {
  const queue = [start];
  const visited = new Set<string>();
  const broken: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (visited.has(file)) continue;
    visited.add(file);
    for (const address of addressesOf(loadHtml(readFileSync(file, 'utf8')))) {
      const target = localTarget(address, file);
      if (!target) continue;
      const where = `${path.relative(site.outDir, file)} → ${address}`;
      if (!existsSync(target.file)) broken.push(where);
      else if (target.file.endsWith('.html')) {
        if (target.fragment && loadHtml(readFileSync(target.file, 'utf8'))(`[id="${target.fragment}"]`).length === 0) broken.push(where);
        queue.push(target.file);
      }
    }
  }
  return { visited: [...visited].sort(), broken };
}

describe('links', () => {
  it('lead from the index to every page, and no internal link is broken', () => {
    const { visited, broken } = crawl(path.join(site.outDir, 'index.html'));
    expect(broken).toEqual([]);
    expect(visited).toEqual(htmlFilesUnder(site.outDir));
  });

  it('are checked for real: a missing page, a missing anchor and a wrong archive address are all reported', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-crawl-'));
    writeFileSync(
      path.join(dir, 'index.html'),
      `<a href="gone/">gone</a><a href="#nowhere">anchor</a><a href="${site.baseUrl}2099/01/typo/">typo</a><a href="${site.baseUrl}subscribe">not ours</a>`,
    );
    expect(crawl(path.join(dir, 'index.html')).broken.map((b) => b.split(' → ')[1])).toEqual(['gone/', '#nowhere', `${site.baseUrl}2099/01/typo/`]);
  });

  it('send every other link to https pages or a mail address', () => {
    for (const file of htmlFilesUnder(site.outDir)) {
      for (const address of addressesOf(loadHtml(readFileSync(file, 'utf8')))) {
        if (!localTarget(address, file)) expect(address, file).toMatch(/^(https:\/\/|mailto:)/);
      }
    }
  });
});

describe('the page of the reference issue (2024-09-23)', () => {
  const page = () => pageOf(sample, sample.slug);

  it('carries every line of the reference web page', () => {
    const text = visibleText(read(sampleFile())).toLowerCase();
    const lines = referenceLines({ leaveOut: PLATFORM_ONLY });
    expect(lines.length).toBeGreaterThan(45);
    const special: Record<string, (line: string) => boolean> = {
      // The breadcrumb's separators are drawn by the stylesheet; its items are checked below.
      breadcrumb: (line) => line.startsWith('CMPAC Newsletter > Posts > '),
      // The copyright year is the issue's; the reference page was captured a year later.
      copyright: (line) => /^© \d{4} CMPAC\.$/.test(line) && /© \d{4} cmpac\./.test(text),
      viewMore: (line) => line === 'View more >' && text.includes('view more ›'),
    };
    const missing = lines.filter((line) => !Object.values(special).some((matches) => matches(line)) && !text.includes(line.toLowerCase()));
    expect(missing).toEqual([]);
  });

  it('has the navigation, the breadcrumb "CMPAC Newsletter › Posts › <subject>", the title and the date', () => {
    const $ = page();
    const nav = $('header .site-nav a').map((_, a) => normalise($(a).text())).get();
    expect(nav).toEqual(['Home', 'Posts', 'Subscribe']);
    expect($('header .site-nav a').last().attr('href')).toBe(content.brand.subscribeUrl);
    const crumbs = $('nav.breadcrumb li').map((_, li) => normalise($(li).text())).get();
    expect(crumbs).toEqual([content.brand.newsletterName, 'Posts', sample.subject]);
    expect($('nav.breadcrumb li[aria-current="page"]').text()).toBe(sample.subject);
    expect($('h1')).toHaveLength(1);
    expect(normalise($('h1').text())).toBe(sample.subject);
    expect($('article header time').attr('datetime')).toBe(sample.date);
    expect(normalise($('article header time').text())).toBe('September 23, 2024');
    expect(normalise($('article header .standfirst').text())).toBe(sample.title);
  });

  it('links "Keep reading" to the neighbouring issue in the archive, then the issue’s own posts', () => {
    const $ = page();
    const links = $('.keep-reading li a').map((_, a) => ({ label: normalise($(a).text()), href: $(a).attr('href')! })).get();
    const newer = content.issues['2024-10-02-email-your-mp-arms-embargo']!;
    expect(links[0]).toEqual({ label: newer.subject, href: '../../10/email-your-mp-arms-embargo/' });
    expect(links.slice(1).map((l) => l.label)).toEqual(sample.template === 'digest' ? sample.keepReading!.posts.map((p) => p.title) : []);
  });

  it('has no email-only parts: no layout tables, Outlook comments, hidden preheader, unsubscribe or "View in browser"', () => {
    const html = read(sampleFile());
    expect(html).not.toMatch(/<table|\[if mso|display:\s*none|max-height:\s*0/i);
    const text = visibleText(html);
    for (const emailOnly of ['Unsubscribe', 'View in browser', 'You are receiving this email', sample.preheader]) expect(text).not.toContain(emailOnly);
  });

  it('is a web document in the issue’s language, with Open Graph and Twitter card metadata', () => {
    const $ = page();
    expect(read(sampleFile()).startsWith('<!DOCTYPE html>')).toBe(true);
    expect($('html').attr('lang')).toBe('en-CA');
    expect($('html').attr('dir')).toBe('ltr');
    expect($('meta[name="viewport"]').attr('content')).toContain('width=device-width');
    const meta = (key: string) => $(`meta[property="${key}"], meta[name="${key}"]`).attr('content');
    const url = issueWebUrl(content.brand, sample, sample.slug);
    expect($('link[rel="canonical"]').attr('href')).toBe(url);
    expect(meta('og:url')).toBe(url);
    expect(meta('og:title')).toBe(sample.subject);
    expect(meta('og:description')).toBe(sample.preheader);
    expect(meta('og:image')).toBe(sample.template === 'digest' ? sample.podcast?.image?.src : undefined);
    expect(meta('og:image:alt')).toBeTruthy();
    expect(meta('twitter:card')).toBe('summary_large_image');
    expect(meta('twitter:image')).toBe(meta('og:image'));
  });

  it('is the page the email’s "View in browser" link points to', () => {
    expect(sample.webUrl).toBe(issueWebUrl(content.brand, sample, sample.slug));
    expect(existsSync(path.join(site.outDir, fileOfPath(`/${sample.webUrl!.slice(site.baseUrl.length)}`)))).toBe(true);
  });
});

describe('the index and the other pages', () => {
  it('lists every issue newest first with its title, date and preheader', () => {
    const $ = loadHtml(read('index.html'));
    const items = $('.issue-list li')
      .map((_, li) => ({ title: normalise($(li).find('h3').text()), date: $(li).find('time').attr('datetime'), preheader: normalise($(li).find('p').text()) }))
      .get();
    const expected = Object.values(content.issues)
      .sort((a, b) => b.date.localeCompare(a.date))
      .map((issue) => ({ title: issue.subject, date: issue.date, preheader: issue.preheader }));
    expect(items).toEqual(expected);
  });

  it('gives every page a title, a description and a preview image (the logo when there is no podcast image)', () => {
    for (const file of htmlFilesUnder(site.outDir)) {
      const $ = loadHtml(readFileSync(file, 'utf8'));
      for (const key of ['og:title', 'og:description', 'og:image', 'og:url']) expect($(`meta[property="${key}"]`).attr('content'), `${file} ${key}`).toBeTruthy();
      expect($('meta[name="twitter:card"]').attr('content')).toMatch(/^summary(_large_image)?$/);
    }
    const alert = content.issues['2024-10-02-email-your-mp-arms-embargo']!;
    expect(pageOf(alert, '2024-10-02-email-your-mp-arms-embargo')('meta[property="og:image"]').attr('content')).toBe(content.brand.logo.src);
  });

  it('shows text that looks like markup as text', () => {
    const edge = content.fixtures['digest-many-cards']!;
    const html = readFileSync(path.join(fixtureSite.outDir, fileOfPath(issuePath(edge, 'digest-many-cards'))), 'utf8');
    expect(loadHtml(html)('script, body img[onerror]')).toHaveLength(0);
    expect(html).toContain('Card one &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(visibleText(html)).toContain('Text with <img src=x onerror=alert(1)> and </table> must show as text, & ampersands too.');
  });

  it('writes right-to-left issues with lang and dir from their locale', () => {
    const arabic = content.fixtures['digest-ar']!;
    const $ = loadHtml(readFileSync(path.join(fixtureSite.outDir, fileOfPath(issuePath(arabic, 'digest-ar'))), 'utf8'));
    expect($('html').attr('lang')).toBe('ar');
    expect($('html').attr('dir')).toBe('rtl');
    expect(normalise($('nav.breadcrumb li').eq(1).text())).toBe('المنشورات');
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: run bash scripts/ensure-tools.sh chromium`);
    browser = await chromium.launch(chromiumLaunchOptions);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const pages = () => [
    { name: 'index', file: path.join(site.outDir, 'index.html') },
    { name: 'reference issue', file: path.join(site.outDir, sampleFile()) },
    // Card images, thumbnails and unbreakable words: the widest content the fixtures have.
    { name: 'many-cards fixture', file: path.join(fixtureSite.outDir, fileOfPath(issuePath(content.fixtures['digest-many-cards']!, 'digest-many-cards'))) },
  ];

  it.each([375, 1280])('fits %i px without horizontal scrolling, with alt text on every image and readable contrast, light and dark', async (width) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      try {
        const page = await context.newPage();
        await page.route(/^https?:/, (route) =>
          route.request().resourceType() === 'image' ? route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_IMAGE }) : route.abort('blockedbyclient'),
        );
        for (const { name, file } of pages()) {
          await page.goto(pathToFileURL(file).toString(), { waitUntil: 'load' });
          const result = await page.evaluate(inspectEmail, MIN_CONTRAST);
          const label = `${name} at ${width} px, ${colorScheme}`;
          expect.soft(result.scrollWidth, `${label}: document width`).toBeLessThanOrEqual(result.viewportWidth);
          expect.soft(result.overflowing, `${label}: elements past the edge`).toEqual([]);
          expect.soft(result.imagesWithoutAlt, `${label}: images without alt`).toEqual([]);
          expect.soft(await page.locator('img').count(), `${label}: images`).toBeGreaterThan(0);
          expect.soft(result.lowContrast, `${label}: text under ${MIN_CONTRAST}:1`).toEqual([]);
        }
      } finally {
        await context.close();
      }
    }
  });
});
