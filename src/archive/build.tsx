/** The archive command's work: load the issues, render every file in memory, then publish the folder in one step. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createTheme, type Theme } from '../../components/theme/index.ts';
import { fillMergeFields } from '../content/merge-fields.ts';
import { DispatchError } from '../errors/errors.ts';
import { siteUrl } from '../content/issue-url.ts';
import { fileOfPath, INDEX_PATH, relativeHref } from './site-paths.ts';
import { loadArchive, neighbours, type Archive, type ArchiveEntry } from './archive.ts';
import { archiveFeed, FEED_PATH } from './feed.ts';
import { sitemapXml, SITEMAP_PATH } from './sitemap.ts';
import { IndexPage } from './web/index-page.tsx';
import { IssuePage } from './web/issue-page.tsx';
import type { SiteLinks } from './web/layout.tsx';
import { archiveStyles } from './web/styles.ts';

/** Marks a folder as built by this command, so a rebuild may replace it (and nothing else). */
export const ARCHIVE_MARKER = '.dispatch-archive';

/** The site's files: path relative to the site folder → content. */
export type SiteFiles = ReadonlyMap<string, string>;

/**
 * A complete HTML document, merge fields shown as their fallbacks. They are
 * filled after rendering, as in the email: filled before, a fallback would be
 * read as Markdown, and could complete a link the schema never saw.
 */
export function renderDocument(element: ReactElement): string {
  return fillMergeFields(`<!DOCTYPE html>\n${renderToStaticMarkup(element)}\n`, {}, 'html');
}

/** The archive's own pages, as seen from one page. */
const linksFrom = (pagePath: string): SiteLinks => ({ index: relativeHref(pagePath, INDEX_PATH), feed: relativeHref(pagePath, FEED_PATH) });

function issuePageHtml(archive: Archive, entry: ArchiveEntry, styles: string): string {
  const around = neighbours(archive, entry).map((n) => ({ title: n.issue.subject, href: relativeHref(entry.path, n.path), date: n.issue.date, url: n.url }));
  return renderDocument(<IssuePage brand={archive.brand} entry={entry} neighbours={around} links={linksFrom(entry.path)} styles={styles} />);
}

function indexHtml(archive: Archive, styles: string): string {
  const entries = archive.entries.map((entry) => ({ ...entry, href: relativeHref(INDEX_PATH, entry.path) }));
  return renderDocument(<IndexPage brand={archive.brand} entries={entries} url={siteUrl(archive.baseUrl, INDEX_PATH)} links={linksFrom(INDEX_PATH)} styles={styles} />);
}

function sitemap(archive: Archive): string {
  const index = { url: siteUrl(archive.baseUrl, INDEX_PATH), lastmod: archive.entries[0]!.issue.date };
  return sitemapXml([index, ...archive.entries.map((e) => ({ url: e.url, lastmod: e.issue.date }))]);
}

/** Every file of the site: the index, one page per issue, the feed and the sitemap. */
export function renderSite(archive: Archive, theme: Theme = createTheme(archive.brand.colors)): SiteFiles {
  const styles = archiveStyles(theme);
  const files = new Map<string, string>([[fileOfPath(INDEX_PATH), indexHtml(archive, styles)]]);
  for (const entry of archive.entries) files.set(fileOfPath(entry.path), issuePageHtml(archive, entry, styles));
  files.set(fileOfPath(FEED_PATH), archiveFeed(archive));
  files.set(fileOfPath(SITEMAP_PATH), sitemap(archive));
  return files;
}

/** Only an empty folder or a previous build may be replaced: `--out .` must never wipe a project. */
function assertReplaceable(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (existsSync(path.join(outDir, ARCHIVE_MARKER)) || readdirSync(outDir).length === 0) return;
  throw new DispatchError(`${outDir} already exists and was not built by npm run archive`, { hint: 'choose another --out folder, or empty it first' });
}

/**
 * Writes the files beside the output folder, then swaps the folder in, so a
 * failed build leaves the previous site whole and a rebuild leaves no stale pages.
 */
export function writeSite(outDir: string, files: SiteFiles): void {
  assertReplaceable(outDir);
  const staging = `${path.resolve(outDir)}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [file, content] of files) {
      const target = path.join(staging, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    writeFileSync(path.join(staging, ARCHIVE_MARKER), 'Built by `npm run archive`; the next build replaces this folder.\n');
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staging, outDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export type BuildOptions = Readonly<{
  /** Content folder with `brand.yaml` and `issues/`. Default: `content`. */
  contentDir?: string;
  /** Brand file. Default: `<contentDir>/brand.yaml`. */
  brandPath?: string;
  /** Where the site is written. Default: `site`. */
  outDir?: string;
  /** Base URL the site is published at. Default: the brand's `archiveUrl`. */
  baseUrl?: string;
}>;

export type BuildResult = Readonly<{ outDir: string; baseUrl: string; files: readonly string[]; issues: number }>;

/** Builds the archive from a content folder into a site folder. */
export function buildArchive({ contentDir = 'content', brandPath, outDir = 'site', baseUrl }: BuildOptions = {}): BuildResult {
  assertReplaceable(outDir);
  const archive = loadArchive(contentDir, baseUrl, brandPath);
  const files = renderSite(archive);
  writeSite(outDir, files);
  return { outDir, baseUrl: archive.baseUrl, files: [...files.keys()], issues: archive.entries.length };
}
