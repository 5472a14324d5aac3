/**
 * The archive's address scheme: where each issue's web page lives. The email's
 * "View in browser" link (`webUrl`) and the archive both come from here, so
 * they always agree.
 *
 *   content/issues/2024-09-23-podcast-advocacy-updates.yaml, dated 2024-09-23
 *   → /2024/09/podcast-advocacy-updates/   (under the archive's base URL)
 */
import path from 'node:path';
import type { Brand, Issue } from '../content/schema.ts';
import { DispatchError } from '../errors/errors.ts';

/** Site path of the archive's index page. */
export const INDEX_PATH = '/';

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

/**
 * A checked base URL with exactly one trailing slash, so site paths resolve
 * under it, not beside it. http is allowed for previews on localhost.
 */
export function normaliseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new DispatchError(`base URL "${baseUrl}" is not a full URL`, { hint: 'write it as https://example.org/newsletter' });
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.search || url.hash || !url.hostname) {
    throw new DispatchError(`base URL "${baseUrl}" must be an https:// (or http://) address without ?query or #fragment`, { hint: 'write it as https://example.org/newsletter' });
  }
  return url.toString().replace(/\/*$/, '/');
}

/** The absolute URL of a site path under the archive's base URL. */
export function siteUrl(baseUrl: string, sitePath: string): string {
  return new URL(sitePath.replace(/^\//, ''), normaliseBaseUrl(baseUrl)).toString();
}

/** The archive's base URL: the one given (`--base-url`), else the brand's `archiveUrl`; normalised. */
export function archiveBaseUrl(brand: Pick<Brand, 'archiveUrl'>, override?: string): string {
  const baseUrl = override ?? brand.archiveUrl;
  if (!baseUrl) throw new DispatchError('the archive has no base URL', { hint: 'set archiveUrl in content/brand.yaml or pass --base-url' });
  return normaliseBaseUrl(baseUrl);
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

/** A link from one page to another as a relative URL, so the site works under any base path (and from disk). */
export function relativeHref(fromPath: string, toPath: string): string {
  const relative = path.posix.relative(fromPath, toPath);
  if (relative === '') return './';
  return toPath.endsWith('/') ? `${relative}/` : relative;
}

/** The file a site path is written to: `/2024/09/x/` → `2024/09/x/index.html`. */
export function fileOfPath(sitePath: string): string {
  const decoded = sitePath.split('/').map(decodeURIComponent).join('/').replace(/^\//, '');
  return decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
}
