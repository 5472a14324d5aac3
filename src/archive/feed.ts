/**
 * The archive's Atom feed: one entry per issue, newest first. Written here
 * rather than with the `feed` package, which sends every title and summary as
 * `type="html"` CDATA: a subject is plain text, and feed readers would run it
 * as markup ("Vote <No>" loses a word, `<img onerror>` becomes an image).
 */
import { copyrightYear } from '../content/brand.ts';
import { escapeHtml } from '../content/merge-fields.ts';
import type { Archive } from './archive.ts';
import { withFallbacks } from './fallbacks.ts';
import { siteUrl } from '../content/issue-url.ts';
import { INDEX_PATH } from './site-paths.ts';

/** Site path of the feed. */
export const FEED_PATH = '/feed.xml';

/** Issue dates are calendar days; publish them at midnight UTC so every reader sorts them the same way. */
const dayOf = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`).toISOString();

/** An element holding escaped text; `&<>"'` escaped is well-formed XML too. */
const element = (name: string, value: string, attributes = '') => `<${name}${attributes}>${escapeHtml(value)}</${name}>`;
/** An Atom text construct, declared plain text so readers show it as written. */
const text = (name: string, value: string) => element(name, value, ' type="text"');
const link = (href: string, rel?: string) => `<link${rel ? ` rel="${rel}"` : ''} href="${escapeHtml(href)}"/>`;

/** The Atom 1.0 document for the archive. */
export function archiveFeed(archive: Archive): string {
  // A feed has no reader to personalise for: every merge field shows its fallback.
  const { brand, baseUrl, entries } = withFallbacks(archive);
  const newest = entries[0]!.issue;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(newest.locale)}">`,
    `  ${element('id', siteUrl(baseUrl, INDEX_PATH))}`,
    `  ${text('title', brand.newsletterName)}`,
    `  ${element('updated', dayOf(newest.date))}`,
    `  <author>${element('name', brand.name)}${element('uri', brand.website)}</author>`,
    `  ${link(siteUrl(baseUrl, INDEX_PATH), 'alternate')}`,
    `  ${link(siteUrl(baseUrl, FEED_PATH), 'self')}`,
    `  ${text('subtitle', brand.name)}`,
    `  ${element('logo', brand.logo.src)}`,
    `  ${text('rights', `© ${copyrightYear(newest.date)} ${brand.shortName}`)}`,
  ];
  for (const { issue, url } of entries) {
    lines.push(
      `  <entry xml:lang="${escapeHtml(issue.locale)}">`,
      `    ${text('title', issue.subject)}`,
      `    ${element('id', url)}`,
      `    ${link(url)}`,
      `    ${element('updated', dayOf(issue.date))}`,
      `    ${element('published', dayOf(issue.date))}`,
      `    ${text('summary', issue.preheader)}`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
