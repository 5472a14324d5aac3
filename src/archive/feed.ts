/** The archive's Atom feed: one entry per issue, newest first. */
import { Feed } from 'feed';
import { copyrightYear } from '../content/brand.ts';
import type { Archive } from './archive.ts';
import { INDEX_PATH, siteUrl } from './address.ts';

/** Site path of the feed. */
export const FEED_PATH = '/feed.xml';

/** Issue dates are calendar days; publish them at midnight UTC so every reader sorts them the same way. */
const dayOf = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

/** The Atom 1.0 document for the archive. */
export function archiveFeed(archive: Archive): string {
  const { brand, baseUrl, entries } = archive;
  const newest = entries[0]!.issue;
  const feed = new Feed({
    id: siteUrl(baseUrl, INDEX_PATH),
    link: siteUrl(baseUrl, INDEX_PATH),
    title: brand.newsletterName,
    description: brand.name,
    language: newest.locale,
    updated: dayOf(newest.date),
    generator: false,
    feedLinks: { atom: siteUrl(baseUrl, FEED_PATH) },
    image: brand.logo.src,
    copyright: `© ${copyrightYear(newest.date)} ${brand.shortName}`,
    author: { name: brand.name, link: brand.website },
  });
  for (const { issue, url } of entries) {
    feed.addItem({ title: issue.subject, id: url, link: url, date: dayOf(issue.date), published: dayOf(issue.date), description: issue.preheader });
  }
  return feed.atom1();
}
