/** How the check command shows a report: a table and the verdict line, or the same as JSON. */
import type { PreflightReport } from './preflight.ts';

const HEADINGS = ['check', 'severity', 'message', 'where'] as const;
/** Messages wrap here so the table stays readable in a terminal. */
const MESSAGE_WIDTH = 90;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** The findings as an aligned table (messages wrapped), then the not-checked lines and the verdict. */
export function formatReport(report: PreflightReport): string {
  const rows: (readonly string[])[] = report.findings.map((f) => [f.id, f.severity, f.message, f.where]);
  const width = (i: number) => Math.max(HEADINGS[i]!.length, ...rows.map((r) => Math.min(r[i]!.length, MESSAGE_WIDTH)));
  const widths = [0, 1, 2].map(width);
  const out: string[] = [];
  const emit = (cells: readonly string[]) => {
    const message = wrap(cells[2]!, MESSAGE_WIDTH);
    message.forEach((part, i) => {
      const row = i === 0 ? [cells[0]!, cells[1]!, part, cells[3]!] : ['', '', part, ''];
      out.push(row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ').trimEnd());
    });
  };
  emit(HEADINGS);
  out.push(widths.map((w) => '-'.repeat(w)).join('  ') + '  -----');
  for (const row of rows) emit(row);
  if (rows.length === 0) out.push('(no findings)');
  out.push('');
  for (const n of report.notChecked) out.push(`not checked: ${n.check}: ${n.reason}`);
  out.push(report.verdict.line);
  return out.join('\n');
}

export const reportJson = (report: PreflightReport): string => JSON.stringify(report, null, 2);
