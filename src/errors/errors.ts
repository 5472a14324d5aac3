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

/** The lines a command prints for an error: the problems, or the message and its hint. */
export function formatError(error: unknown, verbose = false): string[] {
  if (error instanceof DispatchError) {
    const lines = error.problems.length > 0 ? [...error.problems.map((p) => `error: ${p}`), `error: ${error.message}`] : [`error: ${error.message}${error.hint ? ` (${error.hint})` : ''}`];
    if (verbose && error.stack) lines.push(error.stack);
    return lines;
  }
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`error: ${message} (run again with --verbose for details, and report it if it persists)`];
  if (verbose && error instanceof Error && error.stack) lines.push(error.stack);
  return lines;
}

/** The exit code an error ends a command with. */
export function exitCodeOf(error: unknown): number {
  return error instanceof DispatchError ? error.exitCode : EXIT.usage;
}
