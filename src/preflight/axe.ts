/**
 * axe-core in Chromium on the rendered HTML: WCAG 2.1 A/AA and best-practice
 * rules in the light palette, then colour contrast again with the reader's
 * system in dark mode (the email's own prefers-color-scheme styles apply).
 * Serious and critical violations fail. One browser checks every message of a
 * run; the network is cut off so remote images cannot slow it or leak a view.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext, type ToolVersion } from './types.ts';

export type AxeNode = Readonly<{ target: string; html: string; /** Index among the document's elements, in order. */ index: number }>;
export type AxeViolation = Readonly<{ id: string; impact: string | null; help: string; nodes: readonly AxeNode[] }>;
export type AxeReport = Readonly<{ light: readonly AxeViolation[]; dark: readonly AxeViolation[] }>;

/** The page axe checks in: Playwright's default size, set here so the report can say which width was covered. */
export const VIEWPORT = { width: 1280, height: 720 } as const;

/** What one Chromium said about every document, and which axe-core and Chromium said it. */
export type AxeRun = Readonly<{ reports: readonly AxeReport[]; version: ToolVersion }>;

export const FAILING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical']);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const require = createRequire(import.meta.url);
const axeSource = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type AxeOptions = { runOnly: { type: string; values: string[] } };

/** Runs axe in the page and returns violations with each node's element index (to point back at the HTML source). */
function axeInPage(options: AxeOptions): Promise<AxeViolation[]> {
  type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string }[] }[] };
  const w = globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<Result> }; document: { querySelectorAll: (s: string) => ArrayLike<unknown>; querySelector: (s: string) => unknown } };
  return w.axe.run(w.document, { ...options, resultTypes: ['violations'] }).then((result) => {
    const all = Array.from(w.document.querySelectorAll('*'));
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => {
        const target = String(n.target[0] ?? '');
        let index = -1;
        try {
          index = all.indexOf(w.document.querySelector(target));
        } catch {
          // a selector axe built that querySelector cannot read: no source position
        }
        return { target, html: n.html, index };
      }),
    }));
  });
}

/** axe-core's version, from its package (it is an optional peer dependency: undefined when not installed). */
export function axeVersion(): string | undefined {
  try {
    return (require('axe-core/package.json') as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Checks HTML documents in one Chromium; a report per document, in order. */
export async function runAxe(documents: readonly string[]): Promise<AxeRun> {
  // Loaded here, not at the top: playwright-core is ~90 MB of memory a send does not need when the tools are off.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.route('**/*', (route) => route.abort());
    const source = axeSource();
    const reports: AxeReport[] = [];
    for (const html of documents) {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setContent(html, { waitUntil: 'domcontentloaded' });
      await page.addScriptTag({ content: source });
      const light = await page.evaluate(axeInPage, { runOnly: { type: 'tag', values: TAGS } });
      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = await page.evaluate(axeInPage, { runOnly: { type: 'rule', values: ['color-contrast'] } });
      reports.push({ light, dark });
    }
    return { reports, version: { name: 'axe-core', version: axeVersion(), runtime: `Chromium ${browser.version()}` } };
  } finally {
    await browser.close();
  }
}

function axeFindings(ctx: PreflightContext): Finding[] {
  const report = ctx.tools.axe;
  if (!report) return [];
  const findings: Finding[] = [];
  for (const [mode, violations] of [['light', report.light], ['dark', report.dark]] as const) {
    for (const v of violations) {
      if (!FAILING_IMPACTS.has(v.impact ?? '')) continue;
      const first = v.nodes[0];
      const element = first ? ctx.html.elements[first.index] : undefined;
      const where = element && first && first.html.toLowerCase().startsWith(`<${element.name}`) ? ctx.html.where(element) : `html:${first?.target ?? ''}`;
      const id = mode === 'light' ? `accessibility.axe.${v.id}` : `accessibility.axe-dark.${v.id}`;
      findings.push(finding(id, 'error', `${v.help} (axe ${v.impact}${mode === 'dark' ? ', dark mode' : ''}, ${v.nodes.length} element(s), e.g. ${first?.html.slice(0, 80) ?? ''})`, where));
    }
  }
  return findings;
}

export const AXE_CHECKS: readonly NamedCheck[] = [
  {
    id: 'accessibility.axe',
    title: 'axe-core in Chromium (serious and critical violations fail)',
    tool: 'chromium',
    covers: () => ({
      what: `HTML part in Chromium at ${VIEWPORT.width}×${VIEWPORT.height}: WCAG 2.1 A/AA and best-practice rules in the light colour scheme, colour contrast again in the dark one`,
      colourSchemes: ['light', 'dark'],
      widths: [VIEWPORT.width],
    }),
    run: axeFindings,
  },
];

export const axeChecks: Check = allOf(AXE_CHECKS);
