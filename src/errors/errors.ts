/**
 * Errors a user can act on. Each says what went wrong and how to fix it, in one
 * line per problem; the CLI prints them without a stack trace unless --verbose.
 */

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

/** A stack trace: its lines stay lines, what they quote is shown printable. */
const printableLines = (text: string): string => text.split('\n').map(printable).join('\n');

/** The lines a command prints for an error: the problems, or the message and its hint; whatever they quote is shown printable. */
export function formatError(error: unknown, verbose = false): string[] {
  if (error instanceof DispatchError) {
    const lines =
      error.problems.length > 0
        ? [...error.problems.map((p) => `error: ${printable(p)}`), `error: ${printable(error.message)}`]
        : [`error: ${printable(error.message)}${error.hint ? ` (${printable(error.hint)})` : ''}`];
    if (verbose && error.stack) lines.push(printableLines(error.stack));
    return lines;
  }
  const message = printable(error instanceof Error ? error.message : String(error));
  const lines = [`error: ${message} (run again with --verbose for details, and report it if it persists)`];
  if (verbose && error instanceof Error && error.stack) lines.push(printableLines(error.stack));
  return lines;
}

/** The exit code an error ends a command with. */
export function exitCodeOf(error: unknown): number {
  return error instanceof DispatchError ? error.exitCode : EXIT.usage;
}
