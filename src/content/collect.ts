/** Every content file of a content folder, validated: the brand, the issues and the test fixtures. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { withArchiveWebUrl } from './issue-url.ts';
import { loadBrand, loadIssueContent, slugOf } from './load.ts';
import type { Brand, Issue } from './content-schema.ts';

export type ContentSet = Readonly<{
  brand: Brand;
  /** `content/issues/*.yaml` by slug: the real issues (sent and archived). */
  issues: Readonly<Record<string, Issue>>;
  /** `content/fixtures/*.yaml` by slug: edge cases for previews and tests. */
  fixtures: Readonly<Record<string, Issue>>;
}>;

/** The YAML files of a folder, sorted, or none when it does not exist. */
export function yamlFiles(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.filter((name) => /\.ya?ml$/i.test(name)).sort().map((name) => path.join(folder, name));
}

export { slugOf };

function loadFolder(folder: string): Record<string, Issue> {
  return Object.fromEntries(yamlFiles(folder).map((file) => [slugOf(file), loadIssueContent(file)]));
}

/** Loads and validates the brand, `issues/` and `fixtures/` of a content folder. */
export function collectContent(contentDir: string): ContentSet {
  const brand = loadBrand(path.join(contentDir, 'brand.yaml'));
  // Real issues are archived, so their "View in browser" link is their archive page (as loadIssue does).
  const issues = Object.fromEntries(Object.entries(loadFolder(path.join(contentDir, 'issues'))).map(([slug, issue]) => [slug, withArchiveWebUrl(issue, brand, slug)]));
  return { brand, issues, fixtures: loadFolder(path.join(contentDir, 'fixtures')) };
}
