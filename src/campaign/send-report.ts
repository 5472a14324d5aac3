/**
 * The campaign report: counts (sent, skipped by reason, failed) on screen,
 * and the same with every skipped row and undelivered recipient in a JSON
 * file beside the campaign record. Written to a temporary name and renamed,
 * readable by the owner only.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { SkipCounts, SkippedRow, SkipReason } from '../audience/audience.ts';
import { errorCode, fileError, printable } from '../errors/errors.ts';
import type { CampaignStore, TransportName } from '../store/campaign-store.ts';

export type Outcome =
  /** Everyone in the audience has it. */
  | 'complete'
  /** Stopped by an error the user must fix (key, refused batch). */
  | 'stopped'
  /** Some batches stayed in doubt after retries; run again. */
  | 'incomplete'
  /** Ctrl-C. */
  | 'interrupted';

export type StopReason = Readonly<{ status: number | null; name: string; message: string; hint: string }>;

export type CampaignReport = Readonly<{
  campaign: string;
  transport: TransportName;
  issue: Readonly<{ file: string; slug: string; subject: string }>;
  run: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: Outcome;
  scheduledAt: string | null;
  audience: Readonly<{ file: string; rows: number; recipients: number }>;
  counts: Readonly<{
    /** Delivered over the campaign's life (all runs). */
    sent: number;
    sentThisRun: number;
    /** Of this run's recipients, delivered by an earlier run. */
    alreadySent: number;
    skipped: Readonly<SkipCounts>;
    skippedTotal: number;
    /** Refused by the API (retried on the next run). */
    failed: number;
    /** In a batch sent without a confirmed answer (re-sent with the same key on the next run). */
    inDoubt: number;
    /** In this run's audience, not yet attempted (the run stopped early). */
    pending: number;
  }>;
  batches: Readonly<{ confirmed: number; inDoubt: number; failed: number; attempts: number }>;
  rateLimit: number | null;
  stoppedBy: StopReason | null;
  outbox: string | null;
  reportFile: string;
}>;

/** `<db folder>/<campaign>.<transport>.report.json` */
export function reportPath(dbPath: string, campaignId: string, transport: TransportName): string {
  return path.join(path.dirname(dbPath), `${campaignId}.${transport}.report.json`);
}

/** Rows read per query when the report lists skips and undelivered recipients (a million-row campaign never sits in memory). */
const PAGE_ROWS = 5_000;

/** Calls `each` on every row of a keyset-paged query, page by page, from cursor 0. */
function forEachPage<T>(page: (after: number) => readonly T[], cursorOf: (row: T) => number, each: (row: T) => void): void {
  for (let after = 0; ; ) {
    const rows = page(after);
    if (rows.length === 0) return;
    rows.forEach((row) => each(row));
    after = cursorOf(rows[rows.length - 1]!);
  }
}

/**
 * Streams the report to disk: the counts, then every skipped row and undelivered recipient, page by page.
 * A failure leaves no temporary file behind and names the report file (a write error has no path of its own).
 */
export function writeReport(report: CampaignReport, store: CampaignStore, campaignPk: number): void {
  const file = report.reportFile;
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeReportTo(temporary, report, store, campaignPk);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw (errorCode(error)?.startsWith('SQLITE_') ? undefined : fileError(error, file)) ?? error;
  }
}

function writeReportTo(temporary: string, report: CampaignReport, store: CampaignStore, campaignPk: number): void {
  const fd = openSync(temporary, 'w', 0o600);
  try {
    const head = JSON.stringify(report, null, 2);
    writeSync(fd, `${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "skipped": [`);
    let first = true;
    const item = (value: unknown) => {
      writeSync(fd, `${first ? '\n' : ',\n'}    ${JSON.stringify(value)}`);
      first = false;
    };
    forEachPage((after) => store.skipsPage(campaignPk, report.run, after, PAGE_ROWS), (row) => row.line, item);
    writeSync(fd, `${first ? '' : '\n  '}],\n  "undelivered": [`);
    first = true;
    forEachPage(
      (after) => store.undeliveredPage(campaignPk, after, PAGE_ROWS),
      (row) => row.pk,
      (row) => item({ email: row.email, state: row.state === 'queued' ? 'in-doubt' : row.state, error: row.error }),
    );
    writeSync(fd, `${first ? '' : '\n  '}]\n}\n`);
  } finally {
    closeSync(fd);
  }
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString('en')} ${n === 1 ? word : many}`;

export function skippedBreakdown(skipped: Readonly<SkipCounts>): string {
  const parts = (Object.keys(skipped) as SkipReason[]).filter((reason) => (skipped[reason] ?? 0) > 0).map((reason) => `${skipped[reason]} ${reason}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Under `consent: warn`, the admitted rows the consent record knows nothing about: counted, and the first
 * named by line, so the organisation sees who it cannot prove consent for before `consent: require` drops them.
 */
export function unconsentedLines(file: string, summary: Readonly<{ unconsented: number; firstUnconsented: readonly Readonly<{ line: number; email: string; detail: string }>[] }>): string[] {
  if (summary.unconsented === 0) return [];
  const more = summary.unconsented - summary.firstUnconsented.length;
  return [
    `note: ${plural(summary.unconsented, 'recipient')} with no consent record (consent: warn in brand.yaml; import their consent with dispatch subscribers import)`,
    ...summary.firstUnconsented.map((row) => `  ${file}:${row.line}  ${printable(row.email)}  ${row.detail}`),
    ...(more > 0 ? [`  … and ${more} more`] : []),
  ];
}

/** One line per skipped row: `file:4  bob@example.org  duplicate: same address as line 2` (the cell as written, control characters escaped). */
export function skippedLine(file: string, row: SkippedRow): string {
  return printable(`  ${file}:${row.line}  ${row.email || '(empty)'}  ${row.reason}: ${row.detail}`);
}

/** The summary printed at the end of a run. */
export function summaryLines(report: CampaignReport): string[] {
  const c = report.counts;
  const verb = report.transport === 'outbox' ? 'written to the outbox' : report.scheduledAt ? `scheduled for ${report.scheduledAt}` : 'sent';
  const lines = [
    `${report.outcome === 'complete' ? 'Done' : report.outcome === 'interrupted' ? 'Interrupted' : report.outcome === 'stopped' ? 'Stopped' : 'Incomplete'}: ${plural(c.sent, 'email')} ${verb}` +
      `${c.alreadySent > 0 ? ` (${c.sentThisRun} this run, ${c.alreadySent} earlier)` : ''}, ${plural(c.skippedTotal, 'row')} skipped${skippedBreakdown(c.skipped)}, ` +
      `${c.failed + c.inDoubt} failed${c.inDoubt > 0 ? ` (${c.inDoubt} in doubt)` : ''}${c.pending > 0 ? `, ${c.pending} not attempted` : ''}.`,
  ];
  if (report.stoppedBy) {
    const s = report.stoppedBy;
    lines.push(printable(`The API answered ${s.status ?? 'nothing'}${s.name ? ` ${s.name}` : ''}: ${s.message}`));
    lines.push(`What to do: ${s.hint}`);
  }
  if (report.outbox) lines.push(`Messages: ${report.outbox}${path.sep}`);
  lines.push(`Report: ${report.reportFile}`);
  return lines;
}
