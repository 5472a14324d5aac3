/** The one place commands turn errors into a message and an exit code. */
import { ContentError, EXIT, exitCodeOf, formatError } from '../errors/errors.ts';

export const isVerbose = (argv: readonly string[] = process.argv): boolean => argv.includes('--verbose');

export type RunOptions = Readonly<{
  /** Exit code for invalid content. Default: the error's own (2). The render command uses 1. */
  contentExitCode?: number;
}>;

/** Runs a command's body; prints any error without a stack trace (unless --verbose) and sets the exit code. */
export function runCommand(body: () => Promise<number | void>, options: RunOptions = {}): void {
  body().then(
    (code) => {
      process.exitCode = code ?? EXIT.ok;
    },
    (error: unknown) => {
      for (const line of formatError(error, isVerbose())) console.error(line);
      process.exitCode = error instanceof ContentError && options.contentExitCode !== undefined ? options.contentExitCode : exitCodeOf(error);
    },
  );
}
