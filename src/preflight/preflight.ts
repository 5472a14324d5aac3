/**
 * Preflight: every issue checked for inbox fidelity, accessibility and
 * compliance before it can be sent. Render and personalise as the send
 * pipeline does, run the external tools once over every message of the run,
 * then the check families, each a small function of the context.
 */
import { DispatchError } from '../errors/errors.ts';
import { accessibilityChecks } from './accessibility.ts';
import { axeChecks, runAxe } from './axe.ts';
import { clientSupportChecks } from './client-support.ts';
import { complianceChecks } from './compliance.ts';
import { contentChecks } from './content.ts';
import { prepareContext, type ContextOptions } from './context.ts';
import { linkChecks } from './links.ts';
import { markupChecks, runVnu } from './markup.ts';
import { kilobytes, sizeChecks } from './size.ts';
import { runSpamAssassin, spamChecks } from './spam.ts';
import { ensureTool } from './tools.ts';
import type { LoadedIssue } from '../content/issue.ts';
import type { Check, Finding, NotChecked, PreflightContext, Severity, ToolName, ToolResults } from './types.ts';

/** The check families, in the order the report lists them. */
export const CHECKS: Readonly<Record<string, Check>> = {
  size: sizeChecks,
  'client-support': clientSupportChecks,
  accessibility: (ctx) => [...accessibilityChecks(ctx), ...axeChecks(ctx)],
  markup: markupChecks,
  spam: spamChecks,
  links: linkChecks,
  compliance: complianceChecks,
  content: contentChecks,
};

type ExternalTool = Readonly<{
  tool: ToolName;
  check: string;
  run: (contexts: readonly PreflightContext[]) => Promise<readonly ToolResults[]>;
}>;

/** The tools outside Node, each run once over all messages. */
const EXTERNAL: readonly ExternalTool[] = [
  { tool: 'chromium', check: 'accessibility (axe-core in Chromium)', run: async (cs) => (await runAxe(cs.map((c) => c.email.html))).map((axe) => ({ axe })) },
  { tool: 'java', check: 'markup (Nu HTML Checker)', run: async (cs) => (await runVnu(cs.map((c) => c.email.html))).map((vnu) => ({ vnu })) },
  { tool: 'spamassassin', check: 'spam (SpamAssassin)', run: async (cs) => (await runSpamAssassin(cs.map((c) => c.eml))).map((spam) => ({ spam })) },
];

export const ALL_TOOLS: readonly ToolName[] = EXTERNAL.map((e) => e.tool);

export type PreflightOptions = ContextOptions &
  Readonly<{
    /** External tools to run. Default: all (Chromium, Java for vnu, SpamAssassin); the others are reported as not checked. */
    tools?: readonly ToolName[];
    /** Install a missing tool with scripts/ensure-tools.sh (works as root). Default: true. */
    install?: boolean;
  }>;

export type Verdict = Readonly<{
  ok: boolean;
  errors: number;
  warnings: number;
  spamScore?: number;
  /** The one line the command prints. */
  line: string;
}>;

export type PreflightReport = Readonly<{
  slug: string;
  findings: readonly Finding[];
  notChecked: readonly NotChecked[];
  verdict: Verdict;
}>;

/** Runs the external tools over all contexts at once (in parallel); each tool that is missing or fails is not checked. */
export async function runExternalTools(contexts: readonly PreflightContext[], options: PreflightOptions = {}): Promise<{ contexts: PreflightContext[]; notChecked: NotChecked[] }> {
  const wanted = new Set(options.tools ?? ALL_TOOLS);
  const notChecked: NotChecked[] = [];
  const results: ToolResults[][] = await Promise.all(
    EXTERNAL.map(async (external) => {
      if (!wanted.has(external.tool)) {
        notChecked.push({ check: external.check, tool: external.tool, reason: 'skipped' });
        return [];
      }
      const status = ensureTool(external.tool, options.install ?? true);
      if (!status.available) {
        notChecked.push({ check: external.check, tool: external.tool, reason: status.reason });
        return [];
      }
      try {
        return [...(await external.run(contexts))];
      } catch (error) {
        notChecked.push({ check: external.check, tool: external.tool, reason: `${external.tool} failed: ${(error as Error).message.split('\n')[0]}` });
        return [];
      }
    }),
  );
  return {
    contexts: contexts.map((ctx, i) => ({ ...ctx, tools: Object.assign({}, ctx.tools, ...results.map((r) => r[i] ?? {})) as ToolResults })),
    notChecked: notChecked.sort((a, b) => ALL_TOOLS.indexOf(a.tool) - ALL_TOOLS.indexOf(b.tool)),
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Every check family on one context, errors first. */
export function evaluate(ctx: PreflightContext, notChecked: readonly NotChecked[] = []): PreflightReport {
  const findings = Object.values(CHECKS)
    .flatMap((check) => check(ctx))
    .map((f, order) => ({ f, order }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.order - b.order)
    .map(({ f }) => f);
  return { slug: ctx.issue.slug, findings, notChecked, verdict: verdictOf(ctx, findings, notChecked) };
}

function verdictOf(ctx: PreflightContext, findings: readonly Finding[], notChecked: readonly NotChecked[]): Verdict {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const spamScore = ctx.tools.spam?.score;
  const parts = [
    `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
    spamScore === undefined ? 'SpamAssassin not run' : `SpamAssassin ${spamScore.toFixed(1)}/5`,
    `HTML ${kilobytes(Buffer.byteLength(ctx.email.html, 'utf8'))}`,
  ];
  if (notChecked.length > 0) parts.push(`not checked: ${notChecked.map((n) => `${n.check} (${n.reason})`).join('; ')}`);
  const ok = errors === 0;
  return { ok, errors, warnings, ...(spamScore === undefined ? {} : { spamScore }), line: `${ok ? 'PASS' : 'FAIL'} ${ctx.issue.slug}: ${parts.join(' · ')}` };
}

/** Checks several issues with one run of each external tool (what the tests and a batch check use). */
export async function checkIssues(issues: readonly LoadedIssue[], options: PreflightOptions = {}): Promise<PreflightReport[]> {
  const contexts = await Promise.all(issues.map((issue) => prepareContext(issue, options)));
  return evaluateAll(contexts, options);
}

/** Runs the tools once over prepared contexts and evaluates each. */
export async function evaluateAll(contexts: readonly PreflightContext[], options: PreflightOptions = {}): Promise<PreflightReport[]> {
  const { contexts: checked, notChecked } = await runExternalTools(contexts, options);
  return checked.map((ctx) => evaluate(ctx, notChecked));
}

/** Checks one issue: `{ findings, notChecked, verdict }`. */
export async function runPreflight(issue: LoadedIssue, options: PreflightOptions = {}): Promise<PreflightReport> {
  const [report] = await checkIssues([issue], options);
  return report!;
}

export const formatFinding = (f: Finding): string => `${f.id} at ${f.where}: ${f.message}`;

/** The send pipeline's gate: resolves with the report when there is no error, else throws with every error as a problem (exit code 2). */
export async function assertPreflight(issue: LoadedIssue, options: PreflightOptions = {}, run: typeof runPreflight = runPreflight): Promise<PreflightReport> {
  const report = await run(issue, options);
  if (report.verdict.ok) return report;
  const errors = report.findings.filter((f) => f.severity === 'error');
  const file = issue.sourcePath;
  throw new DispatchError(`${issue.slug}: preflight found ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was sent (dispatch check ${file} shows the full report)`, {
    problems: errors.map(formatFinding),
    exitCode: 2,
  });
}

