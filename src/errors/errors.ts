/**
 * Errors a user can act on. Each says what went wrong and how to fix it, in one
 * line per problem; the CLI prints them without a stack trace unless --verbose.
 */
import { redact } from './redact.ts';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export type DispatchErrorOptions = Readonly<{
  /** What to do about it, appended after the message. */
  hint?: string;
  /** One line per problem, for errors that collect several. */
  problems?: readonly string[];
  /** Process exit code when this error ends a command. Default: 2 (usage, configuration or content). */
  exitCode?: number;
  cause?: unknown;
}>;

export class DispatchError extends Error {
  readonly hint?: string;
  readonly problems: readonly string[];
  readonly exitCode: number;

  constructor(message: string, options: DispatchErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'DispatchError';
    this.hint = options.hint;
    this.problems = options.problems ?? [];
    this.exitCode = options.exitCode ?? EXIT.usage;
  }
}

/** Content that failed validation: every problem at once, each `file:line: field: message`. */
export class ContentError extends DispatchError {
  constructor(file: string, problems: readonly string[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} found; fix them and run again`, {
      problems,
    });
    this.name = 'ContentError';
  }
}

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates ("Trojan source"), plus line separators.
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Input quoted in a message (a CSV cell, an argument, a received value), with
 * control characters shown as escapes (`\x1b`, `\r`, `\u202e`): a file or an
 * argument must not recolour, rewrite or ring the operator's terminal, nor
 * split one error into several lines. Idempotent (a backslash stays as it is).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

export type FileProblem = Readonly<{ reason: string; hint: string }>;

const DISK_FULL: FileProblem = { reason: 'the disk is full', hint: 'free some space on that disk' };
const DENIED: FileProblem = { reason: 'permission denied', hint: 'check the permissions of the file and its folder, or choose another path' };

/** What a system (errno) or SQLite error code says about a file, and what to do: these are the user's to fix, not bugs. */
const FILE_PROBLEMS: Readonly<Record<string, FileProblem>> = {
  ENOENT: { reason: 'no such file or folder', hint: 'check the path' },
  ENOTDIR: { reason: 'a part of the path is a file, not a folder', hint: 'check the path' },
  EISDIR: { reason: 'is a folder, not a file', hint: 'choose a file name, or remove that folder' },
  EEXIST: { reason: 'already exists (a file where a folder is needed, or the reverse)', hint: 'choose another path, or remove what is there' },
  ENOTEMPTY: { reason: 'is a folder that is not empty', hint: 'choose another path, or remove that folder' },
  EACCES: DENIED,
  EPERM: DENIED,
  EROFS: { reason: 'the file system is read-only', hint: 'choose a location on a writable disk' },
  ENOSPC: DISK_FULL,
  EDQUOT: { reason: 'the disk quota is used up', hint: 'free some space' },
  EMFILE: { reason: 'too many files are open', hint: 'close other programs or raise the limit (ulimit -n)' },
  EIO: { reason: 'the disk reported an input/output error', hint: 'check the disk' },
  SQLITE_FULL: DISK_FULL,
  SQLITE_CANTOPEN: { reason: 'cannot be opened', hint: 'check the path and the permissions of its folder' },
  SQLITE_NOTADB: { reason: 'is not a Dispatch campaign record (not an SQLite database)', hint: 'check the path given with --db or DISPATCH_DB' },
  SQLITE_CORRUPT: { reason: 'the record is damaged', hint: 'restore it from a backup, or move it aside and start a new one with --db' },
  SQLITE_READONLY: { reason: 'cannot be written (read-only)', hint: 'check its permissions and those of its folder, or choose another path' },
  SQLITE_IOERR: { reason: 'a disk read or write failed', hint: 'check the free space and the disk' },
  SQLITE_PERM: DENIED,
};

/** A system or SQLite error's code (`ENOSPC`, `SQLITE_FULL`), if it has one. */
export const errorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The file problem an error is (SQLITE_IOERR_WRITE counts as SQLITE_IOERR), or undefined for anything else (a bug). */
export function fileProblem(error: unknown): FileProblem | undefined {
  const code = errorCode(error);
  if (!code) return undefined;
  if (code === 'EEXIST' && (error as { syscall?: unknown }).syscall === 'mkdir') return { reason: 'is a file, not a folder', hint: 'choose a folder, or move that file away' };
  return FILE_PROBLEMS[code] ?? (code.startsWith('SQLITE_IOERR') ? FILE_PROBLEMS.SQLITE_IOERR : code.startsWith('SQLITE_FULL') ? DISK_FULL : undefined);
}

/** The path a system error is about: the destination of a rename or copy that found a folder there, else its path. */
function errorPath(error: unknown): string | undefined {
  const { path: from, dest, code } = error as { path?: unknown; dest?: unknown; code?: unknown };
  if (typeof dest === 'string' && (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST')) return dest;
  return typeof from === 'string' ? from : undefined;
}

/**
 * A file or disk problem as a DispatchError: `<file>: <what> (<fix>)`. `file`, when given, names it (SQLite
 * errors carry no path, and a write through a temporary file names that one). Answers undefined when the
 * error is not a file problem.
 */
export function fileError(error: unknown, file?: string, options: Readonly<{ exitCode?: number }> = {}): DispatchError | undefined {
  const problem = fileProblem(error);
  if (!problem) return undefined;
  // SQLite errors carry no path; in Dispatch they come from the campaign record.
  const where = file ?? errorPath(error) ?? (errorCode(error)?.startsWith('SQLITE_') ? 'the campaign record (--db)' : undefined);
  return new DispatchError(`${where ? `${where}: ` : ''}${problem.reason}`, { hint: problem.hint, cause: error, ...(options.exitCode !== undefined ? { exitCode: options.exitCode } : {}) });
}

/** A stack trace: its lines stay lines, what they quote is shown printable. */
const printableLines = (text: string): string => text.split('\n').map(printable).join('\n');

/**
 * The lines a command prints for an error: the problems, or the message and its hint; whatever they quote is shown printable,
 * and every secret redacted (an API's message may quote the key it was sent).
 */
export function formatError(error: unknown, verbose = false): string[] {
  return errorLines(error, verbose).map(redact);
}

function errorLines(error: unknown, verbose: boolean): string[] {
  if (error instanceof DispatchError) {
    const lines =
      error.problems.length > 0
        ? [...error.problems.map((p) => `error: ${printable(p)}`), `error: ${printable(error.message)}`]
        : [`error: ${printable(error.message)}${error.hint ? ` (${printable(error.hint)})` : ''}`];
    if (verbose && error.stack) lines.push(printableLines(error.stack));
    return lines;
  }
  const asFile = fileError(error);
  if (asFile) return formatError(asFile, false).concat(verbose && error instanceof Error && error.stack ? [printableLines(error.stack)] : []);
  // Anything else is a bug: say so.
  const message = printable(error instanceof Error ? error.message : String(error));
  const lines = [`error: ${message} (run again with --verbose for details, and report it if it persists)`];
  if (verbose && error instanceof Error && error.stack) lines.push(printableLines(error.stack));
  return lines;
}

/** The exit code an error ends a command with. */
export function exitCodeOf(error: unknown): number {
  return error instanceof DispatchError ? error.exitCode : EXIT.usage;
}
