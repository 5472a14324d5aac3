/**
 * Where things in the rendered message came from: every URL and every piece of
 * text in the issue (and its brand) by content field path, so a finding can say
 * `sections[0].cards[2].link.url` instead of a column in a one-line HTML file.
 */
import { formatPath } from '../content/load.ts';
import { markdownLinks } from '../content/content-schema.ts';
import { UTM_PARAMS } from '../render/utm.ts';
import { collapseSpace } from './html.ts';
import { issueContent, type LoadedIssue } from '../content/issue.ts';

export type ContentIndex = Readonly<{
  /** The field a URL was written in (UTM parameters ignored). */
  pathOfUrl: (url: string) => string | undefined;
  /** The field a text was written in (whitespace collapsed). */
  pathOfText: (text: string) => string | undefined;
}>;

/** A URL without the UTM parameters tagging adds, for matching against what the author wrote. */
export function withoutUtm(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of UTM_PARAMS) parsed.searchParams.delete(name);
    return parsed.toString();
  } catch {
    return url;
  }
}

export function indexContent(issue: LoadedIssue): ContentIndex {
  const urls = new Map<string, string>();
  const texts = new Map<string, string>();
  const remember = (map: Map<string, string>, key: string, path: string) => {
    if (key && !map.has(key)) map.set(key, path);
  };
  const walk = (value: unknown, segments: (string | number)[]) => {
    if (typeof value === 'string') {
      const path = formatPath(segments);
      if (/^(https?|mailto):/i.test(value)) remember(urls, withoutUtm(value), path);
      else remember(texts, collapseSpace(value), path);
      if (value.includes('](') || value.includes('https://')) for (const href of markdownLinks(value)) remember(urls, withoutUtm(href), path);
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...segments, i]));
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...segments, key]);
  };
  // Content fields by their path in the file; the brand's under `brand.`; the loader's own fields are not content.
  walk(issueContent(issue), []);
  walk(issue.brand, ['brand']);
  return {
    pathOfUrl: (url) => urls.get(withoutUtm(url)),
    pathOfText: (text) => texts.get(collapseSpace(text)),
  };
}
