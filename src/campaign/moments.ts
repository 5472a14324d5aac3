/**
 * A test seam, not a feature (nothing for users here): the moments of a
 * campaign send, named so that test/guarantees/crash-resume.test.ts can kill
 * a run exactly at one of them instead of after a guessed delay. Inert unless
 * the process environment sets one of these:
 *
 *   DISPATCH_TEST_PAUSE_AT=<moment>:<n>  the n-th time the run reaches <moment>
 *     it writes `dispatch-test-moment <moment> <n>` to stderr, then stops dead
 *     (its one thread blocks: no timer, no answer, no write happens after)
 *     until it is killed.
 *   DISPATCH_TEST_GATE=<named pipe>  before opening the campaign record the run
 *     waits for a line on this pipe; a line `<moment>:<n>` sets the pause as
 *     above (so a suite can start the next run while it still kills this one).
 *   DISPATCH_TEST_IMPORT_ROWS=<n>  the audience import commits every n rows
 *     instead of every 5,000, so a small audience spans several transactions.
 */
import { readFileSync, writeSync } from 'node:fs';

export type Moment =
  /** A row of the audience was read into the record (its transaction may still be open). */
  | 'import-row'
  /** A batch and its key were written; no request yet. */
  | 'batch-planned'
  /** The batch is marked sent (in doubt) and its request is about to go out. */
  | 'attempt-marked'
  /** The API accepted the batch; the record does not say so yet. */
  | 'answered'
  /** The record says the batch was delivered. */
  | 'batch-confirmed'
  /** The report is written; the lock is still held. */
  | 'report-written'
  /** The lock is released; the process is about to exit. */
  | 'lock-released';

let pause = parsePause(process.env.DISPATCH_TEST_PAUSE_AT);
let seen = 0;

function parsePause(spec: string | undefined): { moment: string; n: number } | null {
  const match = /^([a-z-]+):(\d+)$/.exec(spec?.trim() ?? '');
  return match ? { moment: match[1]!, n: Number(match[2]) } : null;
}

/** Marks a moment of the send; stops the process there if the test asked for it. */
export function reached(moment: Moment): void {
  if (pause === null || moment !== pause.moment || ++seen < pause.n) return;
  writeSync(2, `dispatch-test-moment ${moment} ${seen}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** Waits for the test's go (and pause) before the record is opened, when DISPATCH_TEST_GATE names a pipe. */
export function gate(): void {
  const pipe = process.env.DISPATCH_TEST_GATE;
  if (!pipe) return;
  const line = readFileSync(pipe, 'utf8');
  if (line.trim() !== 'go') pause = parsePause(line);
}

/** Rows per import transaction, when the test sets it; undefined keeps the store's default. */
export function importTransactionRows(): number | undefined {
  const rows = Number(process.env.DISPATCH_TEST_IMPORT_ROWS);
  return Number.isInteger(rows) && rows > 0 ? rows : undefined;
}
