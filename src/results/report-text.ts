/** `dispatch report` as terminal tables: the funnel, clicks per block and link, and the click timeline. */
import type { CampaignReport } from './report.ts';

const rate = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)}%`);
const n = (value: number) => value.toLocaleString('en-US');

/** A table with a header row; numbers right-aligned in their column. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string[] {
  const cells = [header, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? n(cell) : cell)))];
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? '').length)));
  return cells.map((row) =>
    row
      .map((cell, i) => (numeric[i] ? String(cell).padStart(widths[i]!) : String(cell).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function formatReportText(report: CampaignReport): string {
  const f = report.funnel;
  const lines: string[] = [
    `campaign ${report.campaign} (${report.kind === 'batch' ? 'batch send' : 'Resend broadcast'})${report.startedAt ? `, started ${report.startedAt}` : ''}${report.locale ? `, ${report.locale}` : ''}`,
    '',
    ...table(
      ['measure', 'emails'],
      [
        ['recipients', n(f.recipients)],
        ['accepted by Resend', n(report.kind === 'batch' ? f.accepted : f.sent)],
        ['delivered', `${n(f.delivered)} (${rate(report.rates.delivered)})`],
        ['delayed (then retried)', n(f.delayed)],
        ['hard bounces', `${n(f.hardBounces)} (${rate(report.rates.hardBounce)})`],
        ['soft bounces', n(f.softBounces)],
        ['complaints', `${n(f.complaints)} (${rate(report.rates.complaint)})`],
        ['failed / suppressed by Resend', `${n(f.failed)} / ${n(f.suppressed)}`],
        ['unsubscribes', n(f.unsubscribes)],
        ['clicked (unique)', `${n(f.clicked)} (${rate(report.rates.click)} of delivered)`],
        ['clicks (total)', n(f.clicks)],
        ['opened (unique) *', `${n(f.opened)} (${rate(report.rates.open)} of delivered), ${n(f.opens)} opens`],
      ],
    ),
    `* ${report.opensNote}`,
    '',
    `health guard: ${report.health.state} (${report.health.reason})`,
  ];
  if (report.blocks.length > 0) {
    lines.push('', 'clicks per block:', ...table(['block', 'title', 'clicks', 'unique'], report.blocks.map((b) => [b.block ?? '-', b.title ?? '', b.clicks, b.clickers])).map((l) => `  ${l}`));
  }
  if (report.links.length > 0) {
    lines.push('', 'clicks per link:', ...table(['clicks', 'unique', 'link'], report.links.map((l) => [l.clicks, l.clickers, l.link])).map((l) => `  ${l}`));
  }
  if (report.timeline.length > 0) {
    lines.push(
      '',
      'clicks over time (UTC; hourly for the first two days, then daily):',
      ...table(['from', 'clicks'], report.timeline.map((p) => [p.span === 'hour' ? p.start.slice(0, 16).replace('T', ' ') : `${p.start.slice(0, 10)} (day)`, p.clicks])).map((l) => `  ${l}`),
    );
  }
  if (report.clickers) {
    lines.push('', 'who clicked (results.perRecipient is on):', ...table(['recipient', 'first click', 'link'], report.clickers.map((c) => [c.recipient, c.clickedAt, c.link])).map((l) => `  ${l}`));
  }
  lines.push('', `per-recipient events are kept ${report.retention.days} days (results.retentionDays); the counts above stay after that.`);
  return lines.join('\n');
}
