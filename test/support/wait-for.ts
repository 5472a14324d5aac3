/**
 * Waiting in tests for something to happen (a request reaching the
 * stand-in, a row in the record), with a deadline of its own and a message
 * that names what never came, instead of a bare `while` that hangs until the
 * test runner's timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export type WaitOptions = Readonly<{
  /** Fail after this long. Default 60 s: generous, so a busy machine is slow, not wrong. */
  timeoutMs?: number;
  /** Checked every this many ms. Default 5 (a tighter loop would take CPU from the process under test). */
  everyMs?: number;
  /** Stop waiting, and fail, once this settles first (the process the condition depends on ended). */
  unless?: Promise<unknown>;
}>;

/** Resolves as soon as `condition()` holds; throws `timed out … waiting for <what>` or `… ended before <what>`. */
export async function waitFor(condition: () => boolean, what: string, options: WaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void options.unless?.then(
    () => (ended = true),
    () => (ended = true),
  );
  for (;;) {
    if (condition()) return;
    if (ended) throw new Error(`the process ended before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(options.everyMs ?? 5);
  }
}
