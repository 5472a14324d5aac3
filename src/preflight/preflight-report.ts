/** How the check command shows a report: the findings, every check that ran, and the verdict line; or the same as JSON. */
import type { PreflightReport } from './preflight.ts';
import type { CheckRun, Coverage, ToolVersion } from './types.ts';

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

/** `axe-core 4.14.1 in Chromium 139.0.7258.154`, `caniemail 2.0.2, data of 2026-05-13`. */
export function formatTool(tool: ToolVersion | undefined): string {
  if (!tool) return '-';
  return `${tool.name} ${tool.version ?? '(version unknown)'}${tool.dataDate ? `, data of ${tool.dataDate}` : ''}${tool.runtime ? ` in ${tool.runtime}` : ''}`;
}

/** What a check covered, in one line: its description, then clients, colour schemes and widths where it has them. */
export function formatCoverage(covered: Coverage): string {
  const parts = [covered.what];
  if (covered.colourSchemes) parts.push(`colour schemes: ${covered.colourSchemes.join(', ')}`);
  if (covered.widths) parts.push(`widths: ${covered.widths.map((w) => `${w} px`).join(', ')}`);
  if (covered.clients) parts.push(`${covered.clients.length} clients: ${covered.clients.join(', ')}`);
  return parts.join('; ');
}

const CHECK_HEADINGS = ['status', 'check', 'time', 'tool', 'covered'] as const;

/** Every check that ran (or did not, and why) as an aligned table. */
export function formatChecks(checks: readonly CheckRun[]): string[] {
  const count = (status: CheckRun['status']) => checks.filter((c) => c.status === status).length;
  const rows = checks.map((c) => [c.status, c.id, c.status === 'not run' ? '-' : `${c.ms.toFixed(1)} ms`, formatTool(c.tool), c.status === 'not run' ? `not run: ${c.reason ?? ''}` : formatCoverage(c.covered)]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(CHECK_HEADINGS[i]!.length, ...rows.map((r) => r[i]!.length)));
  const out = [`checks: ${checks.length} (${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail, ${count('not run')} not run)`];
  for (const row of [[...CHECK_HEADINGS], widths.map((w) => '-'.repeat(w)).concat('-------'), ...rows]) {
    wrap(row[4]!, MESSAGE_WIDTH).forEach((part, i) => {
      const cells = i === 0 ? [...row.slice(0, 4), part] : ['', '', '', '', part];
      out.push(cells.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]!) : cell)).join('  ').trimEnd());
    });
  }
  return out;
}

/** The findings as an aligned table (messages wrapped), then every check, the not-checked lines and the verdict. */
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
  if (report.checks.length > 0) out.push(...formatChecks(report.checks), '');
  for (const n of report.notChecked) out.push(`not checked: ${n.check}: ${n.reason}`);
  out.push(report.verdict.line);
  return out.join('\n');
}

export const reportJson = (report: PreflightReport): string => JSON.stringify(report, null, 2);
