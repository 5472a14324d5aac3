/**
 * The UTM tagging step `renderTemplate` applies to the issue data, applied to
 * the MJML contender too so both write the same links. Loaded by path at run
 * time: where the project has no tagging step, the issue is used as it is.
 */
import type { RenderableIssue } from '../src/content/issue.ts';

type Tagger = <T extends RenderableIssue>(issue: T) => T;

let tagger: Tagger | undefined;

export async function loadTagger(): Promise<Tagger> {
  if (tagger) return tagger;
  const modulePath = '../src/render/utm.ts';
  try {
    const mod = (await import(modulePath)) as { tagIssueLinks?: Tagger };
    tagger = mod.tagIssueLinks ?? ((issue) => issue);
  } catch {
    tagger = (issue) => issue;
  }
  return tagger;
}
