/** The one place commands turn errors into a message and an exit code. */
import { EXIT, exitCodeOf, formatError } from '../errors/errors.ts';

export const isVerbose = (argv: readonly string[] = process.argv): boolean => argv.includes('--verbose');

/** Runs a command's body; prints any error without a stack trace (unless --verbose) and sets the exit code. */
export function runCommand(body: () => Promise<number | void>): void {
  body().then(
    (code) => {
      process.exitCode = code ?? EXIT.ok;
    },
    (error: unknown) => {
      for (const line of formatError(error, isVerbose())) console.error(line);
      process.exitCode = exitCodeOf(error);
    },
  );
}
