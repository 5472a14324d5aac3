/**
 * The checks that run after the audience is read and before anything is
 * delivered (and in dry runs). Each check looks at the rendered issue and a
 * sample message and may refuse the send (an `error` finding: exit 2, nothing
 * sent) or warn. The preflight command adds its checks (spam score, links,
 * accessibility) to this list; the send pipeline calls `runPreflight` once.
 */
import { escapeHtml } from '../content/merge-fields.ts';
import { mailbox } from '../content/schema.ts';
import type { Brand } from '../content/schema.ts';
import type { LoadedIssue } from '../content/load.ts';
import { DispatchError } from '../errors/errors.ts';
import type { OutgoingEmail } from '../personalise/personalise.ts';
import type { RenderedIssue } from '../render/render-issue.ts';
import { preflightGate } from '../preflight/send-gate.ts';

export type PreflightContext = Readonly<{
  issue: LoadedIssue;
  rendered: RenderedIssue;
  /** The first recipient's message, personalised (or a placeholder recipient's for test sends). */
  sample: OutgoingEmail;
  transport: 'resend' | 'outbox';
  /** Recipients this run will send to. */
  recipients: number;
  dryRun: boolean;
  /** The command's environment (DISPATCH_PREFLIGHT_TOOLS); default process.env. */
  env?: NodeJS.ProcessEnv;
}>;

export type PreflightFinding = Readonly<{ level: 'error' | 'warning'; message: string; hint?: string }>;

export type PreflightCheck = (context: PreflightContext) => readonly PreflightFinding[] | Promise<readonly PreflightFinding[]>;

/**
 * Canada's anti-spam law (CASL) and Gmail/Yahoo's bulk-sender rules: the
 * brand must name a mailing address and unsubscribe settings, and `from`
 * must be a real address. Checked before the audience is even read.
 */
export function brandProblems(brand: Brand): string[] {
  const problems: string[] = [];
  if (!brand.mailingAddress || brand.mailingAddress.trim().length < 10) {
    problems.push('brand: mailingAddress is missing; Canada\'s anti-spam law requires the organisation\'s postal address in every message');
  }
  const unsubscribe = brand.unsubscribe as Brand['unsubscribe'] | undefined;
  if (!unsubscribe?.url || !/^https:\/\//.test(unsubscribe.url) || !/\{\{token\}\}|%7B%7Btoken%7D%7D/.test(unsubscribe.url)) {
    problems.push('brand: unsubscribe.url must be an https URL containing {{token}} (the one-click unsubscribe page)');
  }
  if (!unsubscribe?.mailto || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(unsubscribe.mailto)) {
    problems.push('brand: unsubscribe.mailto must be the address that takes unsubscribe requests by email');
  }
  if (!brand.from || !mailbox.safeParse(brand.from).success) {
    problems.push('brand: from must be the sender, written "Name <news@example.org>" or news@example.org');
  }
  return problems;
}

/** Refuses (exit 2) when the brand cannot legally send. */
export function assertBrandCanSend(brand: Brand, brandFile = 'content/brand.yaml'): void {
  const problems = brandProblems(brand);
  if (problems.length > 0) {
    throw new DispatchError(`${brandFile}: the brand cannot send email yet; fix it and run again`, { problems: problems.map((p) => `${brandFile}: ${p}`) });
  }
}

/** Every message must show its unsubscribe link in both parts and carry the RFC 8058 headers. */
export const unsubscribeCheck: PreflightCheck = ({ sample }) => {
  const findings: PreflightFinding[] = [];
  const url = /<(https:[^>]+)>/.exec(sample.headers['List-Unsubscribe'] ?? '')?.[1];
  if (!url || !/<mailto:/.test(sample.headers['List-Unsubscribe'] ?? '')) {
    findings.push({ level: 'error', message: 'the List-Unsubscribe header lacks the https or mailto address', hint: 'check brand.unsubscribe in the brand file' });
  }
  if (sample.headers['List-Unsubscribe-Post'] !== 'List-Unsubscribe=One-Click') {
    findings.push({ level: 'error', message: 'the List-Unsubscribe-Post header is missing (RFC 8058 one-click)' });
  }
  if (url && !sample.html.includes(escapeHtml(url)) && !sample.html.includes(url)) {
    findings.push({ level: 'error', message: 'the HTML part does not show the unsubscribe link', hint: 'the template must render {{unsubscribe_url}} in the footer' });
  }
  if (url && !sample.text.includes(url)) {
    findings.push({ level: 'error', message: 'the text part does not show the unsubscribe link', hint: 'the plain-text footer must include {{unsubscribe_url}}' });
  }
  return findings;
};

/** The checks every send runs; other commands' checks are appended to this list. */
export const defaultPreflightChecks: PreflightCheck[] = [unsubscribeCheck, preflightGate];

/** Runs the checks: refuses on any error finding (listing them all), returns the warnings. */
export async function runPreflight(context: PreflightContext, checks: readonly PreflightCheck[] = defaultPreflightChecks): Promise<PreflightFinding[]> {
  const findings: PreflightFinding[] = [];
  for (const check of checks) findings.push(...(await check(context)));
  const errors = findings.filter((f) => f.level === 'error');
  if (errors.length > 0) {
    throw new DispatchError(`preflight: ${errors.length} problem${errors.length === 1 ? '' : 's'} found; nothing was sent`, {
      problems: errors.map((f) => `preflight: ${f.message}${f.hint ? ` (${f.hint})` : ''}`),
    });
  }
  return findings.filter((f) => f.level === 'warning');
}
