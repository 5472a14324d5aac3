/** Rows of the results table, how they print, and the JSON the runner writes. */
import type { Stats } from './harness.ts';

export type RowStatus = 'measured' | 'not measured' | 'failed';

export type Row = Readonly<{
  /** Stable id, e.g. `render.dispatch`; the test checks every one is present. */
  id: string;
  /** Which measurement of the issue (1 to 6) and its name. */
  measurement: string;
  contender: string;
  /** Unit of `median` and `p90`. */
  unit: string;
  median: number | null;
  p90: number | null;
  /** Timed samples behind the median (1 for a single reading). */
  n: number;
  /** How this contender compares with the baseline of its measurement, e.g. `6.1× faster than MJML 5`. */
  ratio: string | null;
  /** The target, in words; null when the row is a baseline or for the record. */
  target: string | null;
  /** Whether the target is met; null when there is no target or nothing was measured. */
  met: boolean | null;
  status: RowStatus;
  /** Why a row is not measured, or what else to know. */
  note?: string;
}>;

export type MeasurementResult = Readonly<{ rows: Row[]; details?: Record<string, unknown> }>;

type RowInput = Omit<Row, 'status' | 'n' | 'ratio' | 'target' | 'met' | 'p90'> &
  Partial<Pick<Row, 'status' | 'n' | 'ratio' | 'target' | 'met' | 'p90'>>;

/** A row with defaults for the optional columns. */
export function row(input: RowInput): Row {
  return { p90: null, n: 1, ratio: null, target: null, met: null, status: 'measured', ...input };
}

/** A row from timing samples, converted from milliseconds to `unit` by `scale`. */
export function timedRow(input: Omit<RowInput, 'median' | 'p90' | 'n'>, s: Stats, scale = 1): Row {
  return row({ ...input, median: s.median * scale, p90: s.p90 * scale, n: s.n });
}

/** A row for something that could not be measured, with the reason. */
export function notMeasured(input: Pick<Row, 'id' | 'measurement' | 'contender' | 'unit'> & { target?: string | null; note: string }): Row {
  return row({ ...input, median: null, p90: null, n: 0, status: 'not measured' });
}

function formatNumber(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 999.5) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const withUnit = (value: number | null, unit: string) => (value === null ? '-' : `${formatNumber(value)} ${unit}`);

const metLabel = (r: Row) => (r.status === 'not measured' ? 'not measured' : r.status === 'failed' ? 'FAILED' : r.met === null ? '' : r.met ? 'yes' : 'NO');

export const TABLE_COLUMNS = ['Measurement', 'Contender', 'Median', 'p90', 'n', 'Ratio', 'Target', 'Met'] as const;

/** The cells of one row as printed. */
export function cells(r: Row): string[] {
  return [r.measurement, r.contender, withUnit(r.median, r.unit), withUnit(r.p90, r.unit), r.n ? String(r.n) : '-', r.ratio ?? '', r.target ?? '', metLabel(r)];
}

/** A plain-text table, columns padded to width. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [TABLE_COLUMNS.slice() as string[], ...rows.map(cells)];
  const widths = TABLE_COLUMNS.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const format = (l: string[]) => l.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [format(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(format)].join('\n');
}

/** The same table in Markdown, for BENCHMARKS.md. */
export function formatMarkdown(rows: readonly Row[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${TABLE_COLUMNS.join(' | ')} |`,
    `|${TABLE_COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(escape).join(' | ')} |`),
  ].join('\n');
}

/** `a / b` as "6.1×". */
export const times = (a: number, b: number) => `${(a / b).toFixed(a / b >= 100 ? 0 : 1)}×`;
