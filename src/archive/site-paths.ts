/**
 * The archive site's own addresses: its index page, links between pages, and
 * the file each page is written to. Where an issue's page lives (its path and
 * URL under the base URL) is the address scheme, in src/content/issue-url.ts.
 */
import path from 'node:path';

/** Site path of the archive's index page. */
export const INDEX_PATH = '/';

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
