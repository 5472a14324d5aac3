/** The archive as data: the brand and every issue with its address, newest first. */
import path from 'node:path';
import { yamlFiles } from '../content/collect.ts';
import { issueContent, type LoadedIssue } from '../content/issue.ts';
import { loadIssue } from '../content/load.ts';
import type { Brand, Issue } from '../content/content-schema.ts';
import { DispatchError } from '../errors/errors.ts';
import { archiveBaseUrl, issuePath, siteUrl } from '../content/issue-url.ts';

export type ArchiveEntry = Readonly<{
  /** The issue's content, merge fields in place: pages fill them after rendering, the feed as text. */
  issue: Issue;
  slug: string;
  /** Site path, `/<yyyy>/<mm>/<slug>/`. */
  path: string;
  /** Absolute URL under the base URL. */
  url: string;
}>;

export type Archive = Readonly<{
  brand: Brand;
  /** Ends with a slash. */
  baseUrl: string;
  /** Newest first. */
  entries: readonly ArchiveEntry[];
}>;

/** Newest first; issues of the same day by slug, so the order never depends on the file system. */
const newestFirst = (a: ArchiveEntry, b: ArchiveEntry) => b.issue.date.localeCompare(a.issue.date) || b.slug.localeCompare(a.slug);

function entryOf(loaded: LoadedIssue, baseUrl: string): ArchiveEntry {
  const issue = issueContent(loaded);
  const sitePath = issuePath(issue, loaded.slug);
  return { issue, slug: loaded.slug, path: sitePath, url: siteUrl(baseUrl, sitePath) };
}

/** Two files that would share an address would overwrite each other's page. */
function assertDistinctPaths(entries: readonly ArchiveEntry[]): void {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const other = seen.get(entry.path);
    if (other) throw new DispatchError(`issues ${other} and ${entry.slug} would both be published at ${entry.path}`, { hint: 'rename one of the issue files' });
    seen.set(entry.path, entry.slug);
  }
}

/**
 * Loads every issue file of `<contentDir>/issues/` with the brand (default
 * `<contentDir>/brand.yaml`); every invalid file is reported at once. The base
 * URL defaults to the brand's `archiveUrl`.
 */
export function loadArchive(contentDir: string, baseUrl?: string, brandPath = path.join(contentDir, 'brand.yaml')): Archive {
  const files = yamlFiles(path.join(contentDir, 'issues'));
  if (files.length === 0) throw new DispatchError(`${path.join(contentDir, 'issues')}: no issue files`, { hint: 'add an issue YAML file, or pass the right content folder' });
  const loaded: LoadedIssue[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      loaded.push(loadIssue(file, { brandPath }));
    } catch (error) {
      if (!(error instanceof DispatchError)) throw error;
      problems.push(...(error.problems.length > 0 ? error.problems : [error.message]));
    }
  }
  if (problems.length > 0) throw new DispatchError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the issue files; fix them and run again`, { problems: [...new Set(problems)] });
  const brand = loaded[0]!.brand;
  const base = archiveBaseUrl(brand, baseUrl);
  const entries = loaded.map((issue) => entryOf(issue, base)).sort(newestFirst);
  assertDistinctPaths(entries);
  return { brand, baseUrl: base, entries };
}

/** The issues published just after and just before an entry, for "Keep reading". */
export function neighbours(archive: Archive, entry: ArchiveEntry): ArchiveEntry[] {
  const index = archive.entries.indexOf(entry);
  return [archive.entries[index - 1], archive.entries[index + 1]].filter((e): e is ArchiveEntry => e !== undefined);
}
