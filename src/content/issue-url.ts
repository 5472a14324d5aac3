/**
 * The issue's address scheme: where each issue's web page lives. The email's
 * "View in browser" link (`webUrl`) and the archive both come from here, so
 * they always agree.
 *
 *   content/issues/2024-09-23-podcast-advocacy-updates.yaml, dated 2024-09-23
 *   → /2024/09/podcast-advocacy-updates/   (under the archive's base URL)
 */
import type { Brand, Issue } from './content-schema.ts';
import { DispatchError } from '../errors/errors.ts';

/** What an address needs from an issue: its date. */
type Dated = Pick<Issue, 'date'>;

/** The file name's slug without a leading `YYYY-MM-DD-`: the date is already in the path. */
export function pageSlug(slug: string): string {
  return slug.replace(/^\d{4}-\d{2}-\d{2}-(?=.)/, '');
}

/** The issue page's site path, `/<yyyy>/<mm>/<slug>/`, from the issue's date and file slug. */
export function issuePath(issue: Dated, slug: string): string {
  const [year, month] = issue.date.split('-');
  return `/${year}/${month}/${encodeURIComponent(pageSlug(slug))}/`;
}

/** What `archiveBaseUrl` calls a base URL in its messages: the flag, or the brand's field. */
const BASE_URL_FLAG = '--base-url';
const BRAND_ARCHIVE_URL = 'archiveUrl in the brand file';
const BASE_URL_HINT = { hint: 'write it as https://example.org/newsletter' };

/**
 * A checked base URL with exactly one trailing slash, so site paths resolve
 * under it, not beside it. http is allowed for previews on localhost. Every
 * page, the feed and the sitemap carry it, so it may hold nothing private.
 * `name` says where it came from, in messages.
 */
export function normaliseBaseUrl(baseUrl: string, name = 'the base URL'): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Shown without anything before an @, which could be a password.
    throw new DispatchError(`${name} "${baseUrl.replace(/^[^/@]*@/, '…@')}" is not a full URL`, BASE_URL_HINT);
  }
  if (!['https:', 'http:'].includes(url.protocol) || !url.hostname) throw new DispatchError(`${name} must be an https:// (or http://) address (got ${url.protocol})`, BASE_URL_HINT);
  if (url.username || url.password) throw new DispatchError(`${name} must not hold a user name or password: they would be published in every page, the feed and the sitemap`, BASE_URL_HINT);
  if (url.search || url.hash || baseUrl.includes('?') || baseUrl.includes('#')) {
    throw new DispatchError(`${name} must not have a ?query or #fragment: every page's address is built under it`, BASE_URL_HINT);
  }
  return url.toString().replace(/\/*$/, '/');
}

/** The absolute URL of a site path under the archive's base URL. */
export function siteUrl(baseUrl: string, sitePath: string): string {
  return new URL(sitePath.replace(/^\//, ''), normaliseBaseUrl(baseUrl)).toString();
}

/** The archive's base URL: the one given (`--base-url`), else the brand's `archiveUrl`; normalised. */
export function archiveBaseUrl(brand: Pick<Brand, 'archiveUrl'>, override?: string): string {
  if (override !== undefined) return normaliseBaseUrl(override, BASE_URL_FLAG);
  if (!brand.archiveUrl) throw new DispatchError('the archive has no base URL', { hint: 'set archiveUrl in content/brand.yaml or pass --base-url' });
  return normaliseBaseUrl(brand.archiveUrl, BRAND_ARCHIVE_URL);
}

/** The issue page's absolute URL under a base URL (default: the brand's `archiveUrl`). */
export function issueWebUrl(brand: Pick<Brand, 'archiveUrl'>, issue: Dated, slug: string, baseUrl?: string): string {
  return siteUrl(archiveBaseUrl(brand, baseUrl), issuePath(issue, slug));
}

/** The issue with `webUrl` derived from the scheme when the file sets none and the brand has an archive. */
export function withArchiveWebUrl<T extends Issue>(issue: T, brand: Pick<Brand, 'archiveUrl'>, slug: string): T {
  if (issue.webUrl || !brand.archiveUrl) return issue;
  return { ...issue, webUrl: issueWebUrl(brand, issue, slug) };
}
