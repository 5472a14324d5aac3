/**
 * How long to wait for an answer before giving a request up, from the
 * answers this run has seen rather than one fixed figure. A fixed 30 s made
 * one answer that never came cost 30 s, more than a whole small campaign at
 * Resend's pace; a fixed short limit would abandon every request of an API
 * that is slow throughout.
 *
 * The rule: until a few batches have been accepted, the configured limit
 * (DISPATCH_REQUEST_TIMEOUT_MS, 30 s); then `MULTIPLE` times the slowest of
 * the last `WINDOW` accepted answers, at least `FLOOR_MS`, never more than
 * the configured limit. Each time the same batch's request is given up, its
 * next attempt waits twice as long (up to the configured limit), so an API
 * that has become slow throughout is still waited for in the end.
 *
 * Giving a request up is safe for exactly-once: the batch is in doubt, and
 * its next attempt carries the same Idempotency-Key, so Resend replays the
 * stored answer (or answers 409 while the first is still being processed).
 */

/** Accepted answers seen before the limit follows them. */
export const WARMUP_ANSWERS = 3;
/** How many recent accepted answers the limit follows. */
export const WINDOW = 20;
/** The limit is this many times the slowest recent answer. */
export const MULTIPLE = 3;
/** The limit is never shorter than this (unless the configured limit is). */
export const FLOOR_MS = 2_000;

export class RequestTimeout {
  private readonly recent: number[] = [];

  /** `ceilingMs`: the configured limit, the longest any request waits. */
  constructor(readonly ceilingMs: number) {}

  /** An accepted answer came `ms` after its request started. */
  observe(ms: number): void {
    this.recent.push(Math.max(0, ms));
    if (this.recent.length > WINDOW) this.recent.shift();
  }

  /** The limit for a batch's next attempt, after `timedOut` of its attempts were given up. */
  forAttempt(timedOut = 0): number {
    if (this.recent.length < WARMUP_ANSWERS) return this.ceilingMs;
    const base = Math.max(FLOOR_MS, Math.ceil(MULTIPLE * Math.max(...this.recent)));
    return Math.min(this.ceilingMs, base * 2 ** Math.max(0, timedOut));
  }
}
