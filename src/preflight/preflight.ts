/**
 * Preflight: every issue checked for inbox fidelity, accessibility and
 * compliance before it can be sent. Render and personalise as the send
 * pipeline does, run the external tools once over every message of the run,
 * then the check families, each a small function of the context.
 */
import { DispatchError } from '../errors/errors.ts';
import { ACCESSIBILITY_CHECKS } from './accessibility.ts';
import { AXE_CHECKS, axeVersion, runAxe } from './axe.ts';
import { CLIENT_SUPPORT_CHECKS } from './client-support.ts';
import { COMPLIANCE_CHECKS } from './compliance.ts';
import { CONTENT_CHECKS } from './content.ts';
import { prepareContext, withMessage, type ContextOptions, type SampleMessage } from './preflight-context.ts';
import { LINK_CHECKS } from './links.ts';
import { MARKUP_CHECKS, runVnu, vnuVersion } from './markup.ts';
import { kilobytes, SIZE_CHECKS } from './size.ts';
import { runSpamAssassin, SPAM_CHECKS } from './spam.ts';
import { ensureTool } from './tools.ts';
import type { LoadedIssue } from '../content/issue.ts';
import { allOf, type Check, type CheckRun, type Finding, type NamedCheck, type NotChecked, type PreflightContext, type Severity, type ToolName, type ToolResults, type ToolVersion } from './types.ts';

/** The check families, in the order the report lists them; each a list of named checks. */
export const FAMILIES: Readonly<Record<string, readonly NamedCheck[]>> = {
  size: SIZE_CHECKS,
  'client-support': CLIENT_SUPPORT_CHECKS,
  accessibility: [...ACCESSIBILITY_CHECKS, ...AXE_CHECKS],
  markup: MARKUP_CHECKS,
  spam: SPAM_CHECKS,
  links: LINK_CHECKS,
  compliance: COMPLIANCE_CHECKS,
  content: CONTENT_CHECKS,
};

/** Every family as one function of a context (its checks' findings, in order). */
export const CHECKS: Readonly<Record<string, Check>> = Object.fromEntries(Object.entries(FAMILIES).map(([family, checks]) => [family, allOf(checks)]));

/** Every check, with its family, in report order. */
export const CHECK_LIST: readonly (NamedCheck & { family: string })[] = Object.entries(FAMILIES).flatMap(([family, checks]) => checks.map((check) => ({ ...check, family })));

type ExternalTool = Readonly<{
  tool: ToolName;
  check: string;
  /** The tool's version when it cannot run (what the package says, if installed). */
  version: () => ToolVersion;
  run: (contexts: readonly PreflightContext[]) => Promise<{ results: readonly ToolResults[]; version: ToolVersion }>;
}>;

/** The tools outside Node, each run once over all messages. */
const EXTERNAL: readonly ExternalTool[] = [
  {
    tool: 'chromium',
    check: 'accessibility (axe-core in Chromium)',
    version: () => ({ name: 'axe-core', version: axeVersion() }),
    run: async (cs) => {
      const { reports, version } = await runAxe(cs.map((c) => c.email.html));
      return { results: reports.map((axe) => ({ axe })), version };
    },
  },
  {
    tool: 'java',
    check: 'markup (Nu HTML Checker)',
    version: vnuVersion,
    run: async (cs) => ({ results: (await runVnu(cs.map((c) => c.email.html))).map((vnu) => ({ vnu })), version: vnuVersion() }),
  },
  {
    tool: 'spamassassin',
    check: 'spam (SpamAssassin)',
    version: () => ({ name: 'SpamAssassin' }),
    run: async (cs) => {
      const reports = await runSpamAssassin(cs.map((c) => c.eml));
      return { results: reports.map((spam) => ({ spam })), version: { name: 'SpamAssassin', ...(reports[0]?.version ? { version: reports[0].version } : {}) } };
    },
  },
];

export const ALL_TOOLS: readonly ToolName[] = EXTERNAL.map((e) => e.tool);

/** One external tool's run over a batch of messages: its version and how long it took, or why it did not run. */
export type ToolRun = Readonly<{ tool: ToolName; version: ToolVersion; ms: number; reason?: string }>;

export type PreflightOptions = ContextOptions &
  Readonly<{
    /** External tools to run. Default: all (Chromium, Java for vnu, SpamAssassin); the others are reported as not checked. */
    tools?: readonly ToolName[];
    /** Install a missing tool with scripts/ensure-tools.sh (works as root). Default: true. */
    install?: boolean;
    /** The message to check, as the send pipeline built it for its first recipient. Default: a sample built the same way (prepareContext). */
    message?: SampleMessage;
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
  /** Every check, clean or not: family, tool and version, what it covered, status and time. */
  checks: readonly CheckRun[];
  verdict: Verdict;
}>;

