/**
 * The one issue type the pipeline passes around: an issue file's validated
 * content, its brand, and where both came from. `loadIssue` makes it; render,
 * preflight, send, broadcast and the archive take it.
 */
import type { Brand, Issue } from './content-schema.ts';

/** Where a loaded issue came from. An issue built in code has none of these. */
type IssueFile = Readonly<{
  /** File name without extension; names the campaign, the output files and the archive page. */
  slug: string;
  /** The issue file it was read from. */
  sourcePath: string;
  /** The brand file it was read with. */
  brandPath: string;
}>;

export type LoadedIssue = Issue & Readonly<{ brand: Brand }> & IssueFile;

/**
 * What rendering takes: a LoadedIssue, or an issue built in code, which has
 * content and a brand but no file (so no slug, source path or brand path).
 */
export type RenderableIssue = Issue & Readonly<{ brand: Brand }> & Partial<IssueFile>;

/** The issue's content alone, as written in its file: the loader's fields left out. */
export function issueContent(issue: RenderableIssue): Issue {
  const { brand: _brand, slug: _slug, sourcePath: _sourcePath, brandPath: _brandPath, ...content } = issue;
  return content as Issue;
}
