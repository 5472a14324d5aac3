/**
 * Spam: SpamAssassin's local tests (Debian's `spamassassin -L -t`, no network
 * rules, no Bayes) on the whole .eml. Fail at 5 points, warn from 2, and fail
 * on the rules that mean a broken message rather than a spammy one. All the
 * messages of a run go through one process as an mbox (rule compilation is
 * most of its ~1 s).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from './tools.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext } from './types.ts';

export const SPAM_FAIL = 5;
export const SPAM_WARN = 2;
/** Text and HTML parts that disagree, image-only mail, missing headers: broken messages, whatever the score. */
export const BLOCKING_RULES = /^(MPART_ALT_DIFF|HTML_IMAGE_ONLY_|MISSING_)/;

export type SpamRule = Readonly<{ name: string; points: number; description: string }>;
export type SpamReport = Readonly<{
  score: number;
  required: number;
  rules: readonly SpamRule[];
  /** Its X-Spam-Checker-Version, e.g. `4.0.1 (2024-03-25)`. */
  version?: string;
}>;

/** Starts each message of the mbox; unique, so the output splits back into messages. */
const SEPARATOR = 'From preflight@dispatch.invalid Thu Jan  1 00:00:00 1970';

/** Numbers each message: spamassassin --mbox sorts messages by date, so output order is not input order. */
const INDEX_HEADER = 'X-Preflight-Index';

/** Messages as an mboxrd file, each numbered; body lines starting with "From " (or ">From ") get one more ">". */
export function toMbox(emls: readonly string[]): string {
  return emls
    .map((eml, i) => `${SEPARATOR}\n${INDEX_HEADER}: ${i}\n${eml.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1').replace(/\n*$/, '\n')}\n`)
    .join('');
}

/** One SpamAssassin test-mode report: the X-Spam-Status score and the "Content analysis details" table. */
export function parseSpamReport(output: string): SpamReport {
  const status = /^X-Spam-Status: .*?score=(-?[\d.]+) required=([\d.]+)/m.exec(output);
  const table = output.split(/^Content analysis details:.*$/m)[1] ?? '';
  const rules: { name: string; points: number; description: string }[] = [];
  for (const line of table.split('\n')) {
    const rule = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/.exec(line);
    if (rule) rules.push({ points: Number(rule[1]), name: rule[2]!, description: rule[3]!.trim() });
    else if (rules.length > 0 && /^\s{10,}\S/.test(line)) rules.at(-1)!.description += ` ${line.trim()}`;
    else if (rules.length > 0 && line.trim() === '') break;
  }
  if (!status) throw new Error(`SpamAssassin gave no X-Spam-Status: ${output.slice(0, 200)}`);
  const version = /^X-Spam-Checker-Version: SpamAssassin (\S+(?: \([\d-]+\))?)/m.exec(output)?.[1];
  return { score: Number(status[1]), required: Number(status[2]), rules, ...(version ? { version } : {}) };
}

/** Scores messages with one spamassassin process; reports in order. Writes nothing to ~/.spamassassin. */
export async function runSpamAssassin(emls: readonly string[]): Promise<SpamReport[]> {
  const home = mkdtempSync(path.join(tmpdir(), 'dispatch-spamassassin-'));
  try {
    const prefs = path.join(home, 'user_prefs');
    writeFileSync(prefs, '');
    const args = ['-L', '-t', '--mbox', '-p', prefs, '--cf=use_bayes 0', '--cf=bayes_auto_learn 0', '--cf=use_auto_whitelist 0'];
    const result = await run('spamassassin', args, { input: toMbox(emls), env: { ...process.env, HOME: home } });
    const reports: SpamReport[] = [];
    for (const chunk of result.stdout.split(`${SEPARATOR}\n`).slice(1)) {
      const index = new RegExp(`^${INDEX_HEADER}: (\\d+)$`, 'm').exec(chunk)?.[1];
      if (index !== undefined) reports[Number(index)] = parseSpamReport(chunk);
    }
    const missing = emls.findIndex((_, i) => !reports[i]);
    if (missing >= 0) throw new Error(`SpamAssassin returned no report for message ${missing + 1} of ${emls.length}: ${result.stderr.trim().slice(0, 300)}`);
    return reports;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export const formatRules = (report: SpamReport): string =>
  report.rules.length ? report.rules.map((r) => `${r.name} ${r.points.toFixed(1)}`).join(', ') : 'no rules fired';

function spamFindings(ctx: PreflightContext): Finding[] {
  const report = ctx.tools.spam;
  if (!report) return [];
  const findings: Finding[] = [];
  const summary = `SpamAssassin ${report.score.toFixed(1)} points (fail at ${SPAM_FAIL}, warn from ${SPAM_WARN}): ${formatRules(report)}`;
  if (report.score >= SPAM_FAIL) findings.push(finding('spam.score', 'error', summary, 'message'));
  else if (report.score >= SPAM_WARN) findings.push(finding('spam.score', 'warning', summary, 'message'));
  else findings.push(finding('spam.score', 'info', summary, 'message'));
  for (const rule of report.rules.filter((r) => BLOCKING_RULES.test(r.name))) {
    findings.push(finding('spam.rule', 'error', `SpamAssassin rule ${rule.name} fired: ${rule.description}`, 'message'));
  }
  return findings;
}

export const SPAM_CHECKS: readonly NamedCheck[] = [
  {
    id: 'spam.spamassassin',
    title: `SpamAssassin score (fail at ${SPAM_FAIL}, warn from ${SPAM_WARN}) and the rules that mean a broken message`,
    tool: 'spamassassin',
    covers: () => ({ what: 'the whole .eml, headers included; local tests only (no network rules, no Bayes)' }),
    run: spamFindings,
  },
];

export const spamChecks: Check = allOf(SPAM_CHECKS);
