/**
 * Streaming CSV for audience and suppression files, with a real parser
 * (csv-parse): UTF-8 BOM, CRLF / LF / CR line ends, quoted commas and line
 * breaks. Rows are read one at a time, so a million-row file never sits in
 * memory. Every row carries the line it starts on, for reports.
 */
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, openSync, readSync, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { DispatchError, fileError, printable } from '../errors/errors.ts';

/** One RFC 4180 cell: quoted when it holds a comma, a quote or a line break, with its quotes doubled. */
export function quoteCsvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Streams a header and its rows as CRLF lines, honouring back-pressure; answers how many rows (not counting the header). */
export async function writeCsvLines(out: Writable, lines: Iterable<string>): Promise<number> {
  let rows = -1;
  for (const line of lines) {
    rows += 1;
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  }
  return rows;
}

/**
 * Writes a CSV of personal data to a new file, 0600, renamed over `file` once complete: an existing file's
 * looser mode must not carry over (opening it in place kept it), and a failure leaves the old one.
 */
export async function writePrivateCsv(file: string, lines: Iterable<string>): Promise<number> {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    const out = createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
    await once(out, 'open');
    const rows = await writeCsvLines(out, lines);
    out.end();
    await once(out, 'finish');
    renameSync(temporary, file);
    return rows;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw fileError(error, file) ?? error;
  }
}

/** A row longer than this is refused: nobody's name is a megabyte, and it bounds memory. */
export const MAX_ROW_BYTES = 1024 * 1024;

/** Header names that mean the address column. */
const EMAIL_COLUMNS = new Set(['email', 'e_mail', 'email_address', 'emailaddress', 'e_mail_address']);

export type CsvRow = Readonly<{
  /** 1-based line the row starts on (a quoted line break makes a row span lines). */
  line: number;
  cells: readonly string[];
}>;

export type CsvTable = Readonly<{
  file: string;
  /** Normalised header names (lower case, `first_name` style), in file order. */
  columns: readonly string[];
  /** Index of the address column in `columns`. */
  emailIndex: number;
  /** False when the file is a bare list of addresses without a header row. */
  hasHeader: boolean;
  rows: AsyncIterable<CsvRow>;
}>;

export type OpenCsvOptions = Readonly<{
  /** What the file is, for messages: "audience" or "suppression". */
  kind: string;
  /** Accept a header-less, one-address-per-line file (suppression lists). Default false. */
  allowBareList?: boolean;
}>;

/** `First Name` → `first_name`: the names merge fields use. */
export function normaliseColumnName(name: string, index: number): string {
  const cleaned = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!cleaned) return `column_${index + 1}`;
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

const LINE_BREAK = /\r\n|\r|\n/g;
const countLineBreaks = (cell: string): number => {
  if (cell.length === 0 || (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0)) return 0;
  return cell.match(LINE_BREAK)?.length ?? 0;
};

function readHead(file: string, kind: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code})`;
    throw new DispatchError(`${file}: ${reason}`, { hint: `check the ${kind} file path` });
  }
  try {
    const head = Buffer.alloc(64 * 1024);
    const size = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Picks the delimiter from the first line: comma unless semicolons or tabs
 * clearly dominate (spreadsheets in many locales export with semicolons).
 */
export function sniffDelimiter(head: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

function csvProblem(file: string, line: number, error: CsvError | Error): DispatchError {
  const code = (error as CsvError).code;
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new DispatchError(`${file}:${line}: a row is longer than ${MAX_ROW_BYTES / 1024 / 1024} MB`, {
      hint: 'check that the file is a CSV with one subscriber per line',
    });
  }
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new DispatchError(`${file}:${line}: a quoted value is never closed`, { hint: 'add the missing " or remove the stray one' });
  }
  const first = error.message.split('\n')[0]!.replace(/^Invalid [^:]*: /, '');
  return new DispatchError(`${file}:${line}: the CSV cannot be read (${first})`, { hint: 'save it as CSV (comma-separated, UTF-8) and try again' });
}

/**
 * Opens a CSV file: reads the header, then streams the rows. Empty lines are
 * skipped. Throws a DispatchError naming the file and line for anything that
 * makes the whole file unusable (missing, no header, no address column,
 * unreadable quoting, bytes that are not UTF-8).
 */
export async function openCsv(file: string, options: OpenCsvOptions): Promise<CsvTable> {
  const head = readHead(file, options.kind);
  const headText = head.toString('utf8').replace(/^\uFEFF/, '');
  if (headText.trim() === '') {
    throw new DispatchError(`${file}: the ${options.kind} file is empty`, { hint: 'the first row must name the columns, e.g. email,first_name,last_name' });
  }
  const delimiter = sniffDelimiter(headText);
  const parser = parse({
    bom: true,
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_ROW_BYTES,
  });
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);

  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let nextLine = 1;
  const read = async (): Promise<CsvRow | null> => {
    for (;;) {
      let result: IteratorResult<string[]>;
      try {
        result = await iterator.next();
      } catch (error) {
        stream.destroy();
        throw csvProblem(file, nextLine, error as Error);
      }
      if (result.done) return null;
      const cells = result.value;
      const line = nextLine;
      let breaks = 0;
      for (const cell of cells) {
        breaks += countLineBreaks(cell);
        // U+FFFD is what invalid UTF-8 decodes to: a Latin-1 export would garble names.
        if (cell.includes('\uFFFD')) {
          stream.destroy();
          throw new DispatchError(`${file}:${line}: the file is not valid UTF-8`, { hint: 'save it as "CSV UTF-8" in your spreadsheet program' });
        }
      }
      nextLine += 1 + breaks;
      if (cells.every((cell) => cell.trim() === '')) continue;
      return { line, cells };
    }
  };

  const first = await read();
  if (!first) {
    throw new DispatchError(`${file}: the ${options.kind} file has no rows`, { hint: 'the first row must name the columns, e.g. email,first_name,last_name' });
  }
  const columns = first.cells.map(normaliseColumnName);
  let emailIndex = columns.findIndex((name) => EMAIL_COLUMNS.has(name));
  let hasHeader = true;
  let pending: CsvRow | null = null;
  if (emailIndex < 0) {
    const looksLikeAddress = first.cells.length >= 1 && /^[^\s@]+@[^\s@]+$/.test(first.cells[0]!.trim());
    if (options.allowBareList && looksLikeAddress) {
      emailIndex = 0;
      hasHeader = false;
      pending = first;
    } else if (looksLikeAddress) {
      throw new DispatchError(`${file}:${first.line}: the ${options.kind} file has no header row`, {
        hint: 'add a first row naming the columns, e.g. email,first_name,last_name',
      });
    } else {
      const named = first.cells.length === 1 && /[;,\t]/.test(first.cells[0]!) ? ' (is it separated by something other than commas?)' : '';
      throw new DispatchError(`${file}:${first.line}: the ${options.kind} file has no "email" column${named}`, {
        hint: `name the address column "email" in the header row (found: ${printable(first.cells.map((c) => c.trim()).join(', ').slice(0, 120))})`,
      });
    }
  }

  async function* rows(): AsyncGenerator<CsvRow> {
    try {
      if (pending) yield pending;
      for (let row = await read(); row; row = await read()) yield row;
    } finally {
      stream.destroy();
    }
  }
  return { file, columns: hasHeader ? columns : ['email'], emailIndex, hasHeader, rows: rows() };
}