/** Runs the external tools over all contexts at once (in parallel); each tool that is missing or fails is not checked. */
export async function runExternalTools(
  contexts: readonly PreflightContext[],
  options: PreflightOptions = {},
): Promise<{ contexts: PreflightContext[]; notChecked: NotChecked[]; toolRuns: ToolRun[] }> {
  const wanted = new Set(options.tools ?? ALL_TOOLS);
  const notChecked: NotChecked[] = [];
  const toolRuns: ToolRun[] = [];
  const results: (readonly ToolResults[])[] = await Promise.all(
    EXTERNAL.map(async (external) => {
      const started = performance.now();
      const notRun = (reason: string): readonly ToolResults[] => {
        notChecked.push({ check: external.check, tool: external.tool, reason });
        toolRuns.push({ tool: external.tool, version: external.version(), ms: 0, reason });
        return [];
      };
      if (!wanted.has(external.tool)) return notRun('skipped');
      const status = ensureTool(external.tool, options.install ?? true);
      if (!status.available) return notRun(status.reason);
      try {
        const { results: ran, version } = await external.run(contexts);
        toolRuns.push({ tool: external.tool, version, ms: performance.now() - started });
        return ran;
      } catch (error) {
        return notRun(`${external.tool} failed: ${(error as Error).message.split('\n')[0]}`);
      }
    }),
  );
  const byTool = (a: { tool: ToolName }, b: { tool: ToolName }) => ALL_TOOLS.indexOf(a.tool) - ALL_TOOLS.indexOf(b.tool);
  return {
    contexts: contexts.map((ctx, i) => ({ ...ctx, tools: Object.assign({}, ctx.tools, ...results.map((r) => r[i] ?? {})) as ToolResults })),
    notChecked: notChecked.sort(byTool),
    toolRuns: toolRuns.sort(byTool),
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Every check on one context: its findings (errors first) and a line per check, whatever it found. */
export function evaluate(ctx: PreflightContext, notChecked: readonly NotChecked[] = [], toolRuns: readonly ToolRun[] = []): PreflightReport {
  const all: Finding[] = [];
  const checks = CHECK_LIST.map((check): CheckRun => {
    const covered = check.covers(ctx);
    const base = { id: check.id, family: check.family, title: check.title };
    const run = check.tool ? toolRuns.find((r) => r.tool === check.tool) : undefined;
    const tool = run?.version ?? check.version?.();
    if (check.tool) {
      const reason = run?.reason ?? notChecked.find((n) => n.tool === check.tool)?.reason;
      if (reason !== undefined || !run) return { ...base, ...(tool ? { tool } : {}), covered, status: 'not run', reason: reason ?? 'its tool did not run', errors: 0, warnings: 0, ms: 0 };
    }
    const started = performance.now();
    const findings = check.run(ctx);
    const ms = performance.now() - started + (run?.ms ?? 0);
    all.push(...findings);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    const status = errors > 0 ? 'fail' : warnings > 0 ? 'warn' : 'pass';
    return { ...base, ...(tool ? { tool } : {}), covered, status, errors, warnings, ms: Math.round(ms * 10) / 10 };
  });
  const findings = all
    .map((f, order) => ({ f, order }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.order - b.order)
    .map(({ f }) => f);
  return { slug: ctx.issue.slug, findings, notChecked, checks, verdict: verdictOf(ctx, findings, notChecked) };
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
  const { contexts: checked, notChecked, toolRuns } = await runExternalTools(contexts, options);
  return checked.map((ctx) => evaluate(ctx, notChecked, toolRuns));
}

/**
 * Checks one issue: `{ findings, notChecked, checks, verdict }`. With `message`, the
 * checks read that message (the one the send pipeline built); else a sample built
 * by the same code path (prepareContext).
 */
export async function runPreflight(issue: LoadedIssue, options: PreflightOptions = {}): Promise<PreflightReport> {
  const { message } = options;
  const context = message ? await withMessage({ issue, rendered: message.rendered, recipient: message.recipient }, message.email, options) : await prepareContext(issue, options);
  const [report] = await evaluateAll([context], options);
  return report!;
}

export const formatFinding = (f: Finding): string => `${f.id} at ${f.where}: ${f.message}`;

/** Resolves with the report when there is no error, else throws with every error as a problem (exit code 2). */
export async function assertPreflight(issue: LoadedIssue, options: PreflightOptions = {}, run: typeof runPreflight = runPreflight): Promise<PreflightReport> {
  return refuseOnErrors(issue, await run(issue, options));
}

/** The report when it has no error; else the refusal: every error a problem, exit code 2, nothing sent. */
export function refuseOnErrors(issue: LoadedIssue, report: PreflightReport): PreflightReport {
  if (report.verdict.ok) return report;
  const errors = report.findings.filter((f) => f.severity === 'error');
  const file = issue.sourcePath;
  throw new DispatchError(`${issue.slug}: preflight found ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was sent (dispatch check ${file} shows the full report)`, {
    problems: errors.map(formatFinding),
    exitCode: 2,
  });
}

