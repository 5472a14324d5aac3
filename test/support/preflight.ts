/** Building preflight contexts for tests: the real content, broken fixtures, and messages with one defect. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadIssue } from '../../src/content/load.ts';
import { prepareContext, withMessage } from '../../src/preflight/preflight-context.ts';
import type { OutgoingEmail } from '../../src/personalise/personalise.ts';
import type { LoadedIssue } from '../../src/content/issue.ts';
import type { Finding, PreflightContext } from '../../src/preflight/types.ts';
import { BRAND, SAMPLE_ISSUE } from './content.ts';

/** Every real issue and content fixture: each must pass its own checks. */
export const CONTENT_FILES: readonly string[] = ['content/issues', 'content/fixtures'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f)),
);

/** A fixed Date header, so messages are the same on every run. */
export const DATE = new Date('2024-09-23T12:00:00Z');

export const load = (file: string): LoadedIssue => loadIssue(file, { brandPath: BRAND });

/** A broken fixture from test/fixtures/preflight. */
export const brokenFixture = (name: string): LoadedIssue => load(path.join('test/fixtures/preflight', `${name}.yaml`));

export const contextOf = (issue: LoadedIssue): Promise<PreflightContext> => prepareContext(issue, { date: DATE });

export const sampleContext = (): Promise<PreflightContext> => contextOf(load(SAMPLE_ISSUE));

/** The same context with the message changed; the .eml is rebuilt unless given. */
export const variant = (ctx: PreflightContext, change: Partial<OutgoingEmail>, eml?: string): Promise<PreflightContext> =>
  withMessage(ctx, { ...ctx.email, ...change }, { date: DATE, ...(eml === undefined ? {} : { eml }) });

/** The sample's HTML with markup added just inside the content column (after its opening <td>). */
export function injectIntoBody(html: string, markup: string): string {
  const at = html.indexOf('<h1');
  if (at < 0) throw new Error('no <h1> to inject before');
  return html.slice(0, at) + markup + html.slice(at);
}

export const ids = (findings: readonly Finding[]): string[] => [...new Set(findings.map((f) => f.id))];
export const errorsOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === 'error');
