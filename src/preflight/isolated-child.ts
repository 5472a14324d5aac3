/** The child side of `runPreflightIsolated`: one request in, one report (or error) out, then exit. */
import { DispatchError } from '../errors/errors.ts';
import type { IsolatedAnswer, IsolatedRequest } from './isolated.ts';
import { runPreflight } from './preflight.ts';

process.once('message', (message) => {
  const { issue, options } = message as IsolatedRequest;
  runPreflight(issue, options).then(
    (report) => reply({ ok: true, report }),
    (error: unknown) =>
      reply(
        error instanceof DispatchError
          ? { ok: false, known: true, message: error.message, ...(error.hint ? { hint: error.hint } : {}), problems: error.problems, exitCode: error.exitCode }
          : { ok: false, known: false, message: error instanceof Error ? error.message : String(error) },
      ),
  );
});

/** Exits once the answer is out: a tool's leftover handle must not keep the send waiting. */
function reply(answer: IsolatedAnswer): void {
  process.send!(answer, () => process.exit(0));
}
